import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// Splits a container's output chunks into lines, per stream.
struct LineSplitter {
    private var partial: [EngineOutputStream: [UInt8]] = [:]

    mutating func feed(_ chunk: OutputChunk) -> [(EngineOutputStream, String)] {
        var buffer = partial[chunk.stream] ?? []
        var out: [(EngineOutputStream, String)] = []
        for byte in chunk.bytes {
            if byte == 0x0A {
                if buffer.last == 0x0D { buffer.removeLast() }
                out.append((chunk.stream, String(decoding: buffer, as: UTF8.self)))
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.append(byte)
            }
        }
        partial[chunk.stream] = buffer
        return out
    }

    /// The bytes of each stream's unfinished last line.
    var unfinished: [EngineOutputStream: Int] { partial.mapValues(\.count) }

    mutating func finish() -> [(EngineOutputStream, String)] {
        let rest = partial.filter { !$0.value.isEmpty }.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { ($0.key, String(decoding: $0.value, as: UTF8.self)) }
        partial = [:]
        return rest
    }
}

extension ProjectRunner {
    /// Every container's output of the services (all when empty), merged, one line at a time.
    /// With `options.follow`, containers started later are picked up too (from events), and
    /// the stream lasts until the consumer stops reading — or, with `followUntil`, until that
    /// returns and every container followed so far has ended its output (an attached `up`
    /// passes "the project has been stopped", so the last lines are printed and nothing waits).
    public func logs(
        services: [String], options: LogOptions, followUntil: (@Sendable () async -> Void)? = nil
    ) async throws -> AsyncThrowingStream<LogLine, any Error> {
        let wanted = Set(try scope(services))
        let client = self.client
        let project = name
        var events: AsyncThrowingStream<EngineEvent, any Error>?
        if options.follow {
            var f = Filters()
            f.add("type", "container")
            f.add("event", "start")
            f.add("event", "die")
            f.label(ComposeLabels.project, project)
            do { events = try await client.liveEvents(filters: f) } catch { throw RuntimeError.engine(error, while: "subscribing to engine events") }
        }
        let existing = try await containers(all: true, services: []).filter { wanted.contains($0.labels?[ComposeLabels.service] ?? "") }
        let (stream, continuation) = AsyncThrowingStream<LogLine, any Error>.makeStream()
        let followEvents = events.map { events in followUntil.map { Self.relay(events, until: $0) } ?? events }
        let task = Task {
            let seen = SeenSet()
            await withTaskGroup(of: Void.self) { group in
                for c in existing {
                    guard let id = c.id, await seen.insert(id) else { continue }
                    let name = c.plainName ?? id, labels = c.labels ?? [:]
                    group.addTask {
                        await Self.pumpUntilDone(client: client, id: id, name: name, labels: labels, options: options, seen: seen, into: continuation)
                    }
                }
                if let followEvents {
                    do {
                        for try await e in followEvents {
                            guard let id = e.actor?.id, let attrs = e.actor?.attributes,
                                wanted.contains(attrs[ComposeLabels.service] ?? ""), attrs[ComposeLabels.oneoff] != "True"
                            else { continue }
                            if e.actionName == "die" {
                                await seen.died(id)
                                continue
                            }
                            guard await seen.insert(id, restartAt: e.time) else { continue }
                            // A container started later (or restarted): its output from that start
                            // on. The process can write before the engine emits `start`, in the
                            // second before the event's (whole-second) time: start one earlier.
                            var o = options
                            o.tail = nil
                            if let time = e.time { o.since = String(time - 1) }
                            let later = o
                            group.addTask {
                                await Self.pumpUntilDone(
                                    client: client, id: id, name: attrs["name"] ?? id, labels: attrs, options: later, seen: seen,
                                    into: continuation)
                            }
                        }
                    } catch {}
                }
                await group.waitForAll()
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// How long a follow may stay open, with nothing coming, after its container stopped.
    static let followGrace: Duration = .seconds(2)

    /// Pumps a container's logs, then again from each restart seen while it was pumping.
    ///
    /// dockerd can leave a follow open after its container stopped, without sending the last
    /// lines: when the container exits while the request is being served, the follower can
    /// miss the logger's close (a race in its log followers; seen as 300 s hangs of
    /// StreamTests in full runs). So once the container is seen to stop (a `die` or a new
    /// `start` event), a follow that stays silent for `followGrace` is cut, and its output is
    /// read again without following, past the bytes already passed on.
    static func pumpUntilDone(
        client: any EngineAPI, id: String, name: String, labels: [String: String], options: LogOptions, seen: SeenSet,
        into continuation: AsyncThrowingStream<LogLine, any Error>.Continuation
    ) async {
        var o = options
        while true {
            let current = o
            let progress = PumpProgress()
            let cut = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await pumpLogs(client: client, id: id, name: name, labels: labels, options: current, progress: progress, into: continuation)
                    return false
                }
                if options.follow {
                    group.addTask { await cutsSilentFollow(id: id, seen: seen, progress: progress) }
                }
                let cut = await group.next() ?? false
                group.cancelAll()
                await seen.releaseWaiters(id)
                return cut
            }
            if cut, !Task.isCancelled, current.replayable {
                var again = current
                again.follow = false
                if again.until == nil, let restart = await seen.pendingRestart(id) { again.until = String(restart - 1) }
                await pumpLogs(
                    client: client, id: id, name: name, labels: labels, options: again, progress: PumpProgress(skipping: progress.passedOn),
                    into: continuation)
            }
            guard options.follow, !Task.isCancelled, let restart = await seen.finish(id) else { return }
            // Its output from that start on (one second early: the event time is whole seconds).
            o.tail = nil
            o.since = String(restart - 1)
        }
    }

    /// True once the container of a follow has stopped and the follow has then been silent for
    /// `followGrace`; false when the pump ended first.
    static func cutsSilentFollow(id: String, seen: SeenSet, progress: PumpProgress) async -> Bool {
        guard await seen.stopSeen(id) else { return false }
        var chunks = progress.chunks
        while true {
            try? await Task.sleep(for: followGrace)
            if Task.isCancelled { return false }
            let now = progress.chunks
            if now == chunks { return true }
            chunks = now
        }
    }

    /// Passes a container's logs on, line by line. The bytes `progress` says to skip (per
    /// stream, passed on by an earlier read) are dropped first; a stream cut (the task
    /// cancelled) keeps its unfinished last line back, for the read that follows it.
    static func pumpLogs(
        client: any EngineAPI, id: String, name: String, labels: [String: String], options: LogOptions, progress: PumpProgress,
        into continuation: AsyncThrowingStream<LogLine, any Error>.Continuation
    ) async {
        let service = labels[ComposeLabels.service] ?? ""
        let number = labels[ComposeLabels.containerNumber].flatMap { Int($0) } ?? 0
        func send(_ lines: [(EngineOutputStream, String)]) {
            for (s, text) in lines {
                var t = text
                var stamp: String?
                if options.timestamps, let space = t.firstIndex(of: " ") {
                    stamp = String(t[..<space])
                    t = String(t[t.index(after: space)...])
                }
                continuation.yield(LogLine(container: name, service: service, number: number, stream: s, text: t, timestamp: stamp))
            }
        }
        var splitter = LineSplitter()
        do {
            let chunks = try await client.logs(id, options: options)
            for try await chunk in chunks {
                guard let rest = progress.received(chunk) else { continue }
                send(splitter.feed(rest))
            }
        } catch {
            // A container removed meanwhile, or the stream cut: its lines end here.
        }
        if Task.isCancelled {
            progress.heldBack(splitter.unfinished)
        } else {
            send(splitter.finish())
        }
    }

    /// `events` passed through until `stop` returns; then the relay ends.
    static func relay(
        _ events: AsyncThrowingStream<EngineEvent, any Error>, until stop: @escaping @Sendable () async -> Void
    ) -> AsyncThrowingStream<EngineEvent, any Error> {
        let (relay, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        let pass = Task {
            do {
                for try await e in events { continuation.yield(e) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        let stopper = Task {
            await stop()
            continuation.finish()
        }
        continuation.onTermination = { _ in
            pass.cancel()
            stopper.cancel()
        }
        return relay
    }

    /// `die` events of the project's containers, as they happen.
    public func exits() async throws -> AsyncThrowingStream<ContainerExit, any Error> {
        var f = Filters()
        f.add("type", "container")
        f.add("event", "die")
        f.label(ComposeLabels.project, name)
        let events: AsyncThrowingStream<EngineEvent, any Error>
        do { events = try await client.liveEvents(filters: f) } catch { throw RuntimeError.engine(error, while: "subscribing to engine events") }
        let (stream, continuation) = AsyncThrowingStream<ContainerExit, any Error>.makeStream()
        let task = Task {
            do {
                for try await e in events {
                    let attrs = e.actor?.attributes ?? [:]
                    if attrs[ComposeLabels.oneoff] == "True" { continue }
                    continuation.yield(ContainerExit(
                        container: attrs["name"] ?? e.actor?.id ?? "", service: attrs[ComposeLabels.service] ?? "",
                        exitCode: e.exitCode ?? -1))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: RuntimeError.engine(error, while: "reading engine events"))
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// What one read of a container's logs has got so far: the chunks (a follow that stays silent
/// is cut) and, per stream, the bytes passed on (a read again after a cut skips them).
final class PumpProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var received: [EngineOutputStream: Int] = [:]
    private var held: [EngineOutputStream: Int] = [:]
    private var skip: [EngineOutputStream: Int]

    init(skipping skip: [EngineOutputStream: Int] = [:]) {
        self.skip = skip
    }

    /// The chunks received.
    var chunks: Int { lock.withLock { count } }

    /// Per stream, the bytes received and not held back, counting those skipped.
    var passedOn: [EngineOutputStream: Int] {
        lock.withLock { received.merging(held) { $0 - $1 } }
    }

    /// Notes `chunk`; returns what is left of it after the bytes to skip, nil when nothing is.
    func received(_ chunk: OutputChunk) -> OutputChunk? {
        lock.withLock {
            count += 1
            received[chunk.stream, default: 0] += chunk.bytes.count
            let drop = min(skip[chunk.stream] ?? 0, chunk.bytes.count)
            guard drop > 0 else { return chunk }
            skip[chunk.stream]! -= drop
            return drop == chunk.bytes.count ? nil : OutputChunk(stream: chunk.stream, bytes: Array(chunk.bytes[drop...]))
        }
    }

    /// The read was cut with these unfinished last lines: they were not passed on.
    func heldBack(_ unfinished: [EngineOutputStream: Int]) {
        lock.withLock { held = unfinished }
    }
}

/// The containers whose logs are being pumped. A `start` event for one still being pumped
/// (its old stream has not ended yet after an exit) is kept as a restart, so the pump follows
/// the new run once the old stream ends instead of dropping it. `die` events mark a container
/// stopped until it starts again: its follow is then expected to end.
actor SeenSet {
    private var ids: Set<String> = []
    private var restarts: [String: Int64] = [:]
    private var stopped: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Bool, Never>]] = [:]

    /// True when `id` was not being pumped; otherwise remembers a restart at `time`.
    func insert(_ id: String, restartAt time: Int64? = nil) -> Bool {
        if time != nil { stopped.remove(id) }
        if ids.insert(id).inserted { return true }
        if let time {
            restarts[id] = time
            wake(id, true)
        }
        return false
    }

    /// A `die` event of `id`.
    func died(_ id: String) {
        stopped.insert(id)
        wake(id, true)
    }

    /// Waits until `id` is seen stopped or restarted (true), or until its pump ends first
    /// (`releaseWaiters`, false). A cancelled caller does not wait.
    func stopSeen(_ id: String) async -> Bool {
        if restarts[id] != nil || stopped.contains(id) { return true }
        if Task.isCancelled { return false }
        return await withCheckedContinuation { waiters[id, default: []].append($0) }
    }

    /// The pump of `id` ended: whoever waits for its stop stops waiting.
    func releaseWaiters(_ id: String) {
        wake(id, false)
    }

    private func wake(_ id: String, _ value: Bool) {
        for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: value) }
    }

    /// The time of a restart of `id` seen while it is pumped, if any.
    func pendingRestart(_ id: String) -> Int64? {
        restarts[id]
    }

    /// Called when a pump ends: the time of a restart seen meanwhile (the pump goes on from
    /// it), or nil, and then `id` is no longer pumped.
    func finish(_ id: String) -> Int64? {
        if let time = restarts.removeValue(forKey: id) { return time }
        ids.remove(id)
        return nil
    }
}

extension LogOptions {
    /// Whether a second read gives the same bytes: not with a `--tail` count, whose last lines
    /// move on as the container writes.
    var replayable: Bool {
        guard let tail, let count = Int(tail) else { return true }
        return count < 0
    }
}
