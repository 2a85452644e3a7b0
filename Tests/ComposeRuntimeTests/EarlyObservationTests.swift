import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// List calls sent before the file is read stand in for the first observation only when
/// they are for the loaded project and recent; otherwise the runner asks again.
@Suite struct EarlyObservationTests {
    static let yaml = "services:\n  web:\n    image: \(Engine.image)\n    command: [\"sleep\", \"3600\"]\n"

    /// A project that is up on a fresh in-memory engine, and the list calls made so far.
    static func upProject() async throws -> (InMemoryEngine, String, ProjectInfo, Int) {
        let engine = InMemoryEngine(images: [Engine.image])
        let name = Engine.projectName()
        let info = try Engine.load(Self.yaml, name: name)
        _ = try await Engine.runner(info, engine).up(UpOptions())
        return (engine, name, info, await engine.count(.listContainers))
    }

    @Test func theFirstObservationTakesTheEarlyCallsAndLaterOnesAskAgain() async throws {
        let (engine, name, info, before) = try await Self.upProject()

        let early = try #require(EarlyObservation(client: engine, project: name))
        let runner = ProjectRunner(client: engine, project: info, early: early, progress: { _ in })
        let first = try await runner.observe()
        #expect(first.containers.count == 1)
        #expect(await engine.count(.listContainers) == before + 1, "the early list is the only one")
        let second = try await runner.observe()
        #expect(second == first)
        #expect(await engine.count(.listContainers) == before + 2, "a second observation asks the engine")
        #expect(await engine.count(.listNetworks) >= 2)
    }

    @Test func callsForAnotherNameAreNotUsed() async throws {
        let (engine, name, info, before) = try await Self.upProject()

        let early = try #require(EarlyObservation(client: engine, project: name + "-other"))
        let runner = ProjectRunner(client: engine, project: info, early: early, progress: { _ in })
        let observed = try await runner.observe()
        #expect(observed.containers.map(\.name) == ["\(name)-web-1"])
        // The early call (for the other name) and the runner's own.
        #expect(await engine.count(.listContainers) == before + 2)
    }

    @Test func staleCallsAreNotUsed() async throws {
        let engine = InMemoryEngine(images: [Engine.image])
        let name = Engine.projectName()
        let info = try Engine.load(Self.yaml, name: name)
        // Sent before the container exists, and past their freshness by the time they are asked for.
        let early = try #require(EarlyObservation(client: engine, project: name, freshness: .milliseconds(1)))
        _ = try await early.containers.value
        _ = try await Engine.runner(info, engine).up(UpOptions())
        try await Task.sleep(for: .milliseconds(20))
        let runner = ProjectRunner(client: engine, project: info, early: early, progress: { _ in })
        let observed = try await runner.observe()
        #expect(observed.containers.count == 1, "a fresh observation sees the container the stale one missed")
    }

    /// For `up` and `down` the calls go out under the project lock: while one run holds it,
    /// another sends nothing early (it waits for the lock as before), and the runner takes the
    /// held lock over instead of waiting for itself.
    @Test func underTheProjectLockASecondRunSendsNothingEarly() async throws {
        let engine = InMemoryEngine(images: [Engine.image])
        let name = Engine.projectName()
        let info = try Engine.load(Self.yaml, name: name)
        let first = try #require(EarlyObservation(client: engine, project: name, holdingLock: true))
        #expect(EarlyObservation(client: engine, project: name, holdingLock: true) == nil, "the lock is held")
        let runner = ProjectRunner(client: engine, project: info, early: first, progress: { _ in })
        _ = try await runner.up(UpOptions())
        // `up` released the lock it took over: the next run gets it at once, and its `down`
        // takes it over in turn (it would wait for itself otherwise).
        let next = try #require(EarlyObservation(client: engine, project: name, holdingLock: true))
        try await ProjectRunner(client: engine, project: info, early: next, progress: { _ in }).down(DownOptions(timeout: 0))
        #expect(await engine.count(.removeContainer) == 1)
        // A lock taken for another name is let go when the runner asks for its own.
        let other = try #require(EarlyObservation(client: engine, project: name + "-x", holdingLock: true))
        _ = try await ProjectRunner(client: engine, project: info, early: other, progress: { _ in }).up(UpOptions())
        #expect(EarlyObservation(client: engine, project: name + "-x", holdingLock: true) != nil)
        #expect(EarlyObservation(client: engine, project: name, holdingLock: true) != nil, "up let its lock go")
    }
}
