import ComposeModel
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// Following logs when the engine does not close a follow after its container stopped (a race
/// in dockerd's log followers: when the container exits while the request is being served,
/// the follower can miss the end, and then it neither sends the last lines nor ends; seen as
/// 300 s hangs of StreamTests.followedLogsPickUpContainersStartedLaterAndExitsAreReported in
/// full runs, locally and in CI).
@Suite(.timeLimit(.minutes(1))) struct LogFollowTests {
    /// A restart seen while the old stream is still open: the old one is cut after the grace
    /// period, and the new run's output follows.
    @Test func aFollowTheEngineLeavesOpenIsCutWhenTheContainerStartsAgain() async throws {
        try await Engine.withProject(.memory) { name, client in
            let memory = try #require(client.memory)
            await memory.setScript { _, _ in
                ContainerScript(exitAfter: .milliseconds(50), exitCode: 3, output: [OutputChunk(stream: .stdout, bytes: Array("hello-again\n".utf8))])
            }
            let info = try Engine.load("services:\n  once:\n" + sleeper(), name: name)
            let runner = Engine.runner(info, client)
            // The first follow of the container never ends and never sends anything.
            await memory.inject(FaultRule(.logs, fault: .stallStream, times: 1))
            let logs = try await runner.logs(services: [], options: LogOptions(follow: true))
            try await runner.up(UpOptions())
            try await Task.sleep(for: .milliseconds(300))
            try await runner.start(services: ["once"])
            let started = ContinuousClock.now
            // Bounded: without the cut this waits for ever.
            let lines = try await collect(logs, until: { $0.count == 1 }, within: .seconds(10))
            #expect(lines.first?.container == "\(name)-once-1")
            // After the grace period (2 s), not at once: a healthy stream gets its time to end.
            #expect(ContinuousClock.now - started >= .milliseconds(1500))
        }
    }

    /// A follow that sent part of the output and then stalled, with no restart to come: once
    /// the container has died and the follow has been silent for the grace period, it is cut
    /// and the output is read again, past what was passed on: every line once, the one cut in
    /// half whole.
    @Test func aFollowThatStallsAfterTheExitIsReadAgainWithoutRepeats() async throws {
        try await Engine.withProject(.memory) { name, client in
            let memory = try #require(client.memory)
            let chunks = ["fir", "st\nsec", "ond\nthi", "rd\n"].map { OutputChunk(stream: .stdout, bytes: Array($0.utf8)) }
                + [OutputChunk(stream: .stderr, bytes: Array("err-line\n".utf8))]
            await memory.setScript { _, _ in ContainerScript(exitAfter: .milliseconds(50), exitCode: 0, output: chunks) }
            let info = try Engine.load("services:\n  once:\n" + sleeper(), name: name)
            let runner = Engine.runner(info, client)
            // "first\ns" and then nothing, for ever.
            await memory.inject(FaultRule(.logs, fault: .stallStreamAfter(bytes: 7), times: 1))
            let logs = try await runner.logs(services: [], options: LogOptions(follow: true))
            try await runner.up(UpOptions())
            let lines = try await collect(logs, until: { $0.count == 4 }, within: .seconds(10))
            #expect(lines.filter { $0.stream == .stdout }.map(\.text) == ["first", "second", "third"])
            #expect(lines.filter { $0.stream == .stderr }.map(\.text) == ["err-line"])
            // And nothing more comes: no line twice.
            let more = try await collect(logs, until: { _ in false }, within: .milliseconds(500))
            #expect(more.isEmpty)
        }
    }

    /// The lines of `stream` until `done` says enough or `limit` passes (then what came).
    func collect(
        _ stream: AsyncThrowingStream<LogLine, any Error>, until done: @escaping @Sendable ([LogLine]) -> Bool, within limit: Duration
    ) async throws -> [LogLine] {
        let box = LineBox()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await line in stream {
                    if box.append(line, done) { return }
                }
            }
            group.addTask { try await Task.sleep(for: limit) }
            try await group.next()
            group.cancelAll()
        }
        return box.lines
    }
}

/// Lines collected by a reading task, read by the test after it.
final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [LogLine] = []

    /// Appends; true when `done` says the lines are enough.
    func append(_ line: LogLine, _ done: ([LogLine]) -> Bool) -> Bool {
        lock.withLock {
            collected.append(line)
            return done(collected)
        }
    }

    var lines: [LogLine] { lock.withLock { collected } }
}
