import ComposeModel

/// Computes what to do: desired project + observed engine state → `Plan`. Pure; follows
/// Compose v2's reconcile rules (compose-v2-behaviour.md §3) except where DESIGN.md says
/// Berth does better.
public enum Planner {
    /// Which containers of a service may be recreated (Compose's recreate strategies).
    enum RecreatePolicy {
        case diverged
        case force(String)
        case never
    }

    // MARK: - up

    /// The plan for `up` (and `create` with `noStart`): networks and volumes to create,
    /// containers to create, recreate, start, scale down, and orphans to remove.
    public static func plan(
        project: Project, observed: ObservedState, options: PlanOptions = PlanOptions()
    ) throws(PlanError) -> Plan {
        let graph = ServiceGraph(project: project)
        let order = try graph.topologicalOrder()
        for name in options.services where project.services[name] == nil { throw .noSuchService(name) }
        let targeted = options.services.isEmpty ? Set(project.services.keys) : Set(options.services)
        var scope = options.noDeps ? targeted : graph.withDependencies(targeted)
        try checkContainerNames(project: project, scope: scope, options: options)

        var b = PlanBuilder()

        // Networks first: a network whose configuration changed takes its containers with it.
        var networkReady: [String: ActionID] = [:]
        var gone: Set<String> = []
        var goneReason: [String: String] = [:]
        var seenNetworks: Set<String> = []
        while let key = usedNetworkKeys(project: project, services: scope).subtracting(seenNetworks).sorted().first {
            seenNetworks.insert(key)
            let name = ComposeNames.network(project: project, key: key)
            let config = ComposeNames.networkConfig(project: project, key: key)
            let existing = observed.network(named: name)
            if config.external {
                if existing == nil { throw .externalNetworkNotFound(name) }
                continue
            }
            guard let existing else {
                networkReady[key] = b.add(.createNetwork(key: key, name: name), "not found")
                continue
            }
            guard let hash = existing.configHash else {
                b.warn("a network with name \(name) exists but was not created by compose.\n"
                    + "Set `external: true` to use an existing network")
                continue
            }
            if hash == ConfigHash.hash(network: config) { continue }
            guard options.recreateOnNetworkChange else {
                b.warn("network \(name) exists but doesn't match configuration in compose file; left as it is")
                continue
            }
            let reason = "network \(name) config changed"
            let attached = observed.containers.filter { c in
                existing.containerIDs.contains(c.id) || c.networks?[name] != nil
                    || c.networks?.values.contains(existing.id) == true
            }.sorted { $0.name < $1.name }
            var removals: [ActionID] = []
            for c in attached where !gone.contains(c.id) {
                let t = target(of: c)
                let stop = b.add(.stopContainer(t), reason)
                removals.append(b.add(.removeContainer(t, removeVolumes: false), reason, after: [stop]))
                gone.insert(c.id)
                if project.services[c.service] != nil && !c.isOneoff {
                    scope.insert(c.service)
                    goneReason[c.service] = reason
                }
            }
            let removed = b.add(.removeNetwork(key: key, name: name, id: existing.id), "config changed", after: removals)
            networkReady[key] = b.add(.createNetwork(key: key, name: name), "config changed", after: [removed])
        }

        // Volumes: created when missing; a diverged one is kept (its data matters more).
        var volumeReady: [String: ActionID] = [:]
        for key in scope.flatMap({ s in project.services[s].map { ComposeNames.volumeKeys(of: $0, in: project) } ?? [] })
            .reduce(into: Set<String>(), { $0.insert($1) }).sorted()
        {
            let name = ComposeNames.volume(project: project, key: key)
            let config = ComposeNames.volumeConfig(project: project, key: key)
            let existing = observed.volume(named: name)
            if config.external {
                if existing == nil { throw .externalVolumeNotFound(name) }
                continue
            }
            guard let existing else {
                volumeReady[key] = b.add(.createVolume(key: key, name: name), "not found")
                continue
            }
            if existing.labels[ComposeLabels.project] == nil {
                b.warn("volume \"\(name)\" already exists but was not created by Docker Compose. "
                    + "Use `external: true` to use an existing volume")
            } else if let hash = existing.configHash, hash != ConfigHash.hash(volume: config) {
                b.warn("volume \"\(name)\" exists but doesn't match configuration in compose file; "
                    + "kept as it is (recreating it would lose its data)")
            }
        }

        // Services, dependencies first.
        var createdBy: [String: [ActionID]] = [:]
        var startedBy: [String: [ActionID]] = [:]
        var recreatesOf: [String: [ActionID]] = [:]
        var recreated: Set<String> = []
        let context = DecisionContext(
            project: project, observed: observed, options: options, networkReady: networkReady)

        // Each service's containers, found in one pass (a filter of all of them per service was
        // quadratic: 40 000 comparisons for 200 services).
        let observedByService = Dictionary(grouping: observed.containers.filter { !$0.isOneoff }, by: \.service)
        for name in order where scope.contains(name) {
            guard let service = project.services[name] else { continue }
            let policy: RecreatePolicy =
                if options.noRecreate { .never }
                else if targeted.contains(name) { options.forceRecreate ? .force("--force-recreate") : .diverged }
                else { options.alwaysRecreateDeps ? .force("--always-recreate-deps") : .diverged }
            let want = max(0, options.scale[name] ?? service.effectiveScale)
            let deps = graph.dependencies(of: name).filter { scope.contains($0) }
            let infra = ComposeNames.networkKeys(of: service).compactMap { networkReady[$0] }
                + ComposeNames.volumeKeys(of: service, in: project).compactMap { volumeReady[$0] }
            let createAfter = infra + deps.flatMap { createdBy[$0] ?? [] }
            let depsStarted = deps.flatMap { (startedBy[$0] ?? []) + (createdBy[$0] ?? []) }

            let all = (observedByService[name] ?? []).filter { !gone.contains($0.id) }
            var removals: [ActionID] = []
            // Without a number a container cannot be kept in Compose's numbering.
            for c in all where c.number == nil {
                let t = target(of: c)
                let stop = b.add(.stopContainer(t), "no container number label")
                removals.append(b.add(.removeContainer(t, removeVolumes: false), "no container number label", after: [stop]))
            }
            let expectedHash = ConfigHash.hash(service)
            let allVerdicts = all.filter { $0.number != nil }.map { c in
                (container: c, reason: recreateReason(
                    c, service: service, expectedHash: expectedHash, policy: policy, recreated: recreated, context: context))
            }
            // Two containers with one number (an interrupted recreate, a race with another
            // tool): keep the best one, remove the others before anything takes the name.
            var verdicts: [(container: ObservedContainer, reason: String?)] = []
            for (number, group) in Dictionary(grouping: allVerdicts, by: { $0.container.number ?? 0 }).sorted(by: { $0.key < $1.key }) {
                let finalName = ComposeNames.container(project: project.name, service: service, number: number)
                let best = group.sorted { a, b in
                    if (a.reason == nil) != (b.reason == nil) { return a.reason == nil }
                    if (a.container.name == finalName) != (b.container.name == finalName) { return a.container.name == finalName }
                    if a.container.created != b.container.created { return a.container.created > b.container.created }
                    return a.container.id < b.container.id
                }
                verdicts.append(best[0])
                for extra in best.dropFirst() {
                    let t = target(of: extra.container)
                    let reason = "duplicate container number \(number)"
                    var stopAfter: [ActionID] = []
                    if needsStop(extra.container) { stopAfter = [b.add(.stopContainer(t), reason)] }
                    removals.append(b.add(.removeContainer(t, removeVolumes: false), reason, after: stopAfter))
                }
            }
            let numbered = verdicts.map(\.container)
            let ranked = rankForScaling(verdicts)
            var kept: [(container: ObservedContainer, reason: String?)] = []
            // Listed highest number first; they do not depend on each other.
            for (i, v) in ranked.enumerated().reversed() {
                guard i >= want else {
                    kept.insert(v, at: 0)
                    continue
                }
                let reason = "scaled \(numbered.count) → \(want)"
                let t = target(of: v.container)
                let stop = b.add(.stopContainer(t), reason)
                removals.append(b.add(.removeContainer(t, removeVolumes: false), reason, after: [stop]))
            }

            for (c, reason) in kept {
                let number = c.number ?? 0
                let finalName = ComposeNames.container(project: project.name, service: service, number: number)
                let t = ContainerTarget(service: name, number: number, name: finalName, id: c.id)
                if let reason {
                    let tmp = ComposeNames.recreateTemporary(oldID: c.id, finalName: finalName)
                    let a = b.add(
                        .recreateContainer(t, temporaryName: tmp, renewAnonymousVolumes: options.renewAnonVolumes),
                        reason, after: createAfter + removals)
                    createdBy[name, default: []].append(a)
                    recreatesOf[name, default: []].append(a)
                    recreated.insert(name)
                    if !options.noStart {
                        startedBy[name, default: []].append(
                            b.add(.startContainer(t), "recreated", after: [a] + depsStarted))
                    }
                    continue
                }
                var own: [ActionID] = []
                if c.name != finalName {
                    // An interrupted recreate left it under its temporary name; the old one
                    // (if still there) is among `removals`.
                    let r = b.add(.renameContainer(t, from: c.name), "left under a temporary name", after: removals)
                    createdBy[name, default: []].append(r)
                    own.append(r)
                }
                // `restart: true` on a dependency being recreated: stop now, start afterwards.
                let restartOn = deps.filter { service.dependsOn[$0]?.restart == true && recreated.contains($0) }
                if !restartOn.isEmpty && (c.state == .running || c.state == .restarting) {
                    let stop = b.add(.stopContainer(t), "dependency \(restartOn.joined(separator: ", ")) is recreated", after: own)
                    for d in restartOn {
                        for a in recreatesOf[d] ?? [] { b.addEdge(a, after: stop) }
                    }
                    if !options.noStart {
                        startedBy[name, default: []].append(
                            b.add(.startContainer(t), "dependency \(restartOn.joined(separator: ", ")) was recreated",
                                  after: [stop] + depsStarted))
                    }
                    continue
                }
                guard !options.noStart else { continue }
                switch c.state {
                case .created, .exited:
                    startedBy[name, default: []].append(
                        b.add(.startContainer(t), c.state.description, after: own + depsStarted))
                case .paused:
                    startedBy[name, default: []].append(b.add(.unpauseContainer(t), "paused", after: own))
                default:
                    break
                }
            }

            if kept.count < want {
                // New replicas continue after the highest number seen: gaps are not refilled.
                var next = (numbered.compactMap(\.number).max() ?? 0) + 1
                let reason = goneReason[name] ?? (numbered.isEmpty ? "not found" : "scaled \(numbered.count) → \(want)")
                for _ in kept.count..<want {
                    let t = ContainerTarget(
                        service: name, number: next,
                        name: ComposeNames.container(project: project.name, service: service, number: next), id: nil)
                    let a = b.add(.createContainer(t), reason, after: createAfter + removals)
                    createdBy[name, default: []].append(a)
                    if !options.noStart {
                        startedBy[name, default: []].append(b.add(.startContainer(t), "new", after: [a] + depsStarted))
                    }
                    next += 1
                }
            }
        }

        let strays = orphans(project: project, observed: observed, disabledServices: options.disabledServices)
            .filter { !gone.contains($0.id) }
        if options.removeOrphans {
            for c in strays {
                let t = target(of: c)
                let stop = b.add(.stopContainer(t), "orphan")
                b.add(.removeContainer(t, removeVolumes: false), "orphan", after: [stop])
            }
        } else if !strays.isEmpty {
            b.warn("Found orphan containers ([\(strays.map(\.name).joined(separator: " "))]) for this project. "
                + "If you removed or renamed this service in your compose file, you can run this command "
                + "with the --remove-orphans flag to clean it up.")
        }
        return b.build(project: project.name, stopTimeout: options.timeout)
    }

