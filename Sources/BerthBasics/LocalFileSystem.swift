import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The real file system.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public var currentDirectory: String { FileManager.default.currentDirectoryPath }

    public var homeDirectory: String {
        ProcessEnvironment.values["HOME"] ?? NSHomeDirectory()
    }

    public func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if isDirectory(path) { throw FileSystemError(path: path, reason: FileSystemError.isADirectory) }
            if !fileExists(path) { throw FileSystemError(path: path, reason: FileSystemError.notFound) }
            throw FileSystemError(path: path, reason: FileSystemError.permissionDenied)
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw FileSystemError(path: path, reason: isDirectory(path) ? FileSystemError.isADirectory : "\(error)")
        }
    }

    public func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    public func isExecutableFile(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }

    public func listDirectory(_ path: String) throws -> [String] {
        try directoryEntries(path).map(\.name)
    }

    /// One name in a directory listing, with its type when the directory itself says it
    /// (`d_type`), which saves an `lstat` per entry.
    public struct DirectoryEntry: Sendable, Hashable {
        public var name: String
        /// nil when the file system does not report types (`DT_UNKNOWN`): ask `metadata`.
        public var kind: FileMetadata.Kind?
    }

    /// The entries of directory `path`, without `.` and `..`, in no particular order.
    public func directoryEntries(_ path: String) throws -> [DirectoryEntry] {
        guard let dir = opendir(path) else { throw FileSystemError(path: path, reason: Self.errnoText()) }
        defer { closedir(dir) }
        var entries: [DirectoryEntry] = []
        while let item = readdir(dir) {
            let name = withUnsafePointer(to: &item.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let kind: FileMetadata.Kind?
            switch Int32(item.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symlink
            case Int32(DT_UNKNOWN): kind = nil
            default: kind = .other
            }
            entries.append(DirectoryEntry(name: name, kind: kind))
        }
        return entries
    }

    public func metadata(_ path: String, followSymlinks: Bool) throws -> FileMetadata {
        var info = stat()
        guard (followSymlinks ? stat(path, &info) : lstat(path, &info)) == 0 else {
            throw FileSystemError(operation: followSymlinks ? "stat" : "lstat", path: path, reason: Self.errnoText())
        }
        let kind: FileMetadata.Kind
        var target: String?
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK:
            kind = .symlink
            target = readLink(path, size: Int(info.st_size))
        default: kind = .other
        }
        return FileMetadata(
            kind: kind, mode: UInt32(info.st_mode) & 0o7777, uid: Int(info.st_uid), gid: Int(info.st_gid),
            size: Int64(info.st_size), modified: Int64(info.st_mtim.tv_sec), symlinkTarget: target)
    }

    /// nil when the link went away between the `lstat` and the `readlink`.
    private func readLink(_ path: String, size: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: max(size, Int(PATH_MAX)) + 1)
        let length = readlink(path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `strerror(errno)` as Go spells it (lower-case first letter: "no such file or directory").
    static func errnoText() -> String {
        let text = String(cString: strerror(errno))
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
