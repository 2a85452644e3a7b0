import ComposeModel
import EngineClient

/// Carries out a stack plan on a swarm manager: networks, versioned secrets and configs, then
/// only the services that changed; and removes stacks.
public struct StackDeployer: Sendable {
    public let client: EngineClient
    public let stack: String
    /// Progress lines (one per step), for the command to print.
    public let progress: @Sendable (String) -> Void

    public init(client: EngineClient, stack: String, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.stack = stack
        self.progress = progress
    }

    /// A deployed service to follow: its ID and what it was before the update.
    public struct Deployed: Sendable {
        public var id: String
        public var name: String
        public var isJob: Bool
        /// The UpdateStatus before this deploy (a stale rollback must not count as this one's).
        public var previousUpdate: SwarmService.UpdateStatus?
        /// The job iteration before this deploy.
        public var previousIteration: UInt64?
    }

    /// Errors for external networks, secrets and configs missing on the cluster.
    public func checkExternals(_ desired: DesiredStack, observed: ObservedStack) throws {
        for network in desired.networks where network.external {
            guard let found = observed.allNetworks.first(where: { $0.name == network.name || $0.id == network.name }) else {
                throw StackError.missingExternal(kind: "network", name: network.name, path: "networks.\(network.key)")
            }
            if found.scope != "swarm" && !["host", "bridge", "none"].contains(network.name) {
                throw StackError.networkNotSwarmScoped(name: network.name)
            }
        }
        for object in desired.objects where object.external {
            let existing = object.kind == .secret ? observed.allSecrets : observed.allConfigs
            if !existing.contains(where: { $0.spec?.name == object.name }) {
                let section = object.kind == .secret ? "secrets" : "configs"
                throw StackError.missingExternal(kind: object.kind.rawValue, name: object.name, path: "\(section).\(object.key)")
            }
        }
    }

    /// The plan against what the cluster holds now (one round of list calls).
    public func plan(_ desired: DesiredStack, prune: Bool) async throws -> StackPlan {
        try await plan(desired, observed: try await ObservedStack.read(stack, client: client, for: desired), prune: prune)
    }

    func plan(_ desired: DesiredStack, observed: ObservedStack, prune: Bool) throws -> StackPlan {
        try checkExternals(desired, observed: observed)
        return StackPlanner.plan(desired, observed: observed, prune: prune)
    }

    /// Deploys; returns the plan carried out and the services to follow.
    ///
    /// A no-op deploy costs one round of list calls: the engine is read again only when
    /// networks, secrets or configs were created (the specs refer to them by ID).
    public func deploy(_ desired: DesiredStack, prune: Bool) async throws -> (StackPlan, [Deployed]) {
        let first = try await plan(desired, prune: prune)
        guard first.createsObjects else { return try await apply(first) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for action in first.actions {
                group.addTask { [self] in try await create(action, desired: desired) }
            }
            try await group.waitForAll()
        }
        // Resolve the new objects' IDs, then plan the services again against them.
        let observed = try await ObservedStack.read(stack, client: client, for: desired)
        return try await apply(StackPlanner.plan(desired, observed: observed, prune: prune))
    }

    /// Creates one network, secret or config of the plan; one that exists already is taken.
    func create(_ action: StackPlan.Action, desired: DesiredStack) async throws {
        switch action {
        case .createNetwork(let name):
            guard let request = desired.networks.first(where: { $0.name == name })?.create else { return }
            do {
                _ = try await client.createNetwork(request)
                progress("network \(name): created")
            } catch let error as EngineError where error.isConflict {}
        case .createObject(let kind, let name):
            guard let spec = desired.objects.first(where: { $0.kind == kind && $0.name == name })?.spec else { return }
            do {
                _ = kind == .secret ? try await client.createSecret(spec) : try await client.createConfig(spec)
                progress("\(kind.rawValue) \(name): created")
            } catch let error as EngineError where error.isConflict {}
        default: break
        }
    }

