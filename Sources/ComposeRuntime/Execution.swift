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

/// Carries out one plan.
final class Execution: Sendable {
    let runner: ProjectRunner
    let tracker: ContainerTracker?
    let registry: ContainerRegistry
    let portLock = AsyncSemaphore(1)
    /// Actions done; aborted on the first failure.
    let done = Completions<ActionID>()
    let waits = WaitCache()
    let apiVersion: APIVersion
    /// With `--no-deps`: the only services whose conditions are waited on.
    let waitableDeps: Set<String>?
    let stopTimeout: Int?
    /// `com.docker.compose.image` values by service.
    let imageDigests: [String: String]

    private init(
        runner: ProjectRunner, tracker: ContainerTracker?, registry: ContainerRegistry, apiVersion: APIVersion,
        waitableDeps: Set<String>?, stopTimeout: Int?, imageDigests: [String: String]
    ) {
        self.imageDigests = imageDigests
        self.runner = runner
        self.tracker = tracker
        self.registry = registry
        self.apiVersion = apiVersion
        self.waitableDeps = waitableDeps
        self.stopTimeout = stopTimeout
    }

    /// Prepares a run; with `events`, the event subscription is open when this returns.
    static func make(
        runner: ProjectRunner, observed: ObservedState, plan: Plan, events: Bool, noDeps: Set<String>?,
        imageDigests: [String: String]
    ) async throws -> Execution {
        let api: APIVersion
        do { api = try await runner.client.apiVersion() } catch { throw RuntimeError.engine(error, while: "negotiating the engine API version") }
        var tracker: ContainerTracker?
        if events {
            let t = ContainerTracker()
            try await t.subscribe(client: runner.client, project: runner.name)
            tracker = t
        }
        return Execution(
            runner: runner, tracker: tracker, registry: ContainerRegistry(observed), apiVersion: api,
            waitableDeps: noDeps, stopTimeout: plan.stopTimeout, imageDigests: imageDigests)
    }

    var client: any EngineAPI { runner.client }
    var project: Project { runner.info.project }

    /// Walks the plan's DAG: every action starts as soon as the actions it comes after are
    /// done; the runner's limiter bounds the engine calls. The first failure stops actions
    /// that have not begun; those under way finish.
    func execute(_ plan: Plan) async throws {
        guard !plan.actions.isEmpty else { return }
        let done = self.done
        try await withThrowingTaskGroup(of: Void.self) { group in
            for action in plan.actions {
                group.addTask {
                    do {
                        for dep in action.after { try await done.wait(dep) }
                        try await done.check()
                        try await self.perform(action)
                        await done.finish(action.id)
                    } catch {
                        await done.abort(error)
                        // Waits in other branches end too; actions already under way finish.
                        await self.tracker?.abortWaits(
                            error as? RuntimeError ?? RuntimeError(.other, "stopped: \(error)"))
                        throw error
                    }
                }
            }
            do {
                try await group.waitForAll()
            } catch {
                // Let actions already under way finish (they are never left half-done), then report.
                while true {
                    do {
                        guard try await group.next() != nil else { break }
                    } catch { continue }
                }
                throw error
            }
        }
    }

    func emit(_ resource: String, _ text: String, _ status: ProgressStatus = .done, _ detail: String? = nil) {
        runner.emit(resource, text, status, detail)
    }

    func call<T: Sendable>(_ what: @autoclosure () -> String, container: String? = nil, _ body: @Sendable () async throws -> T) async throws -> T {
        try await runner.call(what(), container: container, body)
    }

