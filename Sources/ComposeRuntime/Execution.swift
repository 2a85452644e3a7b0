import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

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
    /// The names of the project's containers when the plan was made, one-offs included: the
    /// endpoint names a stale endpoint can carry (see `removeNetworkInUse`).
    let observedNames: [String]

    private init(
        runner: ProjectRunner, tracker: ContainerTracker?, registry: ContainerRegistry, apiVersion: APIVersion,
        waitableDeps: Set<String>?, stopTimeout: Int?, imageDigests: [String: String], observedNames: [String]
    ) {
        self.imageDigests = imageDigests
        self.observedNames = observedNames
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
            waitableDeps: noDeps, stopTimeout: plan.stopTimeout, imageDigests: imageDigests,
            observedNames: observed.containers.map(\.name))
    }

    var client: any EngineAPI { runner.client }
    var project: Project { runner.info.project }

    /// Walks the plan's DAG: every action starts as soon as the actions it comes after are
    /// done; the runner's limiter bounds the engine calls. In a plan that builds (create,
    /// start…), the first failure stops actions that have not begun, and those under way
    /// finish. A teardown (only stops and removals) goes on past a failure with everything
    /// that does not come after it. Either way every failure is reported, not just the first
    /// (`RuntimeError.aggregate`).
    func execute(_ plan: Plan) async throws {
        guard !plan.actions.isEmpty else { return }
        let done = self.done
        let failures = Failures()
        let keepGoing = plan.actions.allSatisfy(\.isTeardown)
        await withTaskGroup(of: Void.self) { group in
            for action in plan.actions {
                group.addTask {
                    do {
                        for dep in action.after { try await done.wait(dep) }
                        try await done.check()
                        try await self.perform(action)
                        await done.finish(action.id)
                    } catch {
                        await failures.record(error)
                        if keepGoing {
                            await done.fail(action.id, error)
                        } else {
                            await done.abort(error)
                            // Waits in other branches end too; actions already under way finish.
                            await self.tracker?.abortWaits(
                                error as? RuntimeError ?? RuntimeError(.other, "stopped: \(error)"))
                        }
                    }
                }
            }
            // Actions under way always finish: they are never left half-done.
            await group.waitForAll()
        }
        if let error = await failures.error { throw error }
    }

    func emit(_ resource: String, _ text: String, _ status: ProgressStatus = .done, _ detail: String? = nil) {
        runner.emit(resource, text, status, detail)
    }

    func call<T: Sendable>(_ what: @autoclosure () -> String, container: String? = nil, _ body: @Sendable () async throws -> T) async throws -> T {
        try await runner.call(what(), container: container, body)
    }

    /// One action, by kind: networks and volumes (Execution+Resources), containers
    /// (Execution+Containers); starts wait on their dependencies' conditions (Execution+Waits).
    func perform(_ action: PlanAction) async throws {
        switch action.kind {
        case .createNetwork(let key, let name):
            try await createNetwork(key: key, name: name)
        case .removeNetwork(_, let name, let id):
            try await removeNetwork(name: name, id: id)
        case .createVolume(let key, let name):
            try await createVolume(key: key, name: name)
        case .removeVolume(_, let name):
            try await removeVolume(name: name)
        case .createContainer(let t):
            emit("Container \(t.name)", "Creating", .working)
            _ = try await createContainer(t, name: t.name, inherited: [], replacing: nil)
            emit("Container \(t.name)", "Created")
        case .recreateContainer(let t, let tmp, let renew):
            try await recreate(t, temporaryName: tmp, renew: renew)
        case .renameContainer(let t, let from):
            try await rename(t, from: from)
        case .startContainer(let t):
            try await start(t)
        case .unpauseContainer(let t):
            try await unpause(t)
        case .stopContainer(let t):
            try await stopContainer(t)
        case .restartContainer(let t):
            try await restart(t)
        case .removeContainer(let t, let volumes):
            try await remove(t, volumes: volumes)
        }
    }
}

extension PlanAction {
    /// A stop or a removal: a teardown of many of these goes on past one that fails.
    var isTeardown: Bool {
        switch kind {
        case .stopContainer, .removeContainer, .removeNetwork, .removeVolume: true
        default: false
        }
    }
}
