import ComposeModel
import EngineClient

/// What a deploy will do on the cluster, worked out from the service specs and versions the
/// engine returns. Unchanged services are left alone, so a no-op deploy changes nothing.
public struct StackPlan: Sendable {
    public enum Action: Sendable, Hashable {
        case createNetwork(name: String)
        case createObject(kind: DesiredStack.ObjectItem.Kind, name: String)
        case createService(name: String)
        /// The Swarm fields that changed.
        case updateService(name: String, fields: [String])
        case removeService(name: String)
        /// An earlier version of a secret or config, removed once the rollout is done.
        case removeObject(kind: DesiredStack.ObjectItem.Kind, name: String)
        case unchanged(name: String)

        public var description: String {
            switch self {
            case .createNetwork(let name): return "create network \(name)"
            case .createObject(let kind, let name): return "create \(kind.rawValue) \(name)"
            case .createService(let name): return "create service \(name)"
            case .updateService(let name, let fields): return "update service \(name): \(fields.joined(separator: ", "))"
            case .removeService(let name): return "remove service \(name)"
            case .removeObject(let kind, let name): return "remove \(kind.rawValue) \(name) (old version, once the rollout is done)"
            case .unchanged(let name): return "unchanged service \(name)"
            }
        }

        public var changes: Bool {
            if case .unchanged = self { return false }
            return true
        }
    }

    public var actions: [Action]
    /// Services removed because they left the file (`--prune`).
    public var pruned: [SwarmService]
    /// The services to create or update, with the resolved spec and, for updates, the observed service.
    public var changes: [(item: DesiredStack.ServiceItem, spec: ServiceSpec, observed: SwarmService?)]
    /// The stack's secrets and configs the file no longer names (earlier versions), to remove
    /// after the rollout.
    public var stale: [(kind: DesiredStack.ObjectItem.Kind, object: SwarmObject)] = []
    /// True when the engine must be read again before the services are applied: networks,
    /// secrets or configs are created first, and the specs refer to them by ID.
    public var createsObjects: Bool {
        actions.contains { action in
            switch action {
            case .createNetwork, .createObject: return true
            default: return false
            }
        }
    }
}

/// What is on the cluster for one stack.
public struct ObservedStack: Sendable {
    public var services: [SwarmService]
    public var networks: [Network]
    public var secrets: [SwarmObject]
    public var configs: [SwarmObject]
    public var allNetworks: [Network]
    public var allSecrets: [SwarmObject]
    public var allConfigs: [SwarmObject]

    /// Reads the stack's objects: one list call per kind, all at once, each filtered by the
    /// namespace label. Networks, secrets or configs are listed unfiltered only when `desired`
    /// names external ones of that kind (they carry no stack label).
    ///
    /// A 503 from the engine (not a swarm manager) becomes `StackError.notSwarmManager`, so no
    /// separate `/info` call sits in front of every deploy.
    public static func read(_ stack: String, client: EngineClient, for desired: DesiredStack? = nil) async throws -> ObservedStack {
        var byLabel = Filters()
        byLabel.label(StackLabels.namespace, stack)
        let externalNetworks = desired?.networks.contains(where: \.external) ?? false
        let externalSecrets = desired?.objects.contains { $0.external && $0.kind == .secret } ?? false
        let externalConfigs = desired?.objects.contains { $0.external && $0.kind == .config } ?? false
        do {
            async let services = client.listServices(filters: byLabel, status: false)
            async let networks = client.listNetworks(filters: externalNetworks ? Filters() : byLabel)
            async let secrets = client.listSecrets(filters: externalSecrets ? Filters() : byLabel)
            async let configs = client.listConfigs(filters: externalConfigs ? Filters() : byLabel)
            let (s, n, sec, cfg) = try await (services, networks, secrets, configs)
            func mine(_ labels: [String: String]?) -> Bool { labels?[StackLabels.namespace] == stack }
            return ObservedStack(
                services: s, networks: n.filter { mine($0.labels) }, secrets: sec.filter { mine($0.spec?.labels) },
                configs: cfg.filter { mine($0.spec?.labels) }, allNetworks: n, allSecrets: sec, allConfigs: cfg)
        } catch let error as EngineError where error.status == 503 {
            throw StackError.notSwarmManager(state: error.message.contains("Worker nodes") ? "worker" : "inactive")
        }
    }
}

