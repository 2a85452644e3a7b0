import ComposeModel

// The plans of the lifecycle commands (start, stop, restart, rm): like `up` and `down`, built
// from the project and what the engine runs, so the runtime only carries plans out.
extension Planner {
    /// The named services (every one when empty), or `.noSuchService`.
    static func scope(_ project: Project, _ services: [String]) throws(PlanError) -> Set<String> {
        for name in services where project.services[name] == nil { throw .noSuchService(name) }
        return services.isEmpty ? Set(project.services.keys) : Set(services)
    }

    /// `start`: the services' created or exited containers, dependencies first (each start
    /// after the starts of its service's dependencies).
    public static func startPlan(project: Project, observed: ObservedState, services: [String] = []) throws(PlanError) -> Plan {
        let scope = try scope(project, services)
        let graph = ServiceGraph(project: project)
        var b = PlanBuilder()
        var started: [String: [ActionID]] = [:]
        for name in try graph.topologicalOrder() where scope.contains(name) {
            let after = graph.dependencies(of: name).flatMap { started[$0] ?? [] }
            for c in observed.containers(of: name).sorted(by: { $0.name < $1.name }) where c.state == .created || c.state == .exited {
                started[name, default: []].append(b.add(.startContainer(target(of: c)), c.state == .created ? "created" : "exited", after: after))
            }
        }
        return b.build(project: project.name, stopTimeout: nil)
    }

    /// `stop`: the services' running, paused or restarting containers, dependents first.
    public static func stopPlan(
        project: Project, observed: ObservedState, services: [String] = [], timeout: Int? = nil
    ) throws(PlanError) -> Plan {
        let scope = try scope(project, services)
        let graph = ServiceGraph(project: project)
        var b = PlanBuilder()
        var stopped: [String: [ActionID]] = [:]
        for name in try graph.topologicalOrder().reversed() where scope.contains(name) {
            let after = graph.dependents(of: name).flatMap { stopped[$0] ?? [] }
            for c in observed.containers(of: name).sorted(by: { $0.name < $1.name }) where needsStop(c) {
                stopped[name, default: []].append(b.add(.stopContainer(target(of: c)), "", after: after))
            }
        }
        return b.build(project: project.name, stopTimeout: timeout)
    }

    /// `restart`: the services, and with them the services that depend on them with
    /// `restart: true`; one dependency level after the other.
    public static func restartPlan(
        project: Project, observed: ObservedState, services: [String] = [], timeout: Int? = nil
    ) throws(PlanError) -> Plan {
        var scope = try scope(project, services)
        var grew = true
        while grew {
            grew = false
            for (name, s) in project.services where !scope.contains(name) {
                if s.dependsOn.contains(where: { scope.contains($0.key) && $0.value.restart }) {
                    scope.insert(name)
                    grew = true
                }
            }
        }
        var b = PlanBuilder()
        var previous: [ActionID] = []
        for level in try ServiceGraph(project: project).levels() {
            var current: [ActionID] = []
            for name in level where scope.contains(name) {
                for c in observed.containers(of: name).sorted(by: { $0.name < $1.name }) {
                    current.append(b.add(.restartContainer(target(of: c)), "", after: previous))
                }
            }
            if !current.isEmpty { previous = current }
        }
        return b.build(project: project.name, stopTimeout: timeout)
    }

    /// `rm`: the services' stopped containers; with `stopFirst`, running ones too, each
    /// stopped before it is removed.
    public static func removePlan(
        project: Project, observed: ObservedState, services: [String] = [], stopFirst: Bool, removeVolumes: Bool
    ) throws(PlanError) -> Plan {
        let scope = try scope(project, services)
        var b = PlanBuilder()
        for c in observed.containers.filter({ scope.contains($0.service) && !$0.isOneoff }).sorted(by: { $0.name < $1.name }) {
            let running = needsStop(c)
            if running && !stopFirst { continue }
            let t = target(of: c)
            let after = running ? [b.add(.stopContainer(t), "")] : []
            b.add(.removeContainer(t, removeVolumes: removeVolumes), "", after: after)
        }
        return b.build(project: project.name, stopTimeout: nil)
    }
}
