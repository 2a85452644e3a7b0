import ComposeModel

/// The dependency graph of a project's services: an edge `a → b` when `a` depends on `b`
/// (through `depends_on`, `links`, `volumes_from`, or `network_mode`/`ipc`/`pid`/`uts`/`cgroup:
/// service:b`). Edges to services that are not in the project (disabled by a profile, or
/// `required: false` and absent) are left out; a service depending on itself is a cycle.
public struct ServiceGraph: Sendable, Hashable {
    /// Service names, sorted.
    public let vertices: [String]
    private let forward: [String: [String]]
    private let backward: [String: [String]]

    /// The graph of the project's services.
    public init(project: Project) {
        self.init(services: project.services)
    }

    /// The graph of these services (keyed by name).
    public init(services: [String: Service]) {
        var forward: [String: Set<String>] = [:]
        var backward: [String: Set<String>] = [:]
        for name in services.keys {
            forward[name] = []
            backward[name] = []
        }
        for (name, service) in services {
            for dep in Self.declaredDependencies(of: service) where services[dep] != nil {
                forward[name, default: []].insert(dep)
                backward[dep, default: []].insert(name)
            }
        }
        vertices = services.keys.sorted()
        self.forward = forward.mapValues { $0.sorted() }
        self.backward = backward.mapValues { $0.sorted() }
    }

    /// Every service name `service` refers to, whether or not the loader already folded it into
    /// `depends_on`.
    public static func declaredDependencies(of service: Service) -> Set<String> {
        var out = Set(service.dependsOn.keys)
        for mode in [service.networkMode, service.ipc, service.pid, service.uts, service.cgroup] {
            if let ref = serviceReference(mode) { out.insert(ref) }
        }
        for link in service.links {
            out.insert(String(link.split(separator: ":", maxSplits: 1).first ?? Substring(link)))
        }
        for source in service.volumesFrom {
            if let ref = volumesFromService(source) { out.insert(ref) }
        }
        return out
    }

    /// The services whose namespaces or volumes `service` shares (`network_mode`/`ipc`/`pid`:
    /// `service:x`, `volumes_from: x`): recreating one of them forces recreating `service`.
    public static func namespaceParents(of service: Service) -> Set<String> {
        var out: Set<String> = []
        for mode in [service.networkMode, service.ipc, service.pid, service.uts, service.cgroup] {
            if let ref = serviceReference(mode) { out.insert(ref) }
        }
        for source in service.volumesFrom {
            if let ref = volumesFromService(source) { out.insert(ref) }
        }
        return out
    }

    private static func serviceReference(_ mode: String?) -> String? {
        guard let mode, mode.hasPrefix("service:") else { return nil }
        return String(mode.dropFirst("service:".count))
    }

    /// `volumes_from` entries: `svc`, `svc:ro`, `container:name[:ro]` (not a service).
    private static func volumesFromService(_ source: String) -> String? {
        if source.hasPrefix("container:") { return nil }
        let name = source.split(separator: ":", maxSplits: 1).first.map(String.init) ?? source
        return name.isEmpty ? nil : name
    }

    /// The services `service` depends on directly, sorted.
    public func dependencies(of service: String) -> [String] { forward[service] ?? [] }

    /// The services that depend directly on `service`, sorted.
    public func dependents(of service: String) -> [String] { backward[service] ?? [] }

    /// `services` and everything they depend on, transitively (for `up svc` without `--no-deps`).
    public func withDependencies(_ services: some Sequence<String>) -> Set<String> {
        closure(from: services, edges: forward)
    }

    /// `services` and everything that depends on them, transitively (for `down svc`, `stop svc`).
    public func withDependents(_ services: some Sequence<String>) -> Set<String> {
        closure(from: services, edges: backward)
    }

    private func closure(from start: some Sequence<String>, edges: [String: [String]]) -> Set<String> {
        var seen: Set<String> = []
        var stack = Array(start)
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: edges[next] ?? [])
        }
        return seen
    }

    /// The cycles found by a depth-first walk visiting services and their dependencies in
    /// sorted order, each as a path that starts and ends on the same service
    /// (`["a", "b", "a"]`: a depends on b, which depends on a). Empty when the graph is acyclic.
    public func cycles() -> [[String]] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        var found: [[String]] = []

        func visit(_ v: String) {
            marks[v] = .visiting
            stack.append(v)
            for w in dependencies(of: v) {
                switch marks[w] {
                case .visiting:
                    if let start = stack.firstIndex(of: w) { found.append(Array(stack[start...]) + [w]) }
                case .done: break
                case nil: visit(w)
                }
            }
            stack.removeLast()
            marks[v] = .done
        }
        for v in vertices where marks[v] == nil { visit(v) }
        return found
    }

    /// Throws `PlanError.cycle` with the first cycle's path if there is one.
    public func checkAcyclic() throws(PlanError) {
        if let first = cycles().first { throw .cycle(first) }
    }

    /// Services in levels: level 0 depends on nothing, level n only on levels below n. Each
    /// level is sorted. Start order is level by level; stop order is the reverse.
    public func levels() throws(PlanError) -> [[String]] {
        try checkAcyclic()
        var remaining = Dictionary(uniqueKeysWithValues: vertices.map { ($0, dependencies(of: $0).count) })
        var current = vertices.filter { remaining[$0] == 0 }
        var out: [[String]] = []
        while !current.isEmpty {
            out.append(current)
            var next: [String] = []
            for v in current {
                remaining[v] = nil
                for d in dependents(of: v) {
                    if let count = remaining[d] {
                        remaining[d] = count - 1
                        if count == 1 { next.append(d) }
                    }
                }
            }
            current = next.sorted()
        }
        return out
    }

    /// Services with every dependency before its dependents (levels flattened).
    public func topologicalOrder() throws(PlanError) -> [String] {
        try levels().flatMap { $0 }
    }
}
