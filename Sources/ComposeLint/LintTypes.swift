import ComposeModel
import YAMLSyntax

/// How much a finding matters, lowest first. `--fail-on` compares against it.
public enum LintSeverity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// One problem, located where the user must edit.
public struct LintFinding: Sendable, Hashable, Codable {
    public var rule: String
    public var severity: LintSeverity
    public var message: String
    public var file: String
    public var line: Int
    public var column: Int
    /// The service the finding is about, for per-service exclusions.
    public var service: String?

    public init(rule: String, severity: LintSeverity, message: String, at mark: Mark, service: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.file = mark.file
        self.line = mark.line
        self.column = mark.column
        self.service = service
    }

    public var mark: Mark { Mark(file: file, line: line, column: column) }
}

/// What lint reads besides the project: Dockerfiles, `.dockerignore`, the compose sources
/// (for suppression comments and fixes), and file modes (for secrets files).
public protocol LintFiles: Sendable {
    /// The bytes of a file, or `nil` when it cannot be read.
    func read(_ path: String) -> [UInt8]?
    /// The permission bits of a file, or `nil` when it does not exist.
    func permissions(_ path: String) -> Int?
}

/// Files held in memory, for tests.
public struct InMemoryLintFiles: LintFiles {
    public var files: [String: String]
    public var modes: [String: Int]

    public init(_ files: [String: String], modes: [String: Int] = [:]) {
        self.files = files
        self.modes = modes
    }

    public func read(_ path: String) -> [UInt8]? { files[path].map { Array($0.utf8) } }

    public func permissions(_ path: String) -> Int? {
        modes[path] ?? (files[path] != nil ? 0o644 : nil)
    }
}

/// Everything one lint run looks at: the loaded project and where it came from.
public struct LintInput: Sendable {
    public var project: Project
    /// The merged compose tree; every node keeps the file, line and column it came from.
    public var root: Node
    public var workingDirectory: String
    /// The compose files in merge order.
    public var configFiles: [String]
    public var files: any LintFiles
    /// Image users from the engine (`--engine`), by image reference; `""` means root.
    public var imageUsers: [String: String]

    public init(project: Project, root: Node, workingDirectory: String, configFiles: [String], files: any LintFiles, imageUsers: [String: String] = [:]) {
        self.project = project
        self.root = root
        self.workingDirectory = workingDirectory
        self.configFiles = configFiles
        self.files = files
        self.imageUsers = imageUsers
    }
}