    // MARK: - down

    /// The plan for `down`: stop and remove the containers, dependents before their
    /// dependencies; then the project's networks, and with `-v` its volumes; orphans with
    /// `--remove-orphans`. With services named, only they and their dependents, and no
    /// networks or volumes.
    public static func downPlan(
        project: Project, observed: ObservedState, options: DownOptions = DownOptions()
    ) throws(PlanError) -> Plan {
        let graph = ServiceGraph(project: project)
        let order = try graph.topologicalOrder()
        for name in options.services where project.services[name] == nil { throw .noSuchService(name) }
        let scope = options.services.isEmpty ? Set(project.services.keys) : graph.withDependents(options.services)
        var b = PlanBuilder()
        var stopsOf: [String: [ActionID]] = [:]
        var removals: [ActionID] = []
        var handled: Set<String> = []

        for name in order.reversed() where scope.contains(name) {
            let after = graph.dependents(of: name).flatMap { stopsOf[$0] ?? [] }
            // One-off (`run`) containers go with their service, running or not: unlike
            // Compose (docker/compose#10806), `down` leaves none behind.
            let containers = observed.containers.filter { $0.service == name }.sorted {
                ($0.isOneoff ? 1 : 0, $0.number ?? 0, $0.name) < ($1.isOneoff ? 1 : 0, $1.number ?? 0, $1.name)
            }
            for c in containers where handled.insert(c.id).inserted {
                let t = target(of: c)
                var removeAfter = after
                if needsStop(c) {
                    let stop = b.add(.stopContainer(t), "", after: after)
                    stopsOf[name, default: []].append(stop)
                    removeAfter = [stop]
                }
                removals.append(b.add(.removeContainer(t, removeVolumes: options.removeVolumes), "", after: removeAfter))
            }
        }

        if options.removeOrphans {
            let strays = orphans(project: project, observed: observed, disabledServices: options.disabledServices)
            for c in strays where handled.insert(c.id).inserted {
                let t = target(of: c)
                var removeAfter: [ActionID] = []
                if needsStop(c) { removeAfter = [b.add(.stopContainer(t), "orphan")] }
                removals.append(b.add(.removeContainer(t, removeVolumes: options.removeVolumes), "orphan", after: removeAfter))
            }
        }

        if options.services.isEmpty {
            let externalNetworks = Set(project.networks.filter { $0.value.external }
                .map { ComposeNames.network(project: project, key: $0.key) })
            let declaredNetworks = Set(project.networks.filter { !$0.value.external }
                .map { ComposeNames.network(project: project, key: $0.key) })
            for n in observed.networks.sorted(by: { $0.name < $1.name })
            where !externalNetworks.contains(n.name)
                && (n.labels[ComposeLabels.project] == project.name || declaredNetworks.contains(n.name))
            {
                b.add(.removeNetwork(key: n.key, name: n.name, id: n.id), "", after: removals)
            }
            if options.removeVolumes {
                let externalVolumes = Set(project.volumes.filter { $0.value.external }
                    .map { ComposeNames.volume(project: project, key: $0.key) })
                let declaredVolumes = Set(project.volumes.filter { !$0.value.external }
                    .map { ComposeNames.volume(project: project, key: $0.key) })
                for v in observed.volumes.sorted(by: { $0.name < $1.name })
                where !externalVolumes.contains(v.name)
                    && (v.labels[ComposeLabels.project] == project.name || declaredVolumes.contains(v.name))
                {
                    b.add(.removeVolume(key: v.key, name: v.name), "", after: removals)
                }
            }
        }
        var plan = b.build(project: project.name, stopTimeout: options.timeout)
        if plan.actions.isEmpty {
            plan.warnings.append("No resource found to remove for project \"\(project.name)\".")
        }
        return plan
    }

