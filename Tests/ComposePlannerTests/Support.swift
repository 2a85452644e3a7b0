import ComposeModel
import ComposePlanner

/// A service with an image and optional dependencies (short form: `service_started`).
func svc(
    _ name: String,
    image: String = "busybox",
    dependsOn: [String: ServiceDependency] = [:],
    scale: Int? = nil,
    environment: [String: String?] = [:],
    containerName: String? = nil,
    networks: [String: ServiceNetworkConfig?] = [:],
    volumes: [ServiceVolumeConfig] = [],
    networkMode: String? = nil
) -> Service {
    Service(
        name: name, containerName: containerName, dependsOn: dependsOn, environment: environment,
        image: image, networkMode: networkMode, networks: networks, scale: scale, volumes: volumes)
}

func deps(_ names: String...) -> [String: ServiceDependency] {
    Dictionary(uniqueKeysWithValues: names.map { ($0, ServiceDependency()) })
}

func project(_ services: Service..., name: String = "p", networks: [String: NetworkConfig]? = nil,
             volumes: [String: VolumeConfig] = [:]) -> Project {
    var byName: [String: Service] = [:]
    for s in services { byName[s.name] = s }
    return Project(
        name: name, services: byName,
        networks: networks ?? ["default": NetworkConfig(name: "\(name)_default")],
        volumes: volumes)
}

let defaultNetworkHash = ConfigHash.hash(network: NetworkConfig(name: "p_default"))

/// The default network as the engine would report it after Berth created it.
func observedDefaultNetwork(id: String = "net1") -> ObservedNetwork {
    ObservedNetwork(
        id: id, name: "p_default",
        labels: [ComposeLabels.project: "p", ComposeLabels.network: "default", ComposeLabels.configHash: defaultNetworkHash])
}

/// A project container as observed; the hash defaults to the service's current one.
func container(
    _ service: Service, _ number: Int?, state: ContainerState = .running, hash: String? = nil,
    name: String? = nil, id: String? = nil, created: Int64 = 0, labels: [String: String] = [:]
) -> ObservedContainer {
    var l = labels
    l[ComposeLabels.project] = "p"
    l[ComposeLabels.service] = service.name
    l[ComposeLabels.oneoff] = l[ComposeLabels.oneoff] ?? "False"
    if let number { l[ComposeLabels.containerNumber] = String(number) }
    l[ComposeLabels.configHash] = hash ?? ConfigHash.hash(service)
    let n = number.map(String.init) ?? "x"
    return ObservedContainer(
        id: id ?? "\(service.name)\(n)0123456789abcdef", name: name ?? "p-\(service.name)-\(n)", state: state,
        labels: l, created: created)
}

/// Every action comes after all the actions it waits for.
func isOrdered(_ plan: Plan) -> Bool {
    var seen: Set<ActionID> = []
    for a in plan.actions {
        guard a.after.allSatisfy({ seen.contains($0) }) else { return false }
        seen.insert(a.id)
    }
    return true
}

extension Plan {
    /// The first action whose line starts with `prefix`.
    func first(_ prefix: String) -> PlanAction? { actions.first { $0.line.hasPrefix(prefix) } }

    /// Whether the action starting with `later` waits (directly or not) on the one starting with `earlier`.
    func waits(_ later: String, on earlier: String) -> Bool {
        guard let l = first(later), let e = first(earlier) else { return false }
        var stack = l.after
        var seen: Set<ActionID> = []
        while let next = stack.popLast() {
            if next == e.id { return true }
            guard seen.insert(next).inserted, let a = action(next) else { continue }
            stack += a.after
        }
        return false
    }
}
