import BerthBasics
import FileWatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A build context directory as Docker sends it to `POST /build`: every file not excluded by
/// `.dockerignore` (the Dockerfile and `.dockerignore` always included), walked in sorted
/// order, as a tar stream (symlinks kept as links, modes and mtimes kept, uid/gid 0), produced
/// in chunks so the context is never held in memory.
public struct BuildContext: Sendable {
    /// One member of the context.
    public struct Entry: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case file(size: Int64)
            case directory
            case symlink(target: String)
        }

        /// Relative to the context, `/`-separated, without a trailing `/`.
        public var path: String
        public var kind: Kind
        /// Permission bits plus setuid, setgid and sticky.
        public var mode: UInt32
        /// Modification time, Unix seconds.
        public var modified: Int64
        /// Where to read a file's bytes when not at `path` under the context (a watch sync
        /// names members by their container path; `cp` renames).
        public var source: String?
        /// The uid and gid written for this member, in place of the stream's owner (`cp -a`
        /// keeps the host's).
        public var uid: Int?
        public var gid: Int?

        public init(path: String, kind: Kind, mode: UInt32, modified: Int64, source: String? = nil, uid: Int? = nil, gid: Int? = nil) {
            self.path = path
            self.kind = kind
            self.mode = mode
            self.modified = modified
            self.source = source
            self.uid = uid
            self.gid = gid
        }
    }

    /// The context directory (absolute).
    public let directory: String
    /// The Dockerfile's path inside the tar, as `POST /build?dockerfile=` must name it.
    public let dockerfile: String
    /// The patterns applied (the Dockerfile and `.dockerignore` exceptions included).
    public let ignore: DockerIgnore
    /// Generated members: path → contents (an inline or out-of-context Dockerfile, and the
    /// `.dockerignore` amended to hide it from `COPY .`). Written in place of a file of the same
    /// path, or after the walked files.
    public let generated: [String: [UInt8]]

    /// Prepares the context of `directory`.
    ///
    /// - Parameters:
    ///   - dockerfile: the Dockerfile, relative to the context (default `Dockerfile`) or
    ///     absolute; one outside the context is sent as a generated member.
    ///   - dockerfileInline: the Dockerfile's text (`dockerfile_inline`), sent as a generated member.
    ///   - fileSystem: where the directory, the Dockerfile and the ignore files are looked up
    ///     (the walk and the tar stream read the host's files).
    public init(
        directory: String, dockerfile: String? = nil, dockerfileInline: String? = nil, fileSystem: any FileSystem = LocalFileSystem()
    ) throws(BuildContextError) {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        guard fileSystem.isDirectory(root) else {
            throw .notADirectory(root)
        }
        self.directory = root
        var generated: [String: [UInt8]] = [:]
        var dockerfileInTar: String
        var dockerfileOnDisk: String?
        if let dockerfileInline {
            let contents = Array(dockerfileInline.utf8)
            dockerfileInTar = ".dockerfile.inline-" + Self.hexHash(contents)
            generated[dockerfileInTar] = contents
        } else {
            let given = dockerfile ?? "Dockerfile"
            let absolute = given.hasPrefix("/") ? URL(fileURLWithPath: given).standardizedFileURL.path : root + "/" + given
            dockerfileOnDisk = absolute
            if absolute.hasPrefix(root + "/") {
                dockerfileInTar = POSIXPath.clean(String(absolute.dropFirst(root.count + 1)))
            } else {
                // Outside the context: read it and send it under a generated name, as `docker build -f` does.
                guard let data = fileSystem.contentsIfReadable(absolute) else { throw .dockerfileNotFound(absolute) }
                dockerfileInTar = ".dockerfile.external-" + Self.hexHash(Array(data))
                generated[dockerfileInTar] = Array(data)
            }
            guard fileSystem.fileExists(absolute), !fileSystem.isDirectory(absolute) else {
                throw .dockerfileNotFound(absolute)
            }
        }
        self.dockerfile = dockerfileInTar

        // BuildKit reads `<Dockerfile>.dockerignore` beside the Dockerfile before `.dockerignore`.
        var ignoreText: String?
        if let onDisk = dockerfileOnDisk, let data = fileSystem.contentsIfReadable(onDisk + ".dockerignore") {
            ignoreText = String(decoding: data, as: UTF8.self)
        }
        let rootIgnore = fileSystem.contentsIfReadable(root + "/.dockerignore").map { String(decoding: $0, as: UTF8.self) }
        if ignoreText == nil { ignoreText = rootIgnore }
        let ignore: DockerIgnore
        do {
            ignore = try DockerIgnore(contents: ignoreText ?? "")
        } catch {
            throw .badIgnoreFile(error)
        }
        self.ignore = ignore.keepingBuildFiles(dockerfile: dockerfileInTar)
        if !generated.isEmpty {
            // The engine's classic builder deletes from the context what `.dockerignore` lists
            // among the Dockerfile and itself; list the generated Dockerfile there.
            var amended = Array((rootIgnore ?? "").utf8)
            amended += Array("\n\(dockerfileInTar)\n".utf8)
            generated[".dockerignore"] = amended
        }
        self.generated = generated
    }

    /// The members to send, in tar order (walked files sorted by name, then generated ones).
    public func entries() throws(BuildContextError) -> [Entry] {
        var out: [Entry] = []
        out.reserveCapacity(1024)
        let walker = Walker(root: directory, ignore: ignore, matchAll: ignore.patterns.isEmpty)
        try walker.walk(relative: [], parent: nil, into: &out)
        let now = Int64(Date().timeIntervalSince1970)
        for (index, entry) in out.enumerated() {
            if let contents = generated[entry.path] {
                out[index].kind = .file(size: Int64(contents.count))
            }
        }
        let walked = Set(out.map(\.path))
        for path in generated.keys.sorted() where !walked.contains(path) {
            out.append(Entry(path: path, kind: .file(size: Int64(generated[path]?.count ?? 0)), mode: 0o600, modified: now))
        }
        return out
    }

    /// Writes the tar stream to `sink` in chunks of `chunkSize` bytes (the last one shorter).
    /// Files are read as they are written: memory use is one chunk whatever the context size.
    /// Runs on the caller's actor (`isolation`), so `sink` may touch the caller's state.
    public func write(
        chunkSize: Int = 64 * 1024, isolation: isolated (any Actor)? = #isolation, to sink: ([UInt8]) async throws -> Void
    ) async throws {
        try await write(entries: entries(), chunkSize: chunkSize, isolation: isolation, to: sink)
    }

    /// Writes the tar stream of `entries` (from `entries()`) to `sink`.
    public func write(
        entries: [Entry], chunkSize: Int = 64 * 1024, isolation: isolated (any Actor)? = #isolation,
        to sink: ([UInt8]) async throws -> Void
    ) async throws {
        let producer = TarProducer(context: self, entries: entries, chunkSize: chunkSize)
        while let chunk = try producer.nextChunk() {
            try Task.checkCancellation()
            try await sink(chunk)
        }
    }

    /// The tar stream as an async sequence of chunks, produced as the consumer asks for them
    /// (one chunk in memory at a time). Walks the context when iteration starts.
    public func chunks(chunkSize: Int = 64 * 1024) -> Chunks {
        Chunks(context: self, chunkSize: chunkSize)
    }

    /// The tar stream, chunk by chunk; see `chunks(chunkSize:)`.
    public struct Chunks: AsyncSequence, Sendable {
        public typealias Element = [UInt8]
        let context: BuildContext
        let chunkSize: Int

        public func makeAsyncIterator() -> Iterator {
            Iterator(context: context, chunkSize: chunkSize)
        }

        public struct Iterator: AsyncIteratorProtocol {
            let context: BuildContext
            let chunkSize: Int
            var producer: TarProducer?

            public mutating func next() async throws -> [UInt8]? {
                if producer == nil {
                    producer = TarProducer(context: context, entries: try context.entries(), chunkSize: chunkSize)
                }
                return try producer?.nextChunk()
            }
        }
    }

    /// 16 hex digits of FNV-1a: a stable name for generated members.
    static func hexHash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Why a build context cannot be made.