    func perform(_ action: PlanAction) async throws {
        switch action.kind {
        case .createNetwork(let key, let name):
            try await createNetwork(key: key, name: name)
        case .removeNetwork(_, let name, let id):
            emit("Network \(name)", "Removing", .working)
            do {
                try await runner.limiter.run { try await self.client.removeNetwork(id) }
                emit("Network \(name)", "Removed")
            } catch let e as EngineError where e.isNotFound {
                emit("Network \(name)", "Removed")
            } catch let e as EngineError where e.status == 403 || e.isConflict {
                emit("Network \(name)", "Resource is still in use", .warning, e.message)
            } catch {
                throw RuntimeError.engine(error, while: "removing network \(name)")
            }
        case .createVolume(let key, let name):
            try await createVolume(key: key, name: name)
        case .removeVolume(_, let name):
            emit("Volume \(name)", "Removing", .working)
            do {
                try await runner.limiter.run { try await self.client.removeVolume(name) }
                emit("Volume \(name)", "Removed")
            } catch let e as EngineError where e.isNotFound {
                emit("Volume \(name)", "Removed")
            } catch let e as EngineError where e.isConflict {
                emit("Volume \(name)", "Resource is still in use", .warning, e.message)
            } catch {
                throw RuntimeError.engine(error, while: "removing volume \(name)")
            }
        case .createContainer(let t):
            emit("Container \(t.name)", "Creating", .working)
            _ = try await createContainer(t, name: t.name, inherited: [], replacing: nil)
            emit("Container \(t.name)", "Created")
        case .recreateContainer(let t, let tmp, let renew):
            try await recreate(t, temporaryName: tmp, renew: renew)
        case .renameContainer(let t, let from):
            guard let id = t.id else { return }
            try await call("renaming container \(from) to \(t.name)", container: t.name) { try await self.client.renameContainer(id, to: t.name) }
            await registry.rename(from: from, to: t.name)
        case .startContainer(let t):
            try await start(t)
        case .unpauseContainer(let t):
            let id = await registry.id(of: t.name) ?? t.id ?? t.name
            try await call("unpausing container \(t.name)", container: t.name) { try await self.client.unpauseContainer(id) }
            emit("Container \(t.name)", "Running")
        case .stopContainer(let t):
            try await stopContainer(t)
        case .removeContainer(let t, let volumes):
            let id = t.id ?? t.name
            emit("Container \(t.name)", "Removing", .working)
            do {
                try await runner.limiter.run { try await self.client.removeContainer(id, volumes: volumes, force: true) }
            } catch let e as EngineError where e.isNotFound {
            } catch {
                throw RuntimeError.engine(error, while: "removing container \(t.name)", container: t.name)
            }
            await registry.remove(id: id)
            emit("Container \(t.name)", "Removed")
        }
    }

    func stopContainer(_ t: ContainerTarget) async throws {
        let id = t.id ?? t.name
        emit("Container \(t.name)", "Stopping", .working)
        do {
            try await runner.limiter.run { try await self.client.stopContainer(id, timeout: self.stopTimeout) }
        } catch let e as EngineError where e.isNotFound {
        } catch {
            throw RuntimeError.engine(error, while: "stopping container \(t.name)", container: t.name)
        }
        emit("Container \(t.name)", "Stopped")
    }

    // MARK: - networks and volumes

    func createNetwork(key: String, name: String) async throws {
        let resource = "Network \(name)"
        emit(resource, "Creating", .working)
        let config = ComposeNames.networkConfig(project: project, key: key)
        var r = NetworkCreateRequest()
        r.name = name
        r.driver = config.driver
        r.options = config.driverOpts.isEmpty ? nil : config.driverOpts
        if config.internal { r.internal = true }
        if config.attachable { r.attachable = true }
        r.enableIPv6 = config.enableIPv6
        if let ipam = config.ipam {
            var i = EngineIPAM()
            i.driver = ipam.driver
            i.options = ipam.options.isEmpty ? nil : ipam.options
            i.config = ipam.config.map { p in
                var pool = EngineIPAMPool()
                pool.subnet = p.subnet
                pool.ipRange = p.ipRange
                pool.gateway = p.gateway
                pool.auxiliaryAddresses = p.auxAddresses.isEmpty ? nil : p.auxAddresses
                return pool
            }
            r.ipam = i
        }
        r.labels = ServiceLabels.networkLabels(project: project.name, key: key, network: config, version: ProjectRunner.versionLabel)
        r.checkDuplicate = true
        let request = r
        do {
            _ = try await runner.limiter.run { try await self.client.createNetwork(request) }
        } catch let e as EngineError where e.isConflict {
            // Another `up` (or an interrupted one) made it: adopt it if it is ours.
            let existing = try await call("inspecting network \(name)") { try await self.client.inspectNetwork(name) }
            guard existing.labels?[ComposeLabels.project] == project.name else {
                throw RuntimeError(.engine, "network \(name) exists but was not created for project \(project.name)")
            }
        } catch {
            throw RuntimeError.engine(error, while: "creating network \(name)")
        }
        emit(resource, "Created")
    }

