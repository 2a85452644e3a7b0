/// An in-memory tree for tests: files and symlinks by absolute path; directories are implied
/// by what they hold, or listed in `directories` when empty.
public struct InMemoryFileSystem: FileSystem {
    public var files: [String: [UInt8]]
    /// Empty directories (ones holding files need not be listed).
    public var directories: Set<String>
    /// Symlinks: path → target as written in the link.
    public var symlinks: [String: String]
    /// Paths that `isExecutableFile` answers true for.
    public var executables: Set<String>
    public var currentDirectory: String
    public var homeDirectory: String

    public init(
        files: [String: String], directories: Set<String> = [], symlinks: [String: String] = [:], executables: Set<String> = [],
        currentDirectory: String = "/work", homeDirectory: String = "/home/user"
    ) {
        self.files = files.mapValues { Array($0.utf8) }
        self.directories = directories
        self.symlinks = symlinks
        self.executables = executables
        self.currentDirectory = currentDirectory
        self.homeDirectory = homeDirectory
    }

    public func readFile(_ path: String) throws -> [UInt8] {
        let path = resolved(path)
        if let data = files[path] { return data }
        if isDirectory(path) { throw FileSystemError(path: path, reason: FileSystemError.isADirectory) }
        throw FileSystemError(path: path, reason: FileSystemError.notFound)
    }

    public func fileExists(_ path: String) -> Bool {
        let path = resolved(path)
        return files[path] != nil || isDirectory(path)
    }

    public func isDirectory(_ path: String) -> Bool {
        let path = resolved(path)
        let prefix = path.hasSuffix("/") ? path : path + "/"
        return path == "/" || directories.contains(path) || allPaths.contains { $0.hasPrefix(prefix) }
    }

    public func isExecutableFile(_ path: String) -> Bool {
        executables.contains(resolved(path)) && files[resolved(path)] != nil
    }

    public func listDirectory(_ path: String) throws -> [String] {
        let path = resolved(path)
        guard isDirectory(path) else {
            let reason = fileExists(path) ? FileSystemError.notADirectory : FileSystemError.notFound
            throw FileSystemError(path: path, reason: reason)
        }
        let prefix = path == "/" ? "/" : path + "/"
        var names: Set<String> = []
        for candidate in allPaths where candidate.hasPrefix(prefix) && candidate.count > prefix.count {
            if let name = candidate.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(name)) }
        }
        return Array(names)
    }

    public func metadata(_ path: String, followSymlinks: Bool) throws -> FileMetadata {
        if !followSymlinks, let target = symlinks[resolved(path, followLast: false)] {
            return FileMetadata(kind: .symlink, mode: 0o777, size: Int64(target.utf8.count), symlinkTarget: target)
        }
        let path = resolved(path)
        if let data = files[path] {
            return FileMetadata(kind: .regular, mode: executables.contains(path) ? 0o755 : 0o644, size: Int64(data.count))
        }
        if isDirectory(path) { return FileMetadata(kind: .directory, mode: 0o755) }
        throw FileSystemError(operation: followSymlinks ? "stat" : "lstat", path: path, reason: FileSystemError.notFound)
    }

    private var allPaths: some Sequence<String> {
        [files.keys.lazy.map { $0 }, directories.lazy.map { $0 }, symlinks.keys.lazy.map { $0 }].joined()
    }

    /// `path` with every symlink in it followed, as the kernel resolves a path (relative targets
    /// from the link's directory); the last component's only when `followLast`. At most 40
    /// links, as Linux allows; past that the path is left as reached.
    private func resolved(_ path: String, followLast: Bool = true) -> String {
        guard !symlinks.isEmpty else { return path }
        var pending = POSIXPath.clean(path).split(separator: "/").map(String.init)
        var done = ""
        var hops = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            let candidate = done + "/" + part
            guard let target = symlinks[candidate], followLast || !pending.isEmpty, hops < 40 else {
                done = candidate
                continue
            }
            hops += 1
            let base = POSIXPath.isAbsolute(target) ? "" : done
            pending = POSIXPath.clean(base + "/" + target).split(separator: "/").map(String.init) + pending
            done = ""
        }
        return done.isEmpty ? "/" : done
    }
}