public enum BuildContextError: Error, Sendable, CustomStringConvertible {
    case notADirectory(String)
    case dockerfileNotFound(String)
    case badIgnoreFile(DockerIgnoreError)
    /// A file or directory could not be read.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .notADirectory(let path): return "build context \(path) is not a directory"
        case .dockerfileNotFound(let path): return "cannot locate the Dockerfile \(path)"
        case .badIgnoreFile(let error): return ".dockerignore: \(error)"
        case .io(let path, let reason): return "build context: \(path): \(reason)"
        }
    }
}

/// Walks the context depth-first in byte order, as Go's `filepath.WalkDir`, applying Docker's
/// skip rules for excluded directories.
private struct Walker {
    let root: String
    let ignore: DockerIgnore
    let matchAll: Bool

    init(root: String, ignore: DockerIgnore, matchAll: Bool) {
        self.root = root
        self.ignore = ignore
        self.matchAll = matchAll
    }

    func walk(relative: [UInt8], parent: DockerIgnore.ParentMatches?, into out: inout [Entry]) throws(BuildContextError) {
        let dirPath = relative.isEmpty ? root : root + "/" + String(decoding: relative, as: UTF8.self)
        let fd = open(dirPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: dirPath, reason: Self.errorText()) }
        guard let dir = fdopendir(fd) else {
            close(fd)
            throw .io(path: dirPath, reason: Self.errorText())
        }
        defer { closedir(dir) }
        var names: [[UInt8]] = []
        while let item = readdir(dir) {
            let name: [UInt8] = withUnsafePointer(to: &item.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 256) { bytes in
                    Array(UnsafeBufferPointer(start: bytes, count: strlen(UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name == [46] || name == [46, 46] { continue }
            names.append(name)
        }
        names.sort { $0.lexicographicallyPrecedes($1) }
        for name in names {
            var info = stat()
            let statResult = fstatat(dirfd(dir), String(decoding: name, as: UTF8.self), &info, AT_SYMLINK_NOFOLLOW)
            let relPath = relative.isEmpty ? name : relative + [47] + name
            let pathString = String(decoding: relPath, as: UTF8.self)
            guard statResult == 0 else { throw .io(path: root + "/" + pathString, reason: Self.errorText()) }
            let type = info.st_mode & S_IFMT
            let isDirectory = type == S_IFDIR
            var childParent: DockerIgnore.ParentMatches?
            if !matchAll {
                let (excluded, matches) = ignore.matches(pathString, parent: parent)
                childParent = matches
                if excluded {
                    guard isDirectory, ignore.hasExclusions, ignore.mayReinclude(underDirectory: pathString) else { continue }
                    // Excluded, but an exception names something inside: descend without the directory itself.
                    try walk(relative: relPath, parent: childParent, into: &out)
                    continue
                }
            }
            let mode = UInt32(info.st_mode) & 0o7777
            let modified = Int64(info.st_mtim.tv_sec)
            switch type {
            case S_IFDIR:
                out.append(Entry(path: pathString, kind: .directory, mode: mode, modified: modified))
                try walk(relative: relPath, parent: childParent, into: &out)
            case S_IFREG:
                out.append(Entry(path: pathString, kind: .file(size: Int64(info.st_size)), mode: mode, modified: modified))
            case S_IFLNK:
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let full = root + "/" + pathString
                let length = readlink(full, &buffer, buffer.count - 1)
                guard length >= 0 else { throw .io(path: full, reason: Self.errorText()) }
                let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                out.append(Entry(path: pathString, kind: .symlink(target: target), mode: mode, modified: modified))
            default:
                // Sockets, fifos and devices are not sent.
                continue
            }
        }
    }

    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

private typealias Entry = BuildContext.Entry

/// Builds ustar blocks into a fixed chunk and hands full chunks to a sink.
struct TarStreamWriter {
    private var buffer: [UInt8]
    private var used = 0
    let chunkSize: Int

    init(chunkSize: Int) {
        self.chunkSize = chunkSize
        // Room for a chunk plus the largest header group (PAX header, its data, the header).
        buffer = [UInt8](repeating: 0, count: chunkSize + 8 * 1024)
    }

    var isFull: Bool { used >= chunkSize }
    var isEmpty: Bool { used == 0 }

    /// The bytes gathered so far; the buffer starts over.
    mutating func take() -> [UInt8] {
        defer { used = 0 }
        return Array(buffer[0..<used])
    }

    private mutating func ensureRoom(_ bytes: Int) {
        if used + bytes > buffer.count { buffer += [UInt8](repeating: 0, count: used + bytes - buffer.count) }
    }

    private mutating func append(_ bytes: [UInt8]) {
        ensureRoom(bytes.count)
        buffer.withUnsafeMutableBufferPointer { out in
            for (i, b) in bytes.enumerated() { out[used + i] = b }
        }
        used += bytes.count
    }

    mutating func appendZeros(_ count: Int) {
        guard count > 0 else { return }
        ensureRoom(count)
        buffer.withUnsafeMutableBufferPointer { out in
            for i in used..<(used + count) { out[i] = 0 }
        }
        used += count
    }

    /// Copies from `data` at `offset` until the chunk is full or the data ends.
    mutating func fill(from data: [UInt8], offset: inout Int) {
        let n = min(max(0, chunkSize - used), data.count - offset)
        guard n > 0 else { return }
        append(Array(data[offset..<offset + n]))
        offset += n
    }

    /// Reads from `fd` until the chunk is full or `remaining` is 0 (zeros once the file ends
    /// early: it shrank since it was listed).
    mutating func fill(from fd: Int32, remaining: inout Int64, path: String) throws(BuildContextError) {
        while remaining > 0 && used < chunkSize {
            let room = Int(min(Int64(chunkSize - used), remaining))
            let offset = used
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                while true {
                    let n = read(fd, base + offset, room)
                    if n < 0 && errno == EINTR { continue }
                    return n
                }
            }
            if got < 0 { throw .io(path: path, reason: String(cString: strerror(errno))) }
            if got == 0 {
                appendZeros(room)
                remaining -= Int64(room)
            } else {
                used += got
                remaining -= Int64(got)
            }
        }
    }

    /// Owner written into every header (0:0 unless set).
    var owner: (uid: Int, gid: Int) = (0, 0)

    mutating func appendHeader(
        name: String, mode: UInt32, size: Int64, modified: Int64, type: UInt8, link: String, owner entryOwner: (uid: Int, gid: Int)? = nil
    ) {
        let owner = entryOwner ?? owner
        let nameBytes = Array(name.utf8)
        let linkBytes = Array(link.utf8)
        var pax: [UInt8] = []
        if nameBytes.count > 100 { pax += Self.paxRecord("path", nameBytes) }
        if linkBytes.count > 100 { pax += Self.paxRecord("linkpath", linkBytes) }
        let sizeFits = size < 0o777_7777_7777
        if !sizeFits { pax += Self.paxRecord("size", Array(String(size).utf8)) }
        if !pax.isEmpty {
            let paxName = Array(("PaxHeaders.0/" + String(name.suffix(80))).utf8.prefix(100))
            append(Self.header(name: paxName, mode: 0o644, size: Int64(pax.count), modified: modified, type: UInt8(ascii: "x"), link: []))
            append(pax)
            appendZeros((512 - pax.count % 512) % 512)
        }
        append(Self.header(
            name: Array(nameBytes.prefix(100)), mode: mode, size: sizeFits ? size : 0, modified: modified, type: type,
            link: Array(linkBytes.prefix(100)), owner: owner))
    }

    mutating func appendEnd() {
        appendZeros(1024)
    }

    private static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [10]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length { length += 1 }
        return Array(String(length).utf8) + body
    }

    private static func header(name: [UInt8], mode: UInt32, size: Int64, modified: Int64, type: UInt8, link: [UInt8], owner: (uid: Int, gid: Int) = (0, 0)) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], _ start: Int) {
            for (i, b) in bytes.enumerated() { block[start + i] = b }
        }
        func octal(_ value: Int64, _ start: Int, _ width: Int) {
            let digits = Array(String(value, radix: 8).utf8)
            put([UInt8](repeating: 48, count: max(0, width - 1 - digits.count)) + digits, start)
        }
        put(name, 0)
        octal(Int64(mode), 100, 8)
        octal(Int64(owner.uid), 108, 8)
        octal(Int64(owner.gid), 116, 8)
        octal(size, 124, 12)
        octal(max(0, modified), 136, 12)
        block[156] = type
        put(link, 157)
        put(Array("ustar\u{0}00".utf8), 257)
        octal(0, 329, 8)
        octal(0, 337, 8)
        for i in 148..<156 { block[i] = 32 }
        var checksum = 0
        for b in block { checksum += Int(b) }
        let digits = Array(String(checksum, radix: 8).utf8)
        put([UInt8](repeating: 48, count: max(0, 6 - digits.count)) + digits, 148)
        block[154] = 0
        block[155] = 32
        return block
    }
}

