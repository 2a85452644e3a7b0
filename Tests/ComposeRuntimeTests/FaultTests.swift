import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// How the runtime handles an engine that fails: 409 adoption on both engines; the faults
/// only the in-memory engine can inject (500, 404, a dropped event stream, a slow call).
@Suite(.timeLimit(.minutes(5))) struct FaultTests {
    /// Someone else creates the project's network between our observe and our create: the
    /// 409 is adopted because the network carries our labels. In memory the race is forced
    /// (our create is held back until the other one is done); on dockerd it is a real race,
    /// so either side may win, and both outcomes must converge to one network.
    @Test(arguments: EngineKind.selected) func conflictOnCreateAdoptsOurNetwork(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            await client.memory?.inject(FaultRule(.createNetwork, target: "\(name)_default", fault: .delay(.milliseconds(200))))
            let up = Task { try await Engine.runner(info, client).up(UpOptions()) }
            if let memory = client.memory {
                while await memory.count(.createNetwork) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            }
            var request = NetworkCreateRequest()
            request.name = "\(name)_default"
            request.checkDuplicate = true
            request.labels = [ComposeLabels.project: name, ComposeLabels.network: "default", ComposeLabels.version: ProjectRunner.versionLabel]
            _ = try? await client.createNetwork(request)
            _ = try await up.value
            // On dockerd both creates can pass its duplicate check; a duplicate that came after
            // the run's own checks is settled by the next `up`.
            _ = try await Engine.runner(info, client).up(UpOptions())
            var f = Filters()
            f.label(ComposeLabels.project, name)
            let networks = try await client.listNetworks(filters: f)
            #expect(networks.count == 1)
            let a = try await client.inspectContainer("\(name)-a-1")
            #expect(a.state?.running == true)
            #expect(a.networkSettings?.networks?.keys.contains("\(name)_default") == true)
        }
    }

    /// dockerd's duplicate check is not atomic: a network of the same name made while ours is
    /// being created is removed right after, so the start does not find the name ambiguous.
    @Test func duplicateFromARacingCreateIsRemoved() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            let memory = try #require(client.memory)
            await memory.setAllowsDuplicateNetworkNames(true)
            await memory.inject(FaultRule(.createNetwork, target: "\(name)_default", fault: .delay(.milliseconds(100))))
            let up = Task { try await Engine.runner(info, client).up(UpOptions()) }
            while await memory.count(.createNetwork) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            await memory.clearFaults()
            _ = try await client.createNetwork(Self.projectNetwork(name))
            _ = try await up.value
            try await Self.expectOneNetworkAndRunning(name, client)
        }
    }

    /// A duplicate made after our create but before the start: the start fails as
    /// "ambiguous", the duplicate is removed and the start is tried again.
    @Test func ambiguousNetworkOnStartIsSettledAndStartedAgain() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            let memory = try #require(client.memory)
            await memory.setAllowsDuplicateNetworkNames(true)
            await memory.inject(FaultRule(.startContainer, fault: .delay(.milliseconds(100))))
            let up = Task { try await Engine.runner(info, client).up(UpOptions()) }
            while await memory.count(.startContainer) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            _ = try await client.createNetwork(Self.projectNetwork(name))
            _ = try await up.value
            #expect(await memory.count(.startContainer) == 2)
            try await Self.expectOneNetworkAndRunning(name, client)
        }
    }

    /// A duplicate left by an earlier race is settled by the next `up`, which otherwise
    /// changes nothing; one that is not the project's is an error, at the next start, that
    /// names it.
    @Test func leftoverDuplicateIsSettledByTheNextUp() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            let memory = try #require(client.memory)
            await memory.setAllowsDuplicateNetworkNames(true)
            try await Engine.runner(info, client).up(UpOptions())
            let before = try await client.inspectContainer("\(name)-a-1").id
            _ = try await client.createNetwork(Self.projectNetwork(name))
            let plan = try await Engine.runner(info, client).up(UpOptions())
            #expect(plan.actions.isEmpty)
            try await Self.expectOneNetworkAndRunning(name, client)
            #expect(try await client.inspectContainer("\(name)-a-1").id == before)

            var foreign = NetworkCreateRequest()
            foreign.name = "\(name)_default"
            let made = try await client.createNetwork(foreign)
            // A no-op `up` only sees the project's labels; a start meets the ambiguity.
            let error = await #expect(throws: RuntimeError.self) {
                try await Engine.runner(info, client).up(UpOptions(plan: PlanOptions(forceRecreate: true)))
            }
            #expect(error?.message.contains("2 networks are named \(name)_default") == true)
            #expect(error?.message.contains("docker network rm \(made.id!.prefix(12))") == true)
        }
    }

    static func projectNetwork(_ name: String) -> NetworkCreateRequest {
        var request = NetworkCreateRequest()
        request.name = "\(name)_default"
        request.labels = [ComposeLabels.project: name, ComposeLabels.network: "default", ComposeLabels.version: ProjectRunner.versionLabel]
        return request
    }

    static func expectOneNetworkAndRunning(_ name: String, _ client: any EngineAPI) async throws {
        let networks = try await client.listNetworks(filters: Filters()).filter { $0.name == "\(name)_default" }
        #expect(networks.count == 1)
        let a = try await client.inspectContainer("\(name)-a-1")
        #expect(a.state?.running == true)
        #expect(a.networkSettings?.networks?.keys.contains("\(name)_default") == true)
    }

    @Test func foreignNetworkOnConflictIsAnError() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            let memory = try #require(client.memory)
            await memory.inject(FaultRule(.createNetwork, target: "\(name)_default", fault: .delay(.milliseconds(100))))
            let up = Task { try await Engine.runner(info, client).up(UpOptions()) }
            while await memory.count(.createNetwork) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            var request = NetworkCreateRequest()
            request.name = "\(name)_default"
            _ = try await client.createNetwork(request)
            let error = await #expect(throws: RuntimeError.self) { try await up.value }
            #expect(error?.message == "network \(name)_default exists but was not created for project \(name)")
        }
    }

    @Test func serverErrorOnStartNamesTheContainerAndStopsDependents() async throws {
        try await Engine.withProject(.memory) { name, client in
            let yaml = "services:\n  db:\n" + sleeper() + "\n  web:\n" + sleeper("    depends_on: [db]")
            let info = try Engine.load(yaml, name: name)
            await client.memory?.inject(FaultRule(.startContainer, fault: .status(500, "driver failed programming external connectivity")))
            let error = await #expect(throws: RuntimeError.self) { try await Engine.runner(info, client).up(UpOptions()) }
            #expect(error?.kind == .engine)
            #expect(error?.container == "\(name)-db-1")
            #expect(error?.message.contains("starting container \(name)-db-1") == true)
            #expect(error?.message.contains("driver failed programming external connectivity") == true)
            // web never started: the run stopped at the failure.
            #expect((try? await client.inspectContainer("\(name)-web-1"))?.state?.status != "running")
            await client.memory?.clearFaults()
            // The next up converges.
            try await Engine.runner(info, client).up(UpOptions())
            #expect(try await client.inspectContainer("\(name)-web-1").state?.status == "running")
        }
    }

    @Test func missingImageIsReportedForItsContainer() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n    image: seam-missing/none:1\n", name: name)
            let error = await #expect(throws: RuntimeError.self) { try await Engine.runner(info, client).up(UpOptions()) }
            #expect(error?.container == "\(name)-a-1")
            #expect(error?.message.contains("No such image: seam-missing/none:1") == true)
        }
    }

    @Test func notFoundOnRemoveIsNotAnError() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            try await Engine.runner(info, client).up(UpOptions())
            await client.memory?.inject(FaultRule(.removeContainer, fault: .status(404, "No such container")))
            try await Engine.runner(info, client).down(DownOptions())
            #expect(try await Engine.projectContainers(client, name).count == 1)
            try await Engine.runner(info, client).down(DownOptions())
            #expect(try await Engine.projectContainers(client, name).isEmpty)
        }
    }

    @Test func droppedEventStreamFailsTheHealthWait() async throws {
        try await Engine.withProject(.memory) { name, client in
            let yaml = """
            services:
              db:
            \(sleeper())
                healthcheck:
                  test: ["CMD", "true"]
              web:
            \(sleeper())
                depends_on:
                  db: {condition: service_healthy}
            """
            let info = try Engine.load(yaml, name: name)
            let memory = try #require(client.memory)
            await client.script(["db": ContainerScript(health: .manual)])
            let up = Task { try await Engine.runner(info, client).up(UpOptions()) }
            while await memory.count(.inspectContainer) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            await memory.dropEventStreams()
            let error = await #expect(throws: RuntimeError.self) { try await up.value }
            #expect(error?.kind == .dependencyFailed)
            #expect(error?.message.contains("lost the engine's event stream") == true)
            #expect(try await client.inspectContainer("\(name)-web-1").state?.status == "created")
        }
    }

    @Test func healthWaitsUseOneSubscriptionAndNoPolling() async throws {
        try await Engine.withProject(.memory) { name, client in
            var yaml = "services:\n"
            for i in 1...4 {
                yaml += "  c\(i):\n" + sleeper("    healthcheck:\n      test: [\"CMD\", \"true\"]") + "\n"
                if i > 1 { yaml += "    depends_on:\n      c\(i - 1): {condition: service_healthy}\n" }
            }
            let info = try Engine.load(yaml, name: name)
            await client.script(["c": ContainerScript(health: .healthy(after: .milliseconds(150)))])
            let memory = try #require(client.memory)
            try await Engine.runner(info, client).up(UpOptions())
            #expect(await memory.count(.events) == 1)
            // One inspect per waited container closes the subscription race; nothing polls. An
            // inspect is made once more only when an event for its container arrived while it
            // was in flight, which a loaded machine (CI runs two test processes on 2 cores) can
            // make happen for each of a container's two events here (start, health_status).
            // Waiting by polling would inspect each container until it is healthy, as often as
            // the poll runs.
            let inspects = await memory.count(.inspectContainer)
            #expect((3...9).contains(inspects), "\(inspects) inspects for 3 waited containers")
            // The subscription is closed once the run is over (asynchronously).
            var open = await memory.openEventStreams
            for _ in 0..<100 where open > 0 {
                try await Task.sleep(for: .milliseconds(10))
                open = await memory.openEventStreams
            }
            #expect(open == 0)
        }
    }

    @Test func slowEngineCallsStillConverge() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper() + "\n  b:\n" + sleeper(), name: name)
            await client.memory?.inject(FaultRule(.createContainer, fault: .delay(.milliseconds(200)), times: nil))
            let clock = ContinuousClock()
            let start = clock.now
            try await Engine.runner(info, client).up(UpOptions())
            let elapsed = clock.now - start
            // Every create waited for the slow engine; the run still converged.
            #expect(elapsed >= .milliseconds(200))
            #expect(await client.memory?.count(.createContainer) == 2)
            #expect(try await Engine.projectContainers(client, name).allSatisfy { $0.state == "running" })
        }
    }
}
