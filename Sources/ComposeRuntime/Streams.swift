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
                                wanted.contains(attrs[ComposeLabels.service] ?? ""), attrs[ComposeLabels.oneoff] != "True",
                                await seen.insert(id, restartAt: e.time)
                            else { continue }
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

    /// Pumps a container's logs, then again from each restart seen while it was pumping.
    static func pumpUntilDone(
        client: any EngineAPI, id: String, name: String, labels: [String: String], options: LogOptions, seen: SeenSet,
        into continuation: AsyncThrowingStream<LogLine, any Error>.Continuation
    ) async {
        var o = options
        while true {
            let current = o
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    await pumpLogs(client: client, id: id, name: name, labels: labels, options: current, into: continuation)
                }
                if options.follow {
                    group.addTask {
                        // The old stream ends the moment the container stops, as a rule; but the
                        // engine can leave a follow open after the stop (a race in dockerd's log
                        // followers), and then the new run's lines would never come. Once a
                        // restart is seen, the old stream has two seconds to end by itself.
                        guard await seen.restartSeen(id) else { return }
                        try? await Task.sleep(for: .seconds(2))
                    }
                }
                await group.next()
                group.cancelAll()
                await seen.releaseWaiters(id)
            }
            guard options.follow, !Task.isCancelled, let restart = await seen.finish(id) else { return }
            // Its output from that start on (one second early: the event time is whole seconds).
            o.tail = nil
            o.since = String(restart - 1)
        }
    }

    static func pumpLogs(
        client: any EngineAPI, id: String, name: String, labels: [String: String], options: LogOptions,
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
        do {
            var splitter = LineSplitter()
            let chunks = try await client.logs(id, options: options)
            for try await chunk in chunks { send(splitter.feed(chunk)) }
            send(splitter.finish())
        } catch {
            // A container removed meanwhile, or the stream cut: its lines end here.
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

/// Containers whose logs are being read.
/// The containers whose logs are being pumped. A `start` event for one still being pumped
/// (its old stream has not ended yet after an exit) is kept as a restart, so the pump follows
/// the new run once the old stream ends instead of dropping it.
actor SeenSet {
    private var ids: Set<String> = []
    private var restarts: [String: Int64] = [:]
    private var waiters: [String: [CheckedContinuation<Bool, Never>]] = [:]

    /// True when `id` was not being pumped; otherwise remembers a restart at `time`.
    func insert(_ id: String, restartAt time: Int64? = nil) -> Bool {
        if ids.insert(id).inserted { return true }
        if let time {
            restarts[id] = time
            for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: true) }
        }
        return false
    }

    /// Waits until a restart of `id` is recorded while it is pumped (true), or until its pump
    /// ends first (`releaseWaiters`, false). A cancelled caller does not wait.
    func restartSeen(_ id: String) async -> Bool {
        if restarts[id] != nil { return true }
        if Task.isCancelled { return false }
        return await withCheckedContinuation { waiters[id, default: []].append($0) }
    }

    /// The pump of `id` ended: whoever waits for its restart stops waiting.
    func releaseWaiters(_ id: String) {
        for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: false) }
    }

    /// Called when a pump ends: the time of a restart seen meanwhile (the pump goes on from
    /// it), or nil, and then `id` is no longer pumped.
    func finish(_ id: String) -> Int64? {
        if let time = restarts.removeValue(forKey: id) { return time }
        ids.remove(id)
        return nil
    }
}
