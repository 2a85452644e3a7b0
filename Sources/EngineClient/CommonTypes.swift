import BerthBasics
import Foundation

/// The `{}` Docker uses as the value of set-like maps (`ExposedPorts`, `Volumes`).
public struct EmptyObject: Codable, Sendable, Hashable {
    public init() {}
}

/// List filters, as the engine's `filters` query parameter takes them: a name (`label`,
/// `name`, `status`, `type`, `event`, `container`…) to the values to match.
public struct Filters: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, [String])...) {
        values = [:]
        for (key, list) in elements { values[key, default: []].append(contentsOf: list) }
    }

    /// Adds a filter value.
    public mutating func add(_ name: String, _ value: String) {
        values[name, default: []].append(value)
    }

    /// Adds `label=key=value` (or `label=key` to match the key only).
    public mutating func label(_ key: String, _ value: String? = nil) {
        add("label", value.map { "\(key)=\($0)" } ?? key)
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The JSON form (`{"label":["a=b"]}`), with sorted keys so requests are stable.
    var json: String {
        values.keys.sorted().map { key in
            let list = (values[key] ?? []).map(Self.quote).joined(separator: ",")
            return "\(Self.quote(key)):[\(list)]"
        }.joined(separator: ",").surrounded
    }

    static func quote(_ text: String) -> String {
        JSONString.quoted(text)
    }
}

extension String {
    fileprivate var surrounded: String { "{" + self + "}" }
}

extension EngineEvent {
    /// The action without its detail: `health_status` for `health_status: healthy`,
    /// `exec_start` for `exec_start: sh -c …`.
    public var actionName: String? {
        guard let action else { return nil }
        guard let colon = action.firstIndex(of: ":") else { return action }
        return String(action[..<colon])
    }

    /// `healthy`, `unhealthy` or `starting` for a `health_status` event.
    public var healthStatus: String? {
        guard let action, action.hasPrefix("health_status:") else { return nil }
        return String(action.dropFirst("health_status:".count)).trimmingCharacters(in: .whitespaces)
    }

    /// The exit code of a `die` event.
    public var exitCode: Int? {
        actor?.attributes?["exitCode"].flatMap { Int($0) }
    }

    /// The object's name (a container's name without `/`).
    public var actorName: String? {
        actor?.attributes?["name"]
    }
}

extension ContainerInspect {
    /// The name without its leading `/`.
    public var plainName: String? {
        name.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
    }
}

extension ContainerSummary {
    /// The first name without its leading `/`.
    public var plainName: String? {
        names?.first.map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
    }

    /// The name to show: `plainName`, else the ID.
    public var displayName: String { plainName ?? id ?? "" }
}
