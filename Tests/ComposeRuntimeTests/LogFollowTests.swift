import ComposeModel
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// Following logs across a restart when the engine does not close the old follow.
@Suite(.timeLimit(.minutes(1))) struct LogFollowTests {
    /// The engine can leave a container's log follow open after the container stopped (a race
    /// in dockerd's log followers; seen once in a full test run as a 300 s hang of
    /// StreamTests.followedLogsPickUpContainersStartedLaterAndExitsAreReported). A restart seen while the old stream is still open cuts it after a grace period,
    /// and the new run's output follows.
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
            let line = try await withThrowingTaskGroup(of: LogLine?.self) { group in
                group.addTask { 
                    for try await line in logs where line.text == "hello-again" { return line }
                    return nil
                 }
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    return nil
                }
                let winner = try await group.next() ?? nil
                group.cancelAll()
                return winner
            }
            #expect(line?.container == "\(name)-once-1")
            // After the grace period (2 s), not at once: a healthy stream gets its time to end.
            #expect(ContinuousClock.now - started >= .milliseconds(1500))
        }
    }
}