    // MARK: - helpers other layers use

    /// The changed fields between two versions of a service, as in a recreate's reason.
    public static func changedFields(old: Service, new: Service) -> [String] {
        ConfigHash.changedFields(old: old, new: new)
    }

    /// Containers of the project that no service accounts for: their service is neither in the
    /// project nor disabled by a profile, or they are one-off (`run`) containers that have
    /// exited or died. Sorted by name.
    public static func orphans(
        project: Project, observed: ObservedState, disabledServices: Set<String> = []
    ) -> [ObservedContainer] {
        observed.containers.filter { c in
            if c.isOneoff { return c.state == .exited || c.state == .dead }
            return project.services[c.service] == nil && !disabledServices.contains(c.service)
        }.sorted { $0.name < $1.name }
    }

    /// A project rebuilt from engine labels, for `down`/`ps`/`stop` with `-p NAME` and no
    /// compose file: one service per service label (with `depends_on` from its label,
    /// `required: false`), the project's labelled networks and volumes.
    public static func projectFromLabels(name: String, observed: ObservedState) -> Project {
        var services: [String: Service] = [:]
        for c in observed.containers where !c.isOneoff && !c.service.isEmpty {
            if let p = c.labels[ComposeLabels.project], p != name { continue }
            var s = services[c.service] ?? Service(name: c.service, image: c.image.isEmpty ? nil : c.image)
            if s.dependsOn.isEmpty, let value = c.labels[ComposeLabels.dependsOn] {
                s.dependsOn = parseDependsOnLabel(value)
            }
            services[c.service] = s
        }
        var networks: [String: NetworkConfig] = [:]
        for n in observed.networks where n.labels[ComposeLabels.project] == name {
            networks[n.key ?? n.name] = NetworkConfig(name: n.name)
        }
        var volumes: [String: VolumeConfig] = [:]
        for v in observed.volumes where v.labels[ComposeLabels.project] == name {
            volumes[v.key ?? v.name] = VolumeConfig(name: v.name)
        }
        return Project(name: name, services: services, networks: networks, volumes: volumes)
    }

