import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// Runs one command on one project: observes the engine, plans, and carries the plan out with
/// a bounded parallel walk of its graph. One per command run.
public final class ProjectRunner: Sendable {
    /// The value Berth writes into `com.docker.compose.version`.
    public static let versionLabel = "2.30.0"

    let client: any EngineAPI
    /// The project being run.
    public let info: ProjectInfo
    let limiter: AsyncSemaphore
    let progress: ProgressHandler
    let labelContext: LabelContext
    let imageInspections = ImageInspections()
    /// List calls sent before the file was read, for the first observation.
    let early: EarlyObservation?
    /// The environment containers' `environment:` entries without a value are filled from.
    public let environment: Environment

    /// A runner for `project` on `client`; `parallelism` bounds every engine call it makes.
    public init(
        client: any EngineAPI, project: ProjectInfo, parallelism: Int = 4, environment: Environment = ProcessEnvironment.current,
        early: EarlyObservation? = nil, progress: @escaping ProgressHandler
    ) {
        self.client = client
        self.early = early
        self.environment = environment
        self.info = project
        self.limiter = AsyncSemaphore(max(1, parallelism))
        self.progress = progress
        self.labelContext = LabelContext(
            workingDir: project.workingDir, configFiles: project.configFiles,
            environmentFiles: project.envFiles, version: Self.versionLabel)
    }

    var name: String { info.project.name }

    /// The project lock: the one taken before the early observation when there is one,
    /// otherwise waited for.
    func lockProject() async throws -> ProjectLock {
        if let held = early?.takeLock(for: name) { return held }
        return try await ProjectLock.acquire(project: name, environment: environment)
    }

    /// One engine call, under the parallelism limit; errors name the call's purpose.
    func call<T: Sendable>(_ what: @autoclosure () -> String, container: String? = nil, _ body: @Sendable () async throws -> T) async throws -> T {
        do {
            return try await limiter.run(body)
        } catch let error as EngineError {
            throw RuntimeError.engine(error, while: what(), container: container)
        }
    }

    func emit(_ resource: String, _ text: String, _ status: ProgressStatus = .done, _ detail: String? = nil) {
        progress(ProgressEvent(resource: resource, text: text, status: status, detail: detail))
    }

    // MARK: - observe and plan

    /// One snapshot of the engine: the project's containers (one list call), networks and
    /// volumes by label, plus an inspect of each declared network/volume not found by label.
    public func observe() async throws -> ObservedState {
        try await Self.observe(client: client, limiter: limiter, project: info.project, early: early)
    }

    /// The filter of an observation's container list: the project's containers that carry a
    /// config hash (so one-off `run` containers are left out).
    static func containerFilters(_ name: String) -> Filters {
        var f = Filters()
        f.label(ComposeLabels.project, name)
        f.label(ComposeLabels.configHash)
        return f
    }

    /// The filter of an observation's network and volume lists.
    static func projectFilters(_ name: String) -> Filters {
        var f = Filters()
        f.label(ComposeLabels.project, name)
        return f
    }

