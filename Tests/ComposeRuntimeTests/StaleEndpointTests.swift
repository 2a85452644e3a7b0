import ComposeModel
import ComposePlanner
import EngineClient
import EngineTesting
import Foundation
import Testing

@testable import ComposeRuntime

/// `down` and a network the engine refuses to remove ("has active endpoints").
@Suite(.timeLimit(.minutes(5))) struct StaleEndpointTests {
    /// dockerd 20.10's fault, as the in-memory engine models it: removed containers leave their
    /// endpoints behind, unlisted. `down` force-disconnects them by name and the network goes.
    @Test func downClearsStaleEndpointsAndRemovesTheNetwork() async throws {
        try await Engine.withProject(.memory) { name, client in
            let memory = try #require(client.memory)
            let info = try Engine.load("services:\n  a:\n" + sleeper("    scale: 3\n") + "  b:\n" + sleeper(), name: name)
            _ = try await Engine.runner(info, client).up(UpOptions())
            await memory.setKeepsStaleEndpoints(true)
            let events = EventLog()
            try await Engine.runner(info, client, events: events).down(DownOptions(timeout: 0))
            #expect(try await client.listNetworks().filter { $0.name == "\(name)_default" }.isEmpty)
            let removed = events.all.first { $0.resource == "Network \(name)_default" && $0.text == "Removed" }
            #expect(removed?.detail == "cleared 4 stale endpoint(s) the engine kept", "\(events.all)")
            #expect(await memory.count(.disconnectNetwork) == 4)
        }
    }

    /// A container that is not the project's, still running on the project's network, is never
    /// disconnected: `down` leaves the network, names the container and says what to run. On
    /// dockerd this is the engine's own refusal.
    @Test(arguments: EngineKind.selected) func aForeignContainerKeepsTheNetworkAndIsNamed(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper(), name: name)
            _ = try await Engine.runner(info, client).up(UpOptions())
            var config = ContainerConfig()
            config.image = image
            config.cmd = ["sleep", "3600"]
            var host = HostConfig()
            host.networkMode = "\(name)_default"
            let request = ContainerCreateRequest(config: config, hostConfig: host)
            let foreign = try #require(try await client.createContainer(name: "\(name)-stranger", request).id)
            defer { Task { try? await client.removeContainer(foreign, volumes: true, force: true) } }
            try await client.startContainer(foreign)

            let events = EventLog()
            try await Engine.runner(info, client, events: events).down(DownOptions(timeout: 0))
            let warning = try #require(events.all.first { $0.resource == "Network \(name)_default" && $0.status == .warning })
            let detail = warning.detail ?? ""
            #expect(detail.contains("not part of project \(name): \(name)-stranger"), "\(detail)")
            #expect(detail.contains("docker network disconnect \(name)_default \(name)-stranger"), "\(detail)")
            #expect(try await client.inspectContainer(foreign).state?.running == true)
            #expect(try await client.inspectContainer(foreign).networkSettings?.networks?.keys.contains("\(name)_default") == true)

            try await client.removeContainer(foreign, volumes: true, force: true)
            try await Engine.runner(info, client).down(DownOptions(timeout: 0))
            #expect(try await client.listNetworks().filter { $0.name == "\(name)_default" }.isEmpty)
        }
    }
}