/// Produces the tar stream of a list of entries one chunk at a time (the state between
/// chunks: the entry reached and the open file).
final class TarProducer {
    private let directory: String
    private let generated: [String: [UInt8]]
    private let entries: [BuildContext.Entry]
    private var index = 0
    private var tar: TarStreamWriter
    private var fd: Int32 = -1
    private var remaining: Int64 = 0
    private var padding = 0
    private var data: [UInt8]?
    private var dataOffset = 0
    private var currentPath = ""
    private var ended = false

    convenience init(context: BuildContext, entries: [BuildContext.Entry], chunkSize: Int) {
        self.init(directory: context.directory, generated: context.generated, entries: entries, chunkSize: chunkSize)
    }

    /// Members are read from `entry.source`, else from `directory/entry.path`, else `generated`.
    init(directory: String, generated: [String: [UInt8]] = [:], entries: [BuildContext.Entry], chunkSize: Int, owner: (uid: Int, gid: Int) = (0, 0)) {
        self.directory = directory
        self.generated = generated
        self.entries = entries
        self.tar = TarStreamWriter(chunkSize: max(chunkSize, 1024))
        self.tar.owner = owner
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The next chunk (a full one except the last), or nil after the end.
    func nextChunk() throws(BuildContextError) -> [UInt8]? {
        while !tar.isFull {
            // Finish the member in progress.
            if fd >= 0 {
                try tar.fill(from: fd, remaining: &remaining, path: currentPath)
                if remaining > 0 { break }
                close(fd)
                fd = -1
                tar.appendZeros(padding)
                continue
            }
            if let bytes = data {
                tar.fill(from: bytes, offset: &dataOffset)
                if dataOffset < bytes.count { break }
                data = nil
                tar.appendZeros(padding)
                continue
            }
            guard index < entries.count else {
                if !ended {
                    tar.appendEnd()
                    ended = true
                }
                break
            }
            let entry = entries[index]
            index += 1
            switch entry.kind {
            case .directory:
                tar.appendHeader(name: entry.path + "/", mode: entry.mode, size: 0, modified: entry.modified, type: UInt8(ascii: "5"), link: "", owner: entry.owner)
            case .symlink(let target):
                tar.appendHeader(name: entry.path, mode: entry.mode, size: 0, modified: entry.modified, type: UInt8(ascii: "2"), link: target, owner: entry.owner)
            case .file(let size):
                tar.appendHeader(name: entry.path, mode: entry.mode, size: size, modified: entry.modified, type: UInt8(ascii: "0"), link: "", owner: entry.owner)
                padding = Int((512 - size % 512) % 512)
                if entry.source == nil, let contents = generated[entry.path] {
                    data = contents
                    dataOffset = 0
                } else if size > 0 {
                    currentPath = entry.source ?? directory + "/" + entry.path
                    let opened = open(currentPath, O_RDONLY | O_CLOEXEC)
                    guard opened >= 0 else { throw .io(path: currentPath, reason: String(cString: strerror(errno))) }
                    fd = opened
                    remaining = size
                } else {
                    tar.appendZeros(padding)
                }
            }
        }
        return tar.isEmpty ? nil : tar.take()
    }
}

extension BuildContext.Entry {
    /// The member's own uid and gid, when both are set.
    var owner: (uid: Int, gid: Int)? {
        guard let uid, let gid else { return nil }
        return (uid, gid)
    }
}