    static func observe(client: any EngineAPI, limiter: AsyncSemaphore, project: Project, early: EarlyObservation? = nil) async throws -> ObservedState {
        let name = project.name
        let summaries: [ContainerSummary]
        var networks: [Network]
        var volumes: [Volume]
        do {
            if let sent = early?.take(for: name) {
                summaries = try await sent.containers.value
                networks = try await sent.networks.value
                volumes = try await sent.volumes.value
            } else {
                let cf = containerFilters(name)
                let lf = projectFilters(name)
                async let containersCall = limiter.run { try await client.listContainers(all: true, filters: cf) }
                async let networksCall = limiter.run { try await client.listNetworks(filters: lf) }
                async let volumesCall = limiter.run { try await client.listVolumes(filters: lf) }
                summaries = try await containersCall
                networks = try await networksCall
                volumes = try await volumesCall
            }
        } catch {
            throw RuntimeError.engine(error, while: "reading the state of project \(name)")
        }
        let known = Set(networks.compactMap(\.name))
        let declaredNetworks = Set(project.services.values.flatMap { ComposeNames.networkKeys(of: $0) } + project.networks.keys)
            .map { ComposeNames.network(project: project, key: $0) }.filter { !known.contains($0) }.sorted()
        let knownVolumes = Set(volumes.compactMap(\.name))
        let declaredVolumes = project.volumes.keys.map { ComposeNames.volume(project: project, key: $0) }
            .filter { !knownVolumes.contains($0) }.sorted()
        do {
            try await withThrowingTaskGroup(of: (Network?, Volume?).self) { group in
                for n in declaredNetworks {
                    group.addTask {
                        do { return (try await limiter.run { try await client.inspectNetwork(n) }, nil) } catch let e as EngineError where e.isNotFound { return (nil, nil) }
                    }
                }
                for v in declaredVolumes {
                    group.addTask {
                        do { return (nil, try await limiter.run { try await client.inspectVolume(v) }) } catch let e as EngineError where e.isNotFound { return (nil, nil) }
                    }
                }
                for try await (n, v) in group {
                    if let n { networks.append(n) }
                    if let v { volumes.append(v) }
                }
            }
        } catch {
            throw RuntimeError.engine(error, while: "inspecting the networks and volumes of project \(name)")
        }
        let containers = summaries.compactMap { s -> ObservedContainer? in
            guard let id = s.id else { return nil }
            let status = s.status ?? ""
            let health: ContainerHealth =
                status.contains("(healthy)") ? .healthy
                : status.contains("(unhealthy)") ? .unhealthy
                : status.contains("(health: starting)") ? .starting : .none
            var exitCode: Int?
            if let open = status.range(of: "Exited ("), let close = status[open.upperBound...].firstIndex(of: ")") {
                exitCode = Int(status[open.upperBound..<close])
            }
            let nets = s.networkSettings?.networks.map { $0.compactMapValues(\.networkID) }
            let vols = s.mounts.map { $0.filter { $0.type == "volume" }.compactMap(\.name) }
            return ObservedContainer(
                id: id, name: s.plainName ?? id, state: ComposePlanner.ContainerState(engine: s.state ?? ""),
                labels: s.labels ?? [:], exitCode: exitCode, health: health, image: s.image ?? "",
                imageID: s.imageID, created: s.created ?? 0, networks: nets, volumeNames: vols)
        }
        return ObservedState(
            containers: containers,
            networks: networks.compactMap { n in
                guard let id = n.id, let nm = n.name else { return nil }
                return ObservedNetwork(id: id, name: nm, labels: n.labels ?? [:], containerIDs: Array((n.containers ?? [:]).keys))
            },
            volumes: volumes.compactMap { v in
                guard let nm = v.name else { return nil }
                return ObservedVolume(name: nm, driver: v.driver ?? "local", labels: v.labels ?? [:])
            })
    }

    func effectiveOptions(_ options: PlanOptions) -> PlanOptions {
        var o = options
        o.disabledServices.formUnion(info.disabledServices.keys)
        return o
    }

    /// What `up` would do: observe, then plan.
    public func plan(_ options: PlanOptions) async throws -> Plan {
        var o = effectiveOptions(options)
        if o.imageDigests.isEmpty { o.imageDigests = await imageDigests() }
        let observed = try await observe()
        return await explainingForeignRecreates(try Planner.plan(project: info.project, observed: observed, options: o), observed: observed)
    }

    /// The local image ID of each service's image (one inspect per distinct image, in
    /// parallel): what `com.docker.compose.image` records, so a rebuilt or re-pulled image
    /// recreates its containers. Images not present locally are left out.
    func imageDigests() async -> [String: String] {
        var byImage: [String: [String]] = [:]
        for (name, service) in info.project.services {
            byImage[service.image ?? "\(self.name)-\(name)", default: []].append(name)
        }
        var out: [String: String] = [:]
        for (image, inspect) in await localImages(Set(byImage.keys)) {
            guard let id = inspect.id else { continue }
            for service in byImage[image] ?? [] { out[service] = id }
        }
        return out
    }