    func createVolume(key: String, name: String) async throws {
        let resource = "Volume \(name)"
        emit(resource, "Creating", .working)
        let config = ComposeNames.volumeConfig(project: project, key: key)
        var r = VolumeCreateRequest()
        r.name = name
        r.driver = config.driver
        r.driverOpts = config.driverOpts.isEmpty ? nil : config.driverOpts
        r.labels = ServiceLabels.volumeLabels(project: project.name, key: key, volume: config, version: ProjectRunner.versionLabel)
        let request = r
        do {
            _ = try await runner.limiter.run { try await self.client.createVolume(request) }
        } catch let e as EngineError where e.isConflict {
            let existing = try await call("inspecting volume \(name)") { try await self.client.inspectVolume(name) }
            guard existing.labels?[ComposeLabels.project] == project.name else {
                throw RuntimeError(.engine, "volume \(name) exists but was not created for project \(project.name)")
            }
        } catch {
            throw RuntimeError.engine(error, while: "creating volume \(name)")
        }
        emit(resource, "Created")
    }

    // MARK: - containers

    func specContext(service: String, inherited: [MountPoint], replacing: String?) async -> ContainerSpecContext {
        ContainerSpecContext(
            project: project, labels: runner.labelContext, apiVersion: apiVersion,
            containerIDs: await registry.all(), containerNames: await registry.allNames(),
            inheritedMounts: inherited, replacing: replacing, environment: ProcessInfo.processInfo.environment,
            imageDigest: imageDigests[service])
    }

    /// Creates a container of `t.service` under `name`; returns its ID.
    func createContainer(_ t: ContainerTarget, name: String, inherited: [MountPoint], replacing: String?) async throws -> String {
        guard let service = project.services[t.service] else {
            throw RuntimeError(.other, "no such service: \(t.service)", service: t.service)
        }
        let number = t.number ?? 1
        let spec = try ContainerSpec.make(
            service: service, number: number, name: name,
            context: await specContext(service: t.service, inherited: inherited, replacing: replacing))
        let created = try await call("creating container \(name)", container: name) {
            try await self.client.createContainer(name: name, platform: spec.platform, spec.request)
        }
        guard let id = created.id else { throw RuntimeError(.engine, "creating container \(name): the engine returned no ID", container: name) }
        for attach in spec.laterNetworks {
            try await call("connecting container \(name) to network \(attach.network)", container: name) {
                try await self.client.connectNetwork(attach.network, container: id, endpoint: attach.endpoint)
            }
        }
        await registry.set(name, id: id, service: t.service, number: number)
        return id
    }

    /// The new container exists before the old one goes: create under the temporary name,
    /// stop and remove the old one, rename.
    func recreate(_ t: ContainerTarget, temporaryName: String, renew: Bool) async throws {
        guard let oldID = t.id, let service = project.services[t.service] else { return }
        let resource = "Container \(t.name)"
        emit(resource, "Recreate", .working)
        var inherited: [MountPoint] = []
        if !renew {
            let old = try await call("inspecting container \(t.name)", container: t.name) { try await self.client.inspectContainer(oldID) }
            inherited = old.mounts ?? []
        }
        let short = ComposeNames.shortContainer(service: service, number: t.number ?? 1)
        let newID = try await createContainer(t, name: temporaryName, inherited: inherited, replacing: short)
        try await stopContainer(t)
        do {
            try await runner.limiter.run { try await self.client.removeContainer(oldID, volumes: false, force: true) }
        } catch let e as EngineError where e.isNotFound {
        } catch {
            throw RuntimeError.engine(error, while: "removing container \(t.name)", container: t.name)
        }
        await registry.remove(id: oldID)
        try await call("renaming container \(temporaryName) to \(t.name)", container: t.name) {
            try await self.client.renameContainer(newID, to: t.name)
        }
        await registry.rename(from: temporaryName, to: t.name)
        emit(resource, "Recreated")
    }