public enum StackPlanner {
    /// Builds the plan. Names the spec holds are resolved to IDs through `observed`; objects
    /// not created yet resolve to a placeholder, which shows as a change.
    public static func plan(_ desired: DesiredStack, observed: ObservedStack, prune: Bool) -> StackPlan {
        var actions: [StackPlan.Action] = []
        for network in desired.networks where !network.external {
            if !observed.allNetworks.contains(where: { $0.name == network.name }) { actions.append(.createNetwork(name: network.name)) }
        }
        for object in desired.objects where !object.external {
            let existing = object.kind == .secret ? observed.allSecrets : observed.allConfigs
            if !existing.contains(where: { $0.spec?.name == object.name }) { actions.append(.createObject(kind: object.kind, name: object.name)) }
        }
        var changes: [(item: DesiredStack.ServiceItem, spec: ServiceSpec, observed: SwarmService?)] = []
        for item in desired.services {
            let spec = resolve(item.spec, observed: observed)
            let name = spec.name ?? item.key
            guard let current = observed.services.first(where: { $0.spec?.name == name }), let currentSpec = current.spec else {
                actions.append(.createService(name: name))
                changes.append((item, spec, nil))
                continue
            }
            let fields = SpecDiff.changedFields(desired: spec, observed: currentSpec)
            if fields.isEmpty {
                actions.append(.unchanged(name: name))
            } else {
                actions.append(.updateService(name: name, fields: fields))
                changes.append((item, spec, current))
            }
        }
        var pruned: [SwarmService] = []
        if prune {
            let wanted = Set(desired.services.compactMap(\.spec.name))
            for service in observed.services where !wanted.contains(service.spec?.name ?? "") {
                actions.append(.removeService(name: service.spec?.name ?? service.id ?? "?"))
                pruned.append(service)
            }
        }
        let wanted = Set(desired.objects.map(\.name))
        var stale: [(kind: DesiredStack.ObjectItem.Kind, object: SwarmObject)] = []
        for (kind, objects) in [(DesiredStack.ObjectItem.Kind.secret, observed.secrets), (.config, observed.configs)] {
            for object in objects where !wanted.contains(object.spec?.name ?? "") {
                actions.append(.removeObject(kind: kind, name: object.spec?.name ?? object.id ?? "?"))
                stale.append((kind, object))
            }
        }
        return StackPlan(actions: actions, pruned: pruned, changes: changes, stale: stale)
    }

    /// Network targets and secret/config references by ID, as the engine stores them.
    public static func resolve(_ spec: ServiceSpec, observed: ObservedStack) -> ServiceSpec {
        var spec = spec
        guard var task = spec.taskTemplate else { return spec }
        task.networks = task.networks?.map { attachment in
            var a = attachment
            if let target = a.target, let network = observed.allNetworks.first(where: { $0.name == target }), let id = network.id {
                a.target = id
            }
            return a
        }
        if var container = task.containerSpec {
            container.secrets = container.secrets?.map { ref in
                var r = ref
                r.secretID = observed.allSecrets.first(where: { $0.spec?.name == ref.secretName })?.id ?? "(new)"
                return r
            }
            container.configs = container.configs?.map { ref in
                var r = ref
                r.configID = observed.allConfigs.first(where: { $0.spec?.name == ref.configName })?.id ?? "(new)"
                return r
            }
            task.containerSpec = container
        }
        spec.taskTemplate = task
        return spec
    }
}