    /// Parses `com.docker.compose.depends_on` (`db:service_healthy:true,cache:service_started:false`);
    /// dependencies restored this way are `required: false`, as in Compose.
    public static func parseDependsOnLabel(_ value: String) -> [String: ServiceDependency] {
        var out: [String: ServiceDependency] = [:]
        for entry in value.split(separator: ",") {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let dep = parts.first, !dep.isEmpty else { continue }
            let condition = parts.count > 1 ? DependencyCondition(rawValue: parts[1]) ?? .serviceStarted : .serviceStarted
            let restart = parts.count > 2 && parts[2] == "true"
            out[dep] = ServiceDependency(condition: condition, restart: restart, required: false)
        }
        return out
    }

    // MARK: - private

    struct DecisionContext {
        let project: Project
        let observed: ObservedState
        let options: PlanOptions
        let networkReady: [String: ActionID]
    }

    /// Why this container must be recreated, or `nil` to keep it (reconcile.go:mustRecreate,
    /// plus "dead" which the engine cannot start).
    static func recreateReason(
        _ c: ObservedContainer, service: Service, expectedHash: String, policy: RecreatePolicy,
        recreated: Set<String>, context: DecisionContext
    ) -> String? {
        switch policy {
        case .never: return nil
        case .force(let flag): return flag
        case .diverged: break
        }
        for parent in ServiceGraph.namespaceParents(of: service).sorted() where recreated.contains(parent) {
            return "shares namespace or volumes with recreated service \(parent)"
        }
        if c.configHash != expectedHash {
            if let previous = context.options.previousServices[service.name], ConfigHash.hash(previous) == c.configHash {
                let fields = ConfigHash.changedFields(old: previous, new: service)
                if !fields.isEmpty { return "config changed: " + fields.joined(separator: ", ") }
            }
            return AppliedConfig.reason(labels: c.labels, configHash: c.configHash, image: c.image, service: service)
        }
        if let digest = context.options.imageDigests[service.name], (c.labels[ComposeLabels.image] ?? "") != digest {
            return "image changed"
        }
        for key in ComposeNames.networkKeys(of: service) {
            let name = ComposeNames.network(project: context.project, key: key)
            if context.networkReady[key] != nil { return "network \(name) is being created" }
            if c.state == .running, let attached = c.networks, let network = context.observed.network(named: name),
                attached[name] == nil, !attached.values.contains(network.id)
            {
                return "not connected to network \(name)"
            }
        }
        if let mounted = c.volumeNames {
            for key in ComposeNames.volumeKeys(of: service, in: context.project) {
                let name = ComposeNames.volume(project: context.project, key: key)
                if !mounted.contains(name) { return "volume \(name) not mounted" }
            }
        }
        if c.state == .dead { return "dead" }
        return nil
    }

