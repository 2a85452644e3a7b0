/// Where a diagnostic points: `file:line:column`, 1-based.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in a compose file. Loading collects every diagnostic rather than
/// stopping at the first.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning
    }

    public var severity: Severity
    public var message: String
    /// Dotted path of the node at fault: `services.web.ports[1]`. Empty for the whole file.
    public var path: String
    public var location: SourceLocation?

    public init(_ severity: Severity, _ message: String, path: String = "", at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.path = path
        self.location = location
    }

    public static func error(_ message: String, path: String = "", at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.error, message, path: path, at: location)
    }

    public static func warning(_ message: String, path: String = "", at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.warning, message, path: path, at: location)
    }

    /// `file:line:col: error: message (path)`
    public var description: String {
        var s = ""
        if let location { s += "\(location): " }
        s += "\(severity.rawValue): \(message)"
        if !path.isEmpty { s += " (\(path))" }
        return s
    }
}

/// Thrown when loading found errors. Carries every diagnostic (warnings included), sorted.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