    /// Removes the pruned services and creates or updates the changed ones, in parallel.
    func apply(_ plan: StackPlan) async throws -> (StackPlan, [Deployed]) {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for service in plan.pruned {
                guard let id = service.id else { continue }
                group.addTask { [self] in
                    try await client.removeService(id)
                    progress("service \(service.spec?.name ?? id): removed")
                }
            }
            try await group.waitForAll()
        }
        let outcomes = await withTaskGroup(of: (String, Result<Deployed, any Error>).self) { group in
            for change in plan.changes {
                group.addTask { [self] in
                    let name = change.spec.name ?? change.item.key
                    do {
                        return (name, .success(try await apply(change.spec, item: change.item, observed: change.observed)))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            var collected: [(String, Result<Deployed, any Error>)] = []
            for await outcome in group { collected.append(outcome) }
            return collected
        }
        var failed: [String: String] = [:]
        var deployed: [Deployed] = []
        for (name, result) in outcomes {
            switch result {
            case .success(let d): deployed.append(d)
            case .failure(let error): failed[name] = "\(error)"
            }
        }
        if !failed.isEmpty {
            throw StackError.partial(failed: failed, deployed: deployed.map(\.name).sorted())
        }
        return (plan, deployed.sorted { $0.name < $1.name })
    }

    func apply(_ spec: ServiceSpec, item: DesiredStack.ServiceItem, observed: SwarmService?) async throws -> Deployed {
        let name = spec.name ?? item.key
        guard let observed, let id = observed.id, let version = observed.version?.index else {
            let created = try await client.createService(spec)
            progress("service \(name): created")
            return Deployed(id: created.id ?? name, name: name, isJob: item.isJob, previousUpdate: nil, previousIteration: nil)
        }
        var spec = spec
        // Kept as is, so an unchanged service is not forced to redeploy.
        spec.taskTemplate?.forceUpdate = observed.spec?.taskTemplate?.forceUpdate
        _ = try await client.updateService(id, version: version, spec: spec)
        progress("service \(name): updated")
        return Deployed(
            id: id, name: name, isJob: item.isJob, previousUpdate: observed.updateStatus,
            previousIteration: observed.jobStatus?.jobIteration?.index)
    }

    /// Removes the earlier versions of secrets and configs the plan found (`StackPlan.stale`),
    /// in parallel and without listing again. One still in use is kept.
    public func removeOldObjects(_ plan: StackPlan) async {
        await withTaskGroup(of: Void.self) { group in
            for (kind, object) in plan.stale {
                guard let id = object.id else { continue }
                group.addTask { [self] in
                    let removed = kind == .secret ? (try? await client.removeSecret(id)) : (try? await client.removeConfig(id))
                    if removed != nil { progress("\(kind.rawValue) \(object.spec?.name ?? id): removed (old version)") }
                }
            }
        }
    }

    /// Removes every service, network, secret and config of the stack (not volumes, as
    /// `docker stack rm`). Networks are retried while the removed tasks still hold them.
    public func remove(timeout: Duration = .seconds(60)) async throws -> Int {
        let observed = try await ObservedStack.read(stack, client: client)
        var removed = 0
        for service in observed.services {
            guard let id = service.id else { continue }
            try await client.removeService(id)
            progress("service \(service.spec?.name ?? id): removed")
            removed += 1
        }
        for secret in observed.secrets {
            guard let id = secret.id else { continue }
            try await client.removeSecret(id)
            removed += 1
        }
        for config in observed.configs {
            guard let id = config.id else { continue }
            try await client.removeConfig(id)
            removed += 1
        }
        let deadline = ContinuousClock.now + timeout
        for network in observed.networks {
            guard let id = network.id else { continue }
            while true {
                do {
                    try await client.removeNetwork(id)
                    progress("network \(network.name ?? id): removed")
                    removed += 1
                    break
                } catch let error as EngineError where error.isNotFound {
                    break
                } catch {
                    if ContinuousClock.now > deadline { throw error }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
        }
        // A node keeps its copy of an overlay network until its tasks are gone.
        var label = Filters()
        label.label(StackLabels.namespace, stack)
        while !observed.networks.isEmpty, ContinuousClock.now < deadline, !(try await client.listNetworks(filters: label).isEmpty) {
            try await Task.sleep(for: .milliseconds(200))
        }
        return removed
    }
}
