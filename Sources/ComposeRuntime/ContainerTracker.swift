import ComposePlanner
import EngineClient
import Foundation

/// What the runtime knows about one container, from events and one inspect.
struct ContainerSnapshot: Sendable, Hashable {
    /// `created`, `running`, `exited`, `paused`, `restarting`, `dead`, `removed`.
    var status: String = "unknown"
    var exitCode: Int?
    /// `starting`, `healthy`, `unhealthy`; nil when not known.
    var health: String?
    /// From the container's config; nil until inspected.
    var hasHealthcheck: Bool?
    /// Incremented on every event for this container.
    var events = 0
}

/// How a wait stands.
enum WaitVerdict: Sendable, Hashable {
    case pending, done
    case exited(Int)
    case unhealthy
    case noHealthcheck
    case removed
}

/// Container states fed by ONE `/events` subscription per run (plus one inspect per waited
/// container, to close the race between subscribing and waiting). Waiters are woken by
/// events; nothing polls.
actor ContainerTracker {
    private var states: [String: ContainerSnapshot] = [:]
    private var waiters: [String: [UUID: (check: @Sendable (ContainerSnapshot) -> WaitVerdict, continuation: CheckedContinuation<WaitVerdict, any Error>)]] = [:]
    private var ended: RuntimeError?
    private var pump: Task<Void, Never>?

    /// Subscribes to the project's container events; every state change after this call is
    /// seen (`liveEvents`).
    func subscribe(client: any EngineAPI, project: String) async throws {
        var filters = Filters()
        filters.add("type", "container")
        filters.label(ComposeLabels.project, project)
        let stream: AsyncThrowingStream<EngineEvent, any Error>
        do {
            stream = try await client.liveEvents(filters: filters)
        } catch {
            throw RuntimeError.engine(error, while: "subscribing to engine events")
        }
        attach(stream)
    }

    /// Feeds the tracker from an event stream; its end fails every wait.
    func attach(_ stream: AsyncThrowingStream<EngineEvent, any Error>) {
        pump = Task { [weak self] in
            do {
                for try await event in stream {
                    await self?.apply(event)
                }
                await self?.end(RuntimeError(.engineGone, "the engine closed the event stream (is it still running?)"))
            } catch is CancellationError {
                await self?.end(RuntimeError(.other, "cancelled"))
            } catch {
                await self?.end(RuntimeError(.engineGone, "lost the engine's event stream: \(error)"))
            }
        }
    }

    /// Stops listening.
    func close() {
        pump?.cancel()
        pump = nil
        end(RuntimeError(.other, "the run is over"))
    }

    func apply(_ event: EngineEvent) {
        guard let id = event.actor?.id ?? event.id, let action = event.actionName else { return }
        var s = states[id] ?? ContainerSnapshot()
        switch action {
        case "create": s.status = "created"
        case "start", "restart":
            s.status = "running"
            s.exitCode = nil
            if s.hasHealthcheck != false { s.health = "starting" }
        case "die":
            s.status = "exited"
            s.exitCode = event.exitCode
        case "pause": s.status = "paused"
        case "unpause": s.status = "running"
        case "destroy": s.status = "removed"
        case "health_status":
            if let h = event.healthStatus { s.health = h }
        default: return
        }
        s.events += 1
        states[id] = s
        notify(id)
    }

    /// Number of events seen for `id` so far (to tell whether an inspect is still current).
    func eventMark(_ id: String) -> Int { states[id]?.events ?? 0 }

    /// Takes an inspect result, unless events for the container arrived while it was in
    /// flight (then the caller inspects again). The healthcheck presence is always kept.
    func merge(_ id: String, inspect: ContainerInspect, mark: Int) -> Bool {
        var s = states[id] ?? ContainerSnapshot()
        let test = inspect.config?.healthcheck?.test
        s.hasHealthcheck = test != nil && test?.first != "NONE" && test?.isEmpty == false
        guard s.events == mark else {
            states[id] = s
            return false
        }
        if let state = inspect.state {
            s.status = state.status ?? s.status
            s.exitCode = state.status == "exited" ? state.exitCode : nil
            s.health = state.health?.status
        }
        states[id] = s
        notify(id)
        return true
    }

    /// Marks a container as just started by this run (the start event will follow).
    func snapshot(_ id: String) -> ContainerSnapshot? { states[id] }

    /// Waits until `check` says something other than `pending`.
    func wait(_ id: String, _ check: @escaping @Sendable (ContainerSnapshot) -> WaitVerdict) async throws -> WaitVerdict {
        if let ended { throw ended }
        let now = check(states[id] ?? ContainerSnapshot())
        if now != .pending { return now }
        let token = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<WaitVerdict, any Error>) in
                if Task.isCancelled {
                    c.resume(throwing: CancellationError())
                    return
                }
                waiters[id, default: [:]][token] = (check, c)
            }
        } onCancel: {
            Task { await self.cancel(id, token) }
        }
    }

    private func cancel(_ id: String, _ token: UUID) {
        if let w = waiters[id]?.removeValue(forKey: token) { w.continuation.resume(throwing: CancellationError()) }
    }

    private func notify(_ id: String) {
        guard let list = waiters[id], let s = states[id] else { return }
        for (token, w) in list {
            let v = w.check(s)
            if v != .pending {
                waiters[id]?[token] = nil
                w.continuation.resume(returning: v)
            }
        }
    }

    /// Fails every current and future wait with `error` (a run that is stopping).
    func abortWaits(_ error: RuntimeError) { end(error) }

    private func end(_ error: RuntimeError) {
        if ended == nil { ended = error }
        let all = waiters
        waiters = [:]
        for (_, list) in all { for (_, w) in list { w.continuation.resume(throwing: error) } }
    }
}
