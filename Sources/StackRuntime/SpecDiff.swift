import ComposeModel
import EngineClient
import Foundation

/// Compares a desired service spec with the one the engine returns, field by field.
///
/// Both sides are encoded to JSON and normalised: empty values and the defaults the engine
/// fills in (`Runtime: container`, `Isolation: default`, `EndpointSpec.Mode: vip`, `ForceUpdate`)
/// are dropped, so an unchanged file compares equal and a change names its fields.
public enum SpecDiff {
    /// Dotted Swarm field paths that differ, sorted (`TaskTemplate.ContainerSpec.Env`).
    public static func changedFields(desired: ServiceSpec, observed: ServiceSpec) -> [String] {
        let a = normalise(tree(desired), path: [])
        let b = normalise(tree(observed), path: [])
        var out: [String] = []
        diff(a, b, path: [], into: &out)
        return out.sorted()
    }

    static func tree(_ spec: ServiceSpec) -> JSONValue {
        let encoder = JSONEncoder()
        guard let data = try? encoder.encode(spec), let value = try? JSONDecoder().decode(JSONValue.self, from: data) else { return .null }
        return value
    }

    static let engineDefaults: [String: JSONValue] = [
        "TaskTemplate.Runtime": .string("container"),
        "TaskTemplate.ContainerSpec.Isolation": .string("default"),
        "EndpointSpec.Mode": .string("vip"),
        "UpdateConfig.FailureAction": .string("pause"),
        "RollbackConfig.FailureAction": .string("pause"),
    ]
    static let ignored: Set<String> = ["TaskTemplate.ForceUpdate"]

    static func normalise(_ value: JSONValue, path: [String]) -> JSONValue? {
        let dotted = path.joined(separator: ".")
        if ignored.contains(dotted) { return nil }
        if let fallback = engineDefaults[dotted], fallback == value { return nil }
        switch value {
        case .null: return nil
        case .bool(let b): return b ? value : nil
        case .int(let i): return i == 0 ? nil : value
        case .double(let d): return d == 0 ? nil : value
        case .string(let s): return s.isEmpty ? nil : value
        case .array(let items):
            let kept = items.map { normalise($0, path: path) ?? .object([:]) }
            return kept.isEmpty ? nil : .array(kept)
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, member) in members {
                if let v = normalise(member, path: path + [key]) { kept[key] = v }
            }
            // `Global: {}` and `GlobalJob: {}` are meaningful though empty.
            if kept.isEmpty && (path.last == "Global" || path.last == "GlobalJob") { return .object([:]) }
            return kept.isEmpty ? nil : .object(kept)
        }
    }

    static func diff(_ a: JSONValue?, _ b: JSONValue?, path: [String], into out: inout [String]) {
        if a == b { return }
        if case .object(let x)? = a, case .object(let y)? = b {
            for key in Set(x.keys).union(y.keys) { diff(x[key], y[key], path: path + [key], into: &out) }
            return
        }
        out.append(path.isEmpty ? "(spec)" : path.joined(separator: "."))
    }
}
