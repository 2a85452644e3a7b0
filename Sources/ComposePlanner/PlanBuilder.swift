/// Collects actions and their edges, then orders them.
struct PlanBuilder {
    private var actions: [PlanAction] = []
    private(set) var warnings: [String] = []

    /// Adds an action that runs after `after`; returns its ID.
    @discardableResult
    mutating func add(_ kind: PlanActionKind, _ reason: String, after: some Sequence<ActionID> = [ActionID]()) -> ActionID {
        let id = ActionID(actions.count + 1)
        actions.append(PlanAction(id: id, kind: kind, reason: reason, after: Self.normalise(after)))
        return id
    }

    /// Makes `id` wait for `dependency` as well.
    mutating func addEdge(_ id: ActionID, after dependency: ActionID) {
        let index = id.rawValue - 1
        guard actions.indices.contains(index) else { return }
        actions[index].after = Self.normalise(actions[index].after + [dependency])
    }

    mutating func warn(_ message: String) {
        warnings.append(message)
    }

    private static func normalise(_ ids: some Sequence<ActionID>) -> [ActionID] {
        Set(ids).sorted()
    }

    /// The actions in an order where each follows everything in its `after`; among the ready
    /// ones, the earliest added goes first, so the order is deterministic and close to the
    /// order of planning. Edges are acyclic by construction.
    func build(project: String, stopTimeout: Int?) -> Plan {
        var indegree = actions.map { $0.after.count }
        var dependents = [[Int]](repeating: [], count: actions.count)
        for (i, action) in actions.enumerated() {
            for dep in action.after { dependents[dep.rawValue - 1].append(i) }
        }
        var ready = indegree.indices.filter { indegree[$0] == 0 }
        var ordered: [PlanAction] = []
        while !ready.isEmpty {
            ready.sort(by: >)
            let next = ready.removeLast()
            ordered.append(actions[next])
            for d in dependents[next] {
                indegree[d] -= 1
                if indegree[d] == 0 { ready.append(d) }
            }
        }
        // A cycle would be a planner bug; keep every action rather than silently drop some.
        if ordered.count < actions.count {
            let seen = Set(ordered.map(\.id))
            ordered += actions.filter { !seen.contains($0.id) }
        }
        return Plan(project: project, actions: ordered, warnings: warnings, stopTimeout: stopTimeout)
    }
}