    func start(_ t: ContainerTarget) async throws {
        guard let service = project.services[t.service] else { return }
        try await waitDependencies(of: service)
        guard let id = await registry.id(of: t.name) ?? t.id else {
            throw RuntimeError(.other, "container \(t.name) to start was not found", container: t.name)
        }
        let resource = "Container \(t.name)"
        let (_, files) = try ContainerSpec.secretsAndConfigs(service: service, context: await specContext(service: t.service, inherited: [], replacing: nil))
        if !files.isEmpty {
            let tar = InjectedFile.archive(files)
            try await call("copying secrets and configs into container \(t.name)", container: t.name) {
                try await self.client.putArchive(id, path: "/", tar: tar)
            }
        }
        emit(resource, "Starting", .working)
        let doStart: @Sendable () async throws -> Void = {
            // Nothing new starts once the run has failed.
            try await self.done.check()
            try await self.call("starting container \(t.name)", container: t.name) { try await self.client.startContainer(id) }
        }
        if service.ports.isEmpty {
            try await doStart()
        } else {
            // The engine's port allocator is not safe against concurrent starts.
            try await portLock.run(doStart)
        }
        emit(resource, "Started")
    }

    // MARK: - dependency conditions

    func waitDependencies(of service: Service) async throws {
        for dep in service.dependsOn.keys.sorted() {
            guard let d = service.dependsOn[dep], let depService = project.services[dep] else { continue }
            if let waitable = waitableDeps, !waitable.contains(dep) { continue }
            if d.condition == .serviceStarted { continue }
            if (depService.scale ?? depService.deploy?.replicas ?? 1) == 0 { continue }
            do {
                try await waits.run("\(dep)|\(d.condition.rawValue)") {
                    try await self.waitCondition(service: dep, condition: d.condition, dependent: service.name)
                }
            } catch let error as RuntimeError {
                if d.required {
                    throw RuntimeError(.dependencyFailed, "dependency failed to start: \(error.message)", container: error.container, service: dep)
                }
                let names = await registry.containers(of: dep).map(\.name)
                for resource in names.isEmpty ? ["Service \(dep)"] : names.map({ "Container \($0)" }) {
                    emit(resource, "Skipped: optional dependency \"\(dep)\" failed", .warning, error.message)
                }
            }
        }
    }

