import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// The containers of a run, by name and service, kept up to date as the plan creates,
/// renames and removes them.
actor ContainerRegistry {
    struct Entry: Sendable {
        var id: String
        var service: String
        var number: Int
    }

    private var byName: [String: Entry] = [:]

    init(_ observed: ObservedState) {
        for c in observed.containers where !c.isOneoff && !c.service.isEmpty {
            byName[c.name] = Entry(id: c.id, service: c.service, number: c.number ?? 0)
        }
    }

    func id(of name: String) -> String? { byName[name]?.id }

    func set(_ name: String, id: String, service: String, number: Int) {
        byName[name] = Entry(id: id, service: service, number: number)
    }

    func remove(id: String) {
        byName = byName.filter { $0.value.id != id }
    }

    func rename(from old: String, to new: String) {
        if let e = byName.removeValue(forKey: old) { byName[new] = e }
    }

    /// A service's containers, lowest number first.
    func containers(of service: String) -> [(name: String, id: String)] {
        byName.filter { $0.value.service == service }
            .sorted { ($0.value.number, $0.key) < ($1.value.number, $1.key) }
            .map { (name: $0.key, id: $0.value.id) }
    }

    func all() -> [String: [String]] {
        var out: [String: [(Int, String, String)]] = [:]
        for (name, e) in byName { out[e.service, default: []].append((e.number, name, e.id)) }
        return out.mapValues { $0.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2) }
    }

    func allNames() -> [String: [String]] {
        var out: [String: [(Int, String)]] = [:]
        for (name, e) in byName { out[e.service, default: []].append((e.number, name)) }
        return out.mapValues { $0.sorted { $0 < $1 }.map(\.1) }
    }
}

/// One shared wait per (dependency, condition), however many containers wait on it.
actor WaitCache {
    private var tasks: [String: Task<Void, any Error>] = [:]

    func run(_ key: String, _ body: @escaping @Sendable () async throws -> Void) async throws {
        let t: Task<Void, any Error>
        if let existing = tasks[key] {
            t = existing
        } else {
            t = Task { try await body() }
            tasks[key] = t
        }
        try await withTaskCancellationHandler {
            try await t.value
        } onCancel: {
            t.cancel()
        }
    }
}
