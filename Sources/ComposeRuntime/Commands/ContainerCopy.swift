import BerthBasics
import EngineClient
import FileWatch
import Foundation

/// `cp` in both directions through the archive API, streamed: host files go out through the
/// build context's tar writer one chunk at a time; archives from the engine are extracted as
/// they arrive.
public enum ContainerCopy {
    /// Copies the host path `source` to `destination` in the container, as `docker cp` names
    /// the result (into an existing directory, or renamed to a path that does not exist).
    /// The files are owned by root in the container, or keep their host uid/gid with
    /// `keepOwner` (`-a`).
    public static func toContainer(
        client: EngineClient, id: String, container: String, source: String, destination: String, followLink: Bool,
        keepOwner: Bool = false, fileSystem: any FileSystem = LocalFileSystem()
    ) async throws {
        guard let info = try? fileSystem.metadata(source, followSymlinks: followLink) else {
            throw RuntimeError(.other, "cannot copy \(source): no such file or directory on this machine")
        }
        let sourceIsDir = info.kind == .directory
        let contentsOnly = source.hasSuffix("/.")
        let trimmedSource = contentsOnly ? String(source.dropLast(2)) : source
        let sourceBase = URL(fileURLWithPath: trimmedSource).lastPathComponent
        let target = try await client.archiveStat(id, path: destination)
        var extractAt = destination
        var prefix = contentsOnly ? "" : sourceBase
        if let target {
            if !target.isDirectory {
                if sourceIsDir { throw RuntimeError(.other, "cannot copy directory \(source) onto file \(destination) in container \(container)") }
                extractAt = parent(destination)
                prefix = URL(fileURLWithPath: destination).lastPathComponent
            }
        } else {
            if destination.hasSuffix("/") {
                throw RuntimeError(.other, "directory \(destination) does not exist in container \(container)")
            }
            extractAt = parent(destination)
            prefix = URL(fileURLWithPath: destination).lastPathComponent
            guard let up = try await client.archiveStat(id, path: extractAt), up.isDirectory else {
                throw RuntimeError(.other, "directory \(extractAt) does not exist in container \(container)")
            }
        }
        let entries = try walk(trimmedSource, as: prefix, followLink: followLink, keepOwner: keepOwner, fileSystem: fileSystem)
        let context = try BuildContext(archiveOf: parent(trimmedSource))
        try await client.putArchive(id, path: extractAt) { write in
            try await context.write(entries: entries, to: write)
        }
    }

    /// A tar on stdin (`cp - SERVICE:DEST`) passed through to the container unchanged.
    public static func tarToContainer(
        client: EngineClient, id: String, destination: String, chunks: AsyncStream<[UInt8]>
    ) async throws {
        try await client.putArchive(id, path: destination) { write in
            for await chunk in chunks { try await write(chunk) }
        }
    }