    // MARK: - up, create, down

    /// Converges the project: plan, then execute it (parallel, dependency- and health-ordered).
    /// Returns the executed plan.
    @discardableResult
    public func up(_ options: UpOptions) async throws -> Plan {
        var planOptions = effectiveOptions(options.plan)
        if !options.start { planOptions.noStart = true }
        let lock = try await lockProject()
        defer { lock.release() }
        if planOptions.imageDigests.isEmpty {
            planOptions.imageDigests = await imageDigests()
        }
        var observed = try await observe()
        if try await settleDuplicateNetworks(in: observed) { observed = try await observe() }
        let plan = await explainingForeignRecreates(
            try Planner.plan(project: info.project, observed: observed, options: planOptions), observed: observed)
        for w in plan.warnings { emit("Project \(name)", "Warning", .warning, w) }
        let touched = Set(plan.actions.compactMap { $0.container?.id })
        for c in observed.containers where c.state == .running && !touched.contains(c.id) && !c.isOneoff {
            if planOptions.services.isEmpty || planOptions.services.contains(c.service) {
                emit("Container \(c.name)", "Running")
            }
        }
        let needsEvents = options.wait || plan.actions.contains { if case .startContainer = $0.kind { return true } else { return false } }
        let run = try await Execution.make(
            runner: self, observed: observed, plan: plan, events: needsEvents,
            noDeps: planOptions.noDeps ? Set(planOptions.services) : nil, imageDigests: planOptions.imageDigests)
        defer { Task { await run.tracker?.close() } }
        try await run.execute(plan)
        if options.wait && options.start {
            let graph = ServiceGraph(project: info.project)
            let targeted = planOptions.services.isEmpty ? Set(info.project.services.keys) : Set(planOptions.services)
            let scope = planOptions.noDeps ? targeted : graph.withDependencies(targeted)
            try await run.waitHealthy(services: scope.sorted(), timeout: options.waitTimeout)
        }
        return plan
    }

    /// `create`: `up` without starting anything.
    public func create(_ options: PlanOptions) async throws {
        try await up(UpOptions(plan: options, start: false))
    }

    /// Stops and removes the project's containers (dependents first), then its networks, and
    /// with `-v` its volumes.
    public func down(_ options: DownOptions) async throws {
        var o = options
        o.disabledServices.formUnion(info.disabledServices.keys)
        let lock = try await lockProject()
        defer { lock.release() }
        let observed = try await observe()
        let plan = try Planner.downPlan(project: info.project, observed: observed, options: o)
        for w in plan.warnings { emit("Project \(name)", "Warning", .warning, w) }
        let run = try await Execution.make(runner: self, observed: observed, plan: plan, events: false, noDeps: nil, imageDigests: [:])
        try await run.execute(plan)
    }

    /// `down -p NAME` without a compose file: the project as its labels describe it.
    public static func downByName(client: any EngineAPI, name: String, options: DownOptions, progress: @escaping ProgressHandler) async throws {
        let limiter = AsyncSemaphore(4)
        let observed = try await observe(client: client, limiter: limiter, project: Project(name: name))
        let project = Planner.projectFromLabels(name: name, observed: observed)
        let runner = ProjectRunner(
            client: client, project: ProjectInfo(project: project, workingDir: "/", configFiles: []), progress: progress)
        try await runner.down(options)
    }

    /// Which images `down --rmi` removes.
    public enum ImageRemoval: String, Sendable {
        /// Only images without a custom tag: those named after the service (`project-service`).
        case local
        /// Every image the services use.
        case all
    }

