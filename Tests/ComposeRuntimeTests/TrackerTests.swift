import ComposePlanner
import EngineClient
import Foundation
import Testing

@testable import ComposeRuntime

@Suite struct TrackerTests {
    func event(_ id: String, _ action: String, exitCode: Int? = nil) -> EngineEvent {
        var e = EngineEvent()
        e.type = "container"
        e.action = action
        var actor = EventActor()
        actor.id = id
        if let exitCode { actor.attributes = ["exitCode": String(exitCode)] }
        e.actor = actor
        return e
    }

    @Test func eventsWakeWaiters() async throws {
        let tracker = ContainerTracker()
        let (stream, feed) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        await tracker.attach(stream)
        async let verdict = tracker.wait("c1") { s in s.health == "healthy" ? .done : .pending }
        try await Task.sleep(for: .milliseconds(20))
        feed.yield(event("c1", "start"))
        feed.yield(event("c1", "health_status: healthy"))
        #expect(try await verdict == .done)
        async let exit = tracker.wait("c1") { s in s.status == "exited" ? .exited(s.exitCode ?? -1) : .pending }
        try await Task.sleep(for: .milliseconds(20))
        feed.yield(event("c1", "die", exitCode: 3))
        #expect(try await exit == .exited(3))
        feed.finish()
    }

    @Test func aDroppedEventStreamFailsWaitsInsteadOfHanging() async throws {
        let tracker = ContainerTracker()
        let (stream, feed) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        await tracker.attach(stream)
        let waiter = Task { try await tracker.wait("c1") { _ in .pending } }
        try await Task.sleep(for: .milliseconds(20))
        feed.finish(throwing: EngineError.protocolError(call: nil, detail: "the engine closed the connection"))
        let error = await #expect(throws: RuntimeError.self) { try await waiter.value }
        #expect(error?.kind == .engineGone)
    }

    @Test func inspectInFlightDuringAnEventIsRetried() async throws {
        let tracker = ContainerTracker()
        let (stream, feed) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        await tracker.attach(stream)
        let mark = await tracker.eventMark("c1")
        feed.yield(event("c1", "health_status: healthy"))
        try await Task.sleep(for: .milliseconds(20))
        var inspect = ContainerInspect()
        var state = inspect.state ?? .init()
        state.status = "running"
        var health = HealthState()
        health.status = "starting"
        state.health = health
        inspect.state = state
        #expect(await tracker.merge("c1", inspect: inspect, mark: mark) == false)
        #expect(await tracker.snapshot("c1")?.health == "healthy")
        feed.finish()
    }

    @Test func anUnreachableEngineIsAClearErrorNotAHang() async throws {
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: "/tmp/berth-no-engine-\(UUID().uuidString).sock")))
        let info = ProjectInfo(project: .init(name: "berth-rt-none"), workingDir: "/tmp", configFiles: [])
        let runner = ProjectRunner(client: client, project: info, progress: { _ in })
        let error = await #expect(throws: RuntimeError.self) { try await runner.observe() }
        #expect(error?.kind == .engineGone)
        #expect(error?.message.contains("cannot reach the Docker engine") == true)
        await client.shutdown()
    }
}