    /// Compose's `sortContainers` then reversed: up-to-date containers by ascending number,
    /// then obsolete ones by ascending number. Index ≥ scale goes, so obsolete containers are
    /// removed first, then the highest numbers.
    static func rankForScaling(
        _ verdicts: [(container: ObservedContainer, reason: String?)]
    ) -> [(container: ObservedContainer, reason: String?)] {
        let composeOrder = verdicts.sorted { a, b in
            let ao = a.reason != nil, bo = b.reason != nil
            if ao != bo { return ao }
            let an = a.container.number ?? 0, bn = b.container.number ?? 0
            if an != bn { return an > bn }
            if a.container.created != b.container.created { return a.container.created < b.container.created }
            return a.container.id > b.container.id
        }
        return composeOrder.reversed()
    }

    static func usedNetworkKeys(project: Project, services: Set<String>) -> Set<String> {
        var keys: Set<String> = []
        for name in services {
            if let s = project.services[name] { keys.formUnion(ComposeNames.networkKeys(of: s)) }
        }
        return keys
    }

    static func checkContainerNames(project: Project, scope: Set<String>, options: PlanOptions) throws(PlanError) {
        var owner: [String: String] = [:]
        for name in project.serviceNames {
            guard let service = project.services[name], let custom = service.containerName, !custom.isEmpty else { continue }
            if scope.contains(name), (options.scale[name] ?? service.effectiveScale) > 1 {
                throw .containerNameWithScale(service: name, containerName: custom)
            }
            if let other = owner[custom] { throw .containerNameInUse(service: name, containerName: custom, usedBy: other) }
            owner[custom] = name
        }
    }

    static func target(of c: ObservedContainer) -> ContainerTarget {
        ContainerTarget(service: c.service, number: c.number, name: c.name, id: c.id)
    }

    static func needsStop(_ c: ObservedContainer) -> Bool {
        switch c.state {
        case .running, .paused, .restarting: true
        default: false
        }
    }
}