    /// `down --rmi`: removes the services' images (after the containers are gone). Images in
    /// use elsewhere are reported as warnings, missing ones are skipped.
    public func removeImages(_ which: ImageRemoval) async throws {
        let images = ImageRemover.images(project: info.project, mode: which == .all ? .all : .local)
        try await fanOut(images) { image in
            let resource = "Image \(image)"
            self.emit(resource, "Removing", .working)
            do {
                _ = try await self.limiter.run { try await self.client.removeImage(image) }
                self.emit(resource, "Removed")
            } catch let e as EngineError where e.isNotFound {
                self.emit(resource, "Removed", .done, "not found")
            } catch let e as EngineError where e.isConflict {
                self.emit(resource, "Resource is still in use", .warning, e.message)
            } catch {
                throw RuntimeError.engine(error, while: "removing image \(image)")
            }
        }
    }

    // MARK: - start, stop, restart, kill, pause, unpause, rm

    func scope(_ services: [String]) throws -> [String] {
        for s in services where info.project.services[s] == nil { throw PlanError.noSuchService(s) }
        return services.isEmpty ? info.project.serviceNames : services
    }

    /// Starts the services' stopped containers, dependencies first, waiting on their conditions.
    public func start(services: [String]) async throws {
        let scope = Set(try scope(services))
        let observed = try await observe()
        if !observed.containers.contains(where: { scope.contains($0.service) && !$0.isOneoff }) {
            throw RuntimeError(.other, "no containers to start")
        }
        let plan = try Planner.startPlan(project: info.project, observed: observed, services: services)
        guard !plan.isEmpty else { return }
        try await execute(plan, observed: observed, events: true)
    }

    /// Stops the services' containers, dependents first.
    public func stop(services: [String], timeout: Int?) async throws {
        let observed = try await observe()
        try await execute(Planner.stopPlan(project: info.project, observed: observed, services: services, timeout: timeout), observed: observed)
    }

    /// Restarts the services' containers, dependencies first (one level at a time), and with
    /// them the services that depend on them with `restart: true`.
    public func restart(services: [String], timeout: Int?) async throws {
        let observed = try await observe()
        try await execute(Planner.restartPlan(project: info.project, observed: observed, services: services, timeout: timeout), observed: observed)
    }

    /// Carries out a plan (`events`: with the event subscription health waits need).
    func execute(_ plan: Plan, observed: ObservedState, events: Bool = false) async throws {
        let run = try await Execution.make(runner: self, observed: observed, plan: plan, events: events, noDeps: nil, imageDigests: [:])
        defer { if events { Task { await run.tracker?.close() } } }
        try await run.execute(plan)
    }

    /// Sends a signal (default SIGKILL) to the services' running containers.
    public func kill(services: [String], signal: String?) async throws {
        let scope = Set(try scope(services))
        let observed = try await observe()
        let containers = observed.containers.filter { scope.contains($0.service) && !$0.isOneoff && $0.state == .running }
        try await forEach(containers) { c in
            self.emit("Container \(c.name)", "Killing", .working)
            try await self.call("killing container \(c.name)") { try await self.client.killContainer(c.id, signal: signal) }
            self.emit("Container \(c.name)", "Killed")
        }
    }

    /// Pauses the services' running containers.
    public func pause(services: [String]) async throws {
        let scope = Set(try scope(services))
        let observed = try await observe()
        let containers = observed.containers.filter { scope.contains($0.service) && !$0.isOneoff && $0.state == .running }
        try await forEach(containers) { c in
            self.emit("Container \(c.name)", "Pausing", .working)
            try await self.call("pausing container \(c.name)") { try await self.client.pauseContainer(c.id) }
            self.emit("Container \(c.name)", "Paused")
        }
    }

    /// Unpauses the services' paused containers.
    public func unpause(services: [String]) async throws {
        let scope = Set(try scope(services))
        let observed = try await observe()
        let containers = observed.containers.filter { scope.contains($0.service) && !$0.isOneoff && $0.state == .paused }
        try await forEach(containers) { c in
            self.emit("Container \(c.name)", "Unpausing", .working)
            try await self.call("unpausing container \(c.name)") { try await self.client.unpauseContainer(c.id) }
            self.emit("Container \(c.name)", "Unpaused")
        }
    }