    /// The archive of `source` in the container, chunk by chunk (`cp SERVICE:SRC -`).
    public static func tarFromContainer(client: EngineClient, id: String, container: String, source: String, followLink: Bool) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let path = try await resolve(client: client, id: id, container: container, source: source, followLink: followLink)
        return try await client.archiveStream(id, path: path.path)
    }

    /// Extracts `source` of the container to the host path `destination`, streamed into
    /// `tar -x`. `keepOwner` (`-a`) keeps the archive's uid/gid.
    public static func fromContainer(
        client: EngineClient, id: String, container: String, source: String, destination: String, followLink: Bool, keepOwner: Bool,
        fileSystem: any FileSystem = LocalFileSystem()
    ) async throws {
        let resolved = try await resolve(client: client, id: id, container: container, source: source, followLink: followLink)
        var directory = destination
        var rename: String?
        if !fileSystem.isDirectory(destination) {
            directory = parent(destination)
            let base = URL(fileURLWithPath: destination).lastPathComponent
            if base != resolved.base { rename = base }
            guard fileSystem.isDirectory(directory) else {
                throw RuntimeError(.other, "cannot copy to \(destination): directory \(directory) does not exist")
            }
        }
        let chunks = try await client.archiveStream(id, path: resolved.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        var args = ["-x", "-f", "-", "-C", directory, keepOwner ? "--same-owner" : "--no-same-owner"]
        if let rename {
            let escaped = NSRegularExpression.escapedPattern(for: resolved.base)
            args += ["--transform", "s|^\(escaped)|\(rename)|"]
        }
        process.arguments = args
        let pipe = Pipe()
        let errors = Pipe()
        process.standardInput = pipe
        process.standardError = errors
        do { try process.run() } catch { throw RuntimeError(.other, "cannot run tar to extract the copy: \(error)") }
        do {
            for try await chunk in chunks { try pipe.fileHandleForWriting.write(contentsOf: chunk) }
        } catch {
            try? pipe.fileHandleForWriting.close()
            process.waitUntilExit()
            throw error
        }
        try? pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw RuntimeError(.other, "extracting into \(directory) failed: \(text)")
        }
    }

    /// The container path to archive and its name in the archive; a missing path is an error
    /// that names the container. `followLink` (`-L`) archives what a symlink points to.
    static func resolve(client: EngineClient, id: String, container: String, source: String, followLink: Bool) async throws -> (path: String, base: String) {
        guard let stat = try await client.archiveStat(id, path: source) else {
            throw RuntimeError(.other, "cannot copy \(source) from container \(container): no such file or directory")
        }
        var path = source
        if followLink && stat.isSymlink && !stat.linkTarget.isEmpty {
            path = stat.linkTarget.hasPrefix("/") ? stat.linkTarget : parent(source) + "/" + stat.linkTarget
        }
        return (path, URL(fileURLWithPath: path).lastPathComponent)
    }

    static func parent(_ path: String) -> String {
        let p = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return p.isEmpty ? "/" : p
    }

    /// The tar members for a host path, named `prefix/…` (or bare when `prefix` is empty).
    /// `keepOwner` records each file's uid and gid.
    static func walk(
        _ root: String, as prefix: String, followLink: Bool, keepOwner: Bool = false, fileSystem: any FileSystem = LocalFileSystem()
    ) throws -> [BuildContext.Entry] {
        var out: [BuildContext.Entry] = []
        func visit(_ path: String, name: String, top: Bool) throws {
            let info: FileMetadata
            do {
                info = try fileSystem.metadata(path, followSymlinks: top && followLink)
            } catch let error as FileSystemError {
                throw RuntimeError(.other, "cannot read \(path): \(error.reason)")
            }
            let mode = info.mode
            let modified = info.modified
            let uid = keepOwner ? info.uid : nil, gid = keepOwner ? info.gid : nil
            switch info.kind {
            case .directory:
                if !name.isEmpty { out.append(.init(path: name, kind: .directory, mode: mode, modified: modified, uid: uid, gid: gid)) }
                let children = try fileSystem.listDirectory(path).sorted()
                for child in children {
                    try visit(path + "/" + child, name: name.isEmpty ? child : name + "/" + child, top: false)
                }
            case .symlink:
                out.append(.init(path: name, kind: .symlink(target: info.symlinkTarget ?? ""), mode: mode, modified: modified, uid: uid, gid: gid))
            case .regular:
                out.append(.init(path: name, kind: .file(size: info.size), mode: mode, modified: modified, source: path, uid: uid, gid: gid))
            case .other:
                break  // sockets, devices and fifos are not copied
            }
        }
        try visit(root, name: prefix, top: true)
        return out
    }
}

extension BuildContext {
    /// A context that only carries tar members whose bytes are read from their `source`.
    init(archiveOf directory: String) throws {
        self.directory = directory
        self.dockerfile = ""
        self.ignore = try DockerIgnore(contents: "")
        self.generated = [:]
    }
}
