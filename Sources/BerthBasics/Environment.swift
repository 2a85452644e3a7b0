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
///
/// Read once, from `environ`: Berth never changes its own environment, and Foundation's
/// `ProcessInfo.environment` builds a new dictionary on every call (about 10 000 instructions
/// a variable, and a command asked for it ten times).
public enum ProcessEnvironment {
    /// A snapshot of the process environment.
    public static var current: Environment {
        Environment(values)
    }

    /// The variables as a dictionary; the first of two same-named entries wins, as in `getenv`.
    public static let values: [String: String] = {
        var result: [String: String] = [:]
        let start: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        guard var entry = start else { return result }
        while let pointer = entry.pointee {
            let length = strlen(pointer)
            pointer.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
                let all = UnsafeBufferPointer(start: bytes, count: length)
                // A name without `=` is not a variable; a leading `=` is part of the name on
                // no system Berth runs on, so the first `=` after the start splits.
                guard let equals = all.dropFirst().firstIndex(of: UInt8(ascii: "=")) else { return }
                let name = String(decoding: UnsafeBufferPointer(rebasing: all[..<equals]), as: UTF8.self)
                if result[name] == nil {
                    result[name] = String(decoding: UnsafeBufferPointer(rebasing: all[(equals + 1)...]), as: UTF8.self)
                }
            }
            entry += 1
        }
        return result
    }()
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