    /// Removes the services' stopped containers (`stopFirst`: stops running ones first).
    public func remove(services: [String], stopFirst: Bool, volumes: Bool) async throws {
        let observed = try await observe()
        let plan = try Planner.removePlan(project: info.project, observed: observed, services: services, stopFirst: stopFirst, removeVolumes: volumes)
        try await execute(plan, observed: observed)
    }

    /// `body` for each container at once; every failure is reported, and none stops the others.
    func forEach(_ containers: [ObservedContainer], _ body: @escaping @Sendable (ObservedContainer) async throws -> Void) async throws {
        try await fanOut(containers.sorted(by: { $0.name < $1.name }), body)
    }

    // MARK: - ps, wait

    /// The project's containers for `ps`, sorted by name (`all`: stopped ones too; `oneOffs`:
    /// `run` containers too).
    public func containers(all: Bool, services: [String], oneOffs: Bool = false) async throws -> [ContainerSummary] {
        var f = Filters()
        f.label(ComposeLabels.project, name)
        if !oneOffs { f.label(ComposeLabels.oneoff, "False") }
        if services.count == 1 { f.label(ComposeLabels.service, services[0]) }
        let filters = f
        let list = try await call("listing the containers of project \(name)") { try await self.client.listContainers(all: all, filters: filters) }
        let wanted = Set(services)
        let kept = list.filter { wanted.isEmpty || wanted.contains($0.labels?[ComposeLabels.service] ?? "") }
        // By name, each name worked out once: sorting the summaries themselves moved the whole
        // structs and rebuilt both names for every comparison (17 M instructions for 200).
        let names = kept.map(\.displayName)
        return kept.indices.sorted { names[$0] < names[$1] }.map { kept[$0] }
    }

    /// Waits for the services' containers to stop; container name → exit code.
    public func wait(services: [String]) async throws -> [String: Int] {
        let scope = Set(try scope(services))
        let observed = try await observe()
        let containers = observed.containers.filter { scope.contains($0.service) && !$0.isOneoff }
        return try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for c in containers {
                group.addTask {
                    do {
                        let r = try await self.client.waitContainer(c.id)
                        return (c.name, r.statusCode ?? -1)
                    } catch {
                        throw RuntimeError.engine(error, while: "waiting for container \(c.name)", container: c.name)
                    }
                }
            }
            var out: [String: Int] = [:]
            for try await (n, code) in group { out[n] = code }
            return out
        }
    }

    // MARK: - ls

    /// Projects found from container labels (`ls`); `all`: also projects with no running container.
    public static func projects(client: any EngineAPI, all: Bool) async throws -> [ProjectSummary] {
        var f = Filters()
        f.label(ComposeLabels.project)
        let list: [ContainerSummary]
        do {
            list = try await client.listContainers(all: true, filters: f)
        } catch {
            throw RuntimeError.engine(error, while: "listing projects")
        }
        var byProject: [String: [ContainerSummary]] = [:]
        for c in list {
            guard let p = c.labels?[ComposeLabels.project] else { continue }
            byProject[p, default: []].append(c)
        }
        return byProject.keys.sorted().compactMap { p in
            let cs = byProject[p] ?? []
            var counts: [String: Int] = [:]
            for c in cs { counts[c.state ?? "unknown", default: 0] += 1 }
            if !all && counts["running"] == nil { return nil }
            let status = counts.keys.sorted().map { "\($0)(\(counts[$0] ?? 0))" }.joined(separator: ", ")
            var files: [String] = []
            for c in cs {
                for file in (c.labels?[ComposeLabels.configFiles] ?? "").split(separator: ",").map(String.init) where !files.contains(file) {
                    files.append(file)
                }
            }
            return ProjectSummary(name: p, status: status, configFiles: files.joined(separator: ","))
        }
    }
}