    /// Waits until `service`'s containers meet `condition`.
    func waitCondition(service: String, condition: DependencyCondition, dependent: String) async throws {
        let containers = await registry.containers(of: service)
        guard !containers.isEmpty else {
            throw RuntimeError(.dependencyFailed, "\(dependent) is missing dependency \(service)", service: service)
        }
        switch condition {
        case .serviceStarted:
            return
        case .serviceHealthy:
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in containers {
                    group.addTask { try await self.waitHealthy(name: c.name, id: c.id, fallbackRunning: false) }
                }
                try await group.waitForAll()
            }
        case .serviceCompletedSuccessfully:
            let (name, code) = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for c in containers {
                    group.addTask { (c.name, try await self.waitExited(name: c.name, id: c.id)) }
                }
                guard let first = try await group.next() else { return ("", 0) }
                group.cancelAll()
                return first
            }
            if code != 0 {
                throw RuntimeError(.notCompleted, "service \"\(service)\" didn't complete successfully: exit \(code)", container: name, service: service)
            }
            emit("Container \(name)", "Exited")
        @unknown default:
            return
        }
    }

    /// One inspect of the container (after the subscription is open), retried only if events
    /// for it arrived while the inspect was in flight.
    func refresh(id: String, name: String) async throws {
        guard let tracker else { throw RuntimeError(.other, "internal: waiting without an event subscription") }
        for _ in 0..<5 {
            let mark = await tracker.eventMark(id)
            let inspect = try await call("inspecting container \(name)", container: name) { try await self.client.inspectContainer(id) }
            if await tracker.merge(id, inspect: inspect, mark: mark) { return }
        }
    }

    func waitHealthy(name: String, id: String, fallbackRunning: Bool) async throws {
        guard let tracker else { return }
        let resource = "Container \(name)"
        emit(resource, "Waiting", .working)
        try await refresh(id: id, name: name)
        let verdict = try await tracker.wait(id) { s in
            switch s.status {
            case "exited", "dead": return .exited(s.exitCode ?? -1)
            case "removed": return .removed
            default: break
            }
            if s.hasHealthcheck == false {
                if fallbackRunning { return s.status == "running" ? .done : .pending }
                return .noHealthcheck
            }
            switch s.health {
            case "healthy": return .done
            case "unhealthy": return .unhealthy
            default: return .pending
            }
        }
        switch verdict {
        case .done, .pending:
            emit(resource, "Healthy")
        case .exited(let code):
            emit(resource, "Error", .error, "exited (\(code))")
            throw RuntimeError(.exited, "container \(name) exited (\(code))", container: name)
        case .removed:
            emit(resource, "Error", .error, "removed")
            throw RuntimeError(.exited, "container \(name) was removed", container: name)
        case .noHealthcheck:
            emit(resource, "Error", .error, "no healthcheck")
            throw RuntimeError(.noHealthcheck, "container \(name) has no healthcheck configured", container: name)
        case .unhealthy:
            var output = ""
            if let inspect = try? await call("inspecting container \(name)", container: name, { try await self.client.inspectContainer(id) }),
                let last = inspect.state?.health?.log?.last?.output
            {
                output = last.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            emit(resource, "Error", .error, "unhealthy")
            var message = "container \(name) is unhealthy"
            if !output.isEmpty { message += ": last check output: \(output)" }
            throw RuntimeError(.unhealthy, message, container: name)
        }
    }

    func waitExited(name: String, id: String) async throws -> Int {
        guard let tracker else { return 0 }
        emit("Container \(name)", "Waiting", .working)
        try await refresh(id: id, name: name)
        let verdict = try await tracker.wait(id) { s in
            switch s.status {
            case "exited", "dead": return .exited(s.exitCode ?? -1)
            case "removed": return .removed
            default: return .pending
            }
        }
        if case .exited(let code) = verdict { return code }
        throw RuntimeError(.exited, "container \(name) was removed", container: name)
    }

    /// `--wait`: every service running or healthy, or completed when something waits for its
    /// completion; within `timeout`.
    func waitHealthy(services: [String], timeout: Duration?) async throws {
        let completedOnes = Set(project.services.values.flatMap { s in
            s.dependsOn.filter { $0.value.condition == .serviceCompletedSuccessfully }.map(\.key)
        })
        let body: @Sendable () async throws -> Void = {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for s in services {
                    for c in await self.registry.containers(of: s) {
                        group.addTask {
                            if completedOnes.contains(s) {
                                let code = try await self.waitExited(name: c.name, id: c.id)
                                if code != 0 {
                                    throw RuntimeError(.notCompleted, "service \"\(s)\" didn't complete successfully: exit \(code)", container: c.name, service: s)
                                }
                            } else {
                                try await self.waitHealthy(name: c.name, id: c.id, fallbackRunning: true)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        guard let timeout else { return try await body() }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            if !first {
                let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
                let text = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
                throw RuntimeError(.timeout, "application not healthy after \(text)s")
            }
        }
    }
}
