import Foundation

/// A set of environment variables, passed down as a value so code below the CLI never reads
/// the process's own: `ProcessEnvironment.current` in production, a literal in tests
/// (`["DOCKER_HOST": "unix:///x.sock"]`).
public struct Environment: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { $1 })
    }

    public subscript(name: String) -> String? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// The variable's value, or nil when it is unset or empty (how Docker treats most of its
    /// variables: `DOCKER_HOST=` means no host).
    public func nonEmpty(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }
}

/// The environment this process was started with.
public enum ProcessEnvironment {
    /// A snapshot of the process environment.
    public static var current: Environment {
        Environment(ProcessInfo.processInfo.environment)
    }
}

extension Environment {
    /// `KEY=VALUE` lines sorted by key, as the engine takes a container's `Env`; a variable
    /// without a value (`environment: [NAME]` left unresolved) is left out.
    public static func assignments(_ variables: [String: String?]) -> [String] {
        variables.keys.sorted().compactMap { key -> String? in
            guard let value = variables[key], let value else { return nil }
            return "\(key)=\(value)"
        }
    }
}
