/// The file access the loader and the runtime need. Injected so tests run on an in-memory
/// tree (`InMemoryFileSystem`) and the real one (`LocalFileSystem`) is the only code that
/// touches the host's files.
public protocol FileSystem: Sendable {
    /// The process's current directory, absolute.
    var currentDirectory: String { get }
    /// The user's home directory, for `~` in bind mounts and `~/.docker`.
    var homeDirectory: String { get }
    /// The whole file. Throws `FileSystemError` ("open PATH: no such file or directory").
    func readFile(_ path: String) throws -> [UInt8]
    /// True when something (file, directory, or the target of a symlink) is at `path`.
    func fileExists(_ path: String) -> Bool
    /// True when `path` is a directory, or a symlink to one.
    func isDirectory(_ path: String) -> Bool
    /// True when `path` is a file this process may execute.
    func isExecutableFile(_ path: String) -> Bool
    /// The names in directory `path`, without `.` and `..`, in no particular order.
    func listDirectory(_ path: String) throws -> [String]
    /// What `stat` (`followSymlinks`) or `lstat` says about `path`.
    func metadata(_ path: String, followSymlinks: Bool) throws -> FileMetadata
}

extension FileSystem {
    /// The file if it can be read, else nil (a missing file and an unreadable one alike).
    public func contentsIfReadable(_ path: String) -> [UInt8]? {
        try? readFile(path)
    }
}

/// What a file is: its type, mode, owner, size, modification time and, for a symlink, its target.
public struct FileMetadata: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case regular
        case directory
        case symlink
        /// A socket, fifo or device.
        case other
    }

    public var kind: Kind
    /// Permission bits plus setuid, setgid and sticky (`st_mode & 0o7777`).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// Bytes (for a symlink, the length of its target).
    public var size: Int64
    /// Modification time, whole Unix seconds.
    public var modified: Int64
    /// Where a symlink points, as written in the link; nil for anything else (and for a link
    /// that could not be read).
    public var symlinkTarget: String?

    public init(
        kind: Kind, mode: UInt32, uid: Int = 0, gid: Int = 0, size: Int64 = 0, modified: Int64 = 0, symlinkTarget: String? = nil
    ) {
        self.kind = kind
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.modified = modified
        self.symlinkTarget = symlinkTarget
    }
}

/// A file-system error with the operation, the path and what went wrong, in the words Compose
/// (Go's `os` package) uses: `open /x/compose.yaml: no such file or directory`.
public struct FileSystemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Go's name for the call that failed: `open`, `lstat`, `stat`.
    public var operation: String
    public var path: String
    public var reason: String

    public init(operation: String = "open", path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(operation) \(path): \(reason)" }

    /// The reasons as Go's `syscall.Errno` strings spell them.
    public static let notFound = "no such file or directory"
    public static let isADirectory = "is a directory"
    public static let notADirectory = "not a directory"
    public static let permissionDenied = "permission denied"
}
