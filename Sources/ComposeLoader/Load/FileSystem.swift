import Foundation

/// The file access the loader needs. Injected so tests run on an in-memory tree.
public protocol FileSystem: Sendable {
    /// The process's current directory, absolute.
    var currentDirectory: String { get }
    /// The user's home directory, for `~` in bind mounts.
    var homeDirectory: String { get }
    func readFile(_ path: String) throws -> [UInt8]
    func fileExists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
}

/// A file-system error with the path and what went wrong, in the words Compose uses.
public struct FileSystemError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "open \(path): \(reason)" }
}

/// The real file system.
public struct LocalFileSystem: FileSystem {
    public init() {}

    public var currentDirectory: String { FileManager.default.currentDirectoryPath }

    public var homeDirectory: String {
        ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    }

    public func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if isDirectory(path) { throw FileSystemError(path: path, reason: "is a directory") }
            if !fileExists(path) { throw FileSystemError(path: path, reason: "no such file or directory") }
            throw FileSystemError(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw FileSystemError(path: path, reason: isDirectory(path) ? "is a directory" : "\(error)")
        }
    }

    public func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// An in-memory tree for tests: files by absolute path; directories are implied by files.
public struct InMemoryFileSystem: FileSystem {
    public var files: [String: [UInt8]]
    public var currentDirectory: String
    public var homeDirectory: String

    public init(files: [String: String], currentDirectory: String = "/work", homeDirectory: String = "/home/user") {
        self.files = files.mapValues { Array($0.utf8) }
        self.currentDirectory = currentDirectory
        self.homeDirectory = homeDirectory
    }

    public func readFile(_ path: String) throws -> [UInt8] {
        if let data = files[path] { return data }
        if isDirectory(path) { throw FileSystemError(path: path, reason: "is a directory") }
        throw FileSystemError(path: path, reason: "no such file or directory")
    }

    public func fileExists(_ path: String) -> Bool {
        files[path] != nil || isDirectory(path)
    }

    public func isDirectory(_ path: String) -> Bool {
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return path == "/" || files.keys.contains { $0.hasPrefix(prefix) }
    }
}
