import EngineClient

/// Follows a rollout until every service has its replicas running (and healthy: a task with a
/// healthcheck only reaches `running` once healthy), a job has completed, or something failed.
///
/// Woken by the engine's events (service, node and container events) and by a short tick;
/// each wake reads the services and their up-to-date tasks.
public struct StackConvergence: Sendable {
    public let client: EngineClient
    public let stack: String
    /// One line per change of a service's state: `app_web: 2/3 running`.
    public let progress: @Sendable (String) -> Void
    /// How often tasks are read between events.
    public var tick: Duration = .milliseconds(100)
    /// Failed tasks of the new spec after which a service counts as failing.
    public var failureLimit = 3

    public init(client: EngineClient, stack: String, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.client = client
        self.stack = stack
        self.progress = progress
    }

    /// The state of one service at one look.
    public struct Status: Sendable, Hashable {
        public var done = false
        public var summary = ""
        public var failure: StackError.ServiceFailure?
    }

    /// Waits; throws `StackError.notConverged` naming each service that failed or timed out.
    public func wait(for services: [StackDeployer.Deployed], timeout: Duration) async throws {
        guard !services.isEmpty else { return }
        let (wake, wakeContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let events = Task {
            var filters = Filters()
            for type in ["service", "container", "node"] { filters.add("type", type) }
            guard let stream = try? await client.events(filters: filters) else { return }
            do { for try await _ in stream { wakeContinuation.yield() } } catch {}
        }
        let ticker = Task { [tick] in
            while !Task.isCancelled {
                wakeContinuation.yield()
                try? await Task.sleep(for: tick)
            }
        }
        defer {
            events.cancel()
            ticker.cancel()
            wakeContinuation.finish()
        }
        let deadline = ContinuousClock.now + timeout
        var last: [String: String] = [:]
        var finished: [String: Status] = [:]
        for await _ in wake {
            let pending = services.filter { finished[$0.name] == nil }
            let looks = try await withThrowingTaskGroup(of: (StackDeployer.Deployed, Status).self) { group in
                for service in pending {
                    group.addTask { (service, try await look(at: service)) }
                }
                var out: [(StackDeployer.Deployed, Status)] = []
                for try await look in group { out.append(look) }
                return out
            }
            for (service, status) in looks.sorted(by: { $0.0.name < $1.0.name }) {
                if last[service.name] != status.summary {
                    last[service.name] = status.summary
                    progress("\(service.name): \(status.summary)")
                }
                if status.done || status.failure != nil { finished[service.name] = status }
            }
            if finished.count == services.count { break }
            if ContinuousClock.now > deadline {
                for service in services where finished[service.name] == nil {
                    finished[service.name] = Status(
                        failure: .init(service: service.name, reason: "did not converge within \(timeout) (\(last[service.name] ?? "no tasks"))", rolledBack: false))
                }
                break
            }
        }
        let failures = services.compactMap { finished[$0.name]?.failure }
        if !failures.isEmpty { throw StackError.notConverged(failures) }
    }

    func look(at deployed: StackDeployer.Deployed) async throws -> Status {
        let service = try await client.listServices(filters: ["id": [deployed.id]]).first { $0.id == deployed.id }
        guard let service else {
            return Status(failure: .init(service: deployed.name, reason: "the service was removed", rolledBack: false))
        }
        var status = Status()
        let update = service.updateStatus
        let fresh = update != nil && update != deployed.previousUpdate
        if fresh, let state = update?.state {
            switch state {
            case "rollback_completed", "rollback_paused":
                status.failure = .init(service: deployed.name, reason: try await taskError(deployed, fallback: update?.message), rolledBack: true)
                status.summary = "rolled back"
                return status
            case "paused":
                status.failure = .init(service: deployed.name, reason: try await taskError(deployed, fallback: update?.message), rolledBack: false)
                status.summary = "update paused"
                return status
            case "rollback_started":
                status.summary = "rolling back: \(update?.message ?? "")"
                return status
            default: break
            }
        }
        let tasks = try await client.listTasks(filters: ["service": [deployed.id], "_up-to-date": ["true"]])
        let failed = tasks.filter { ["failed", "rejected"].contains($0.status?.state ?? "") }
        if deployed.isJob {
            let iteration = service.jobStatus?.jobIteration?.index
            let current = tasks.filter { $0.jobIteration?.index == iteration }
            let complete = current.filter { $0.status?.state == "complete" }.count
            let want = Int(service.spec?.mode?.replicatedJob?.totalCompletions ?? service.serviceStatus?.desiredTasks ?? 1)
            let total = max(want, complete)
            status.summary = "job \(complete)/\(total) complete"
            // An updated job must have started a new iteration; a created one has none before.
            status.done = complete >= want && want > 0 && (deployed.previousIteration == nil || iteration != deployed.previousIteration)
            if !status.done && current.filter({ ["failed", "rejected"].contains($0.status?.state ?? "") }).count >= failureLimit {
                status.failure = .init(service: deployed.name, reason: Self.describe(failed), rolledBack: false)
            }
            return status
        }
        let running = tasks.filter { $0.desiredState == "running" && $0.status?.state == "running" }.count
        let desired = Int(service.spec?.mode?.replicated?.replicas ?? service.serviceStatus?.desiredTasks ?? 0)
        let updating = fresh && (update?.state == "updating")
        status.summary = "\(running)/\(desired) running" + (updating ? ", updating" : "")
        if running >= desired && !updating && (service.spec?.mode?.global == nil || desired > 0) {
            status.done = true
            status.summary = "\(running)/\(desired) running, converged"
        } else if failed.count >= failureLimit {
            status.failure = .init(service: deployed.name, reason: Self.describe(failed), rolledBack: false)
        }
        return status
    }

    /// The newest failed task's error and exit code, for a rollback or a pause.
    func taskError(_ deployed: StackDeployer.Deployed, fallback: String?) async throws -> String {
        let tasks = try await client.listTasks(filters: ["service": [deployed.id]])
        let failed = tasks.filter { ["failed", "rejected"].contains($0.status?.state ?? "") || $0.status?.err != nil }
        return failed.isEmpty ? (fallback ?? "update failed") : Self.describe(failed) + (fallback.map { " — \($0)" } ?? "")
    }

    static func describe(_ tasks: [SwarmTask]) -> String {
        guard let newest = tasks.max(by: { ($0.status?.timestamp ?? "") < ($1.status?.timestamp ?? "") }) else { return "tasks failed" }
        var text = "task \(newest.id.map { String($0.prefix(12)) } ?? "?") \(newest.status?.state ?? "failed"): \(newest.status?.err ?? newest.status?.message ?? "")"
        if let code = newest.status?.containerStatus?.exitCode { text += " (exit code \(code))" }
        return text
    }
}
