import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// Commands that act on many containers at once report every failure, not just the first,
/// and a teardown goes on past a container that fails.
@Suite(.timeLimit(.minutes(5))) struct FanOutTests {
    static let threeServices = "services:\n  a:\n" + sleeper() + "\n  b:\n" + sleeper() + "\n  c:\n" + sleeper()

    static func id(_ client: any EngineAPI, _ name: String) async throws -> String {
        try #require(try await client.inspectContainer(name).id)
    }

    @Test func downReportsEveryFailureAndRemovesTheRest() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load(Self.threeServices, name: name)
            let memory = try #require(client.memory)
            try await Engine.runner(info, client).up(UpOptions())
            for service in ["a", "b"] {
                let id = try await Self.id(client, "\(name)-\(service)-1")
                await memory.inject(FaultRule(.removeContainer, target: id, fault: .status(500, "device or resource busy (\(service))")))
            }
            let error = await #expect(throws: RuntimeError.self) { try await Engine.runner(info, client).down(DownOptions()) }
            #expect(error?.failures.count == 2)
            #expect(error?.message.hasPrefix("2 actions failed:\n") == true)
            #expect(error?.message.contains("removing container \(name)-a-1") == true)
            #expect(error?.message.contains("device or resource busy (a)") == true)
            #expect(error?.message.contains("removing container \(name)-b-1") == true)
            #expect(error?.message.contains("device or resource busy (b)") == true)
            // c was removed although a and b failed.
            #expect((try? await client.inspectContainer("\(name)-c-1")) == nil)
            #expect((try? await client.inspectContainer("\(name)-a-1")) != nil)
            // The next down converges.
            try await Engine.runner(info, client).down(DownOptions())
            var f = Filters()
            f.label(ComposeLabels.project, name)
            #expect(try await client.listContainers(all: true, filters: f).isEmpty)
            #expect(try await client.listNetworks(filters: f).isEmpty)
        }
    }

    @Test func killReportsEveryFailure() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load(Self.threeServices, name: name)
            let memory = try #require(client.memory)
            try await Engine.runner(info, client).up(UpOptions())
            for service in ["b", "c"] {
                let id = try await Self.id(client, "\(name)-\(service)-1")
                await memory.inject(FaultRule(.killContainer, target: id, fault: .status(500, "cannot kill \(service)")))
            }
            let error = await #expect(throws: RuntimeError.self) { try await Engine.runner(info, client).kill(services: [], signal: nil) }
            #expect(error?.failures.map(\.message).sorted() == [
                "killing container \(name)-b-1: engine error 500: cannot kill b (MEM /killContainer/\(try await Self.id(client, "\(name)-b-1")))",
                "killing container \(name)-c-1: engine error 500: cannot kill c (MEM /killContainer/\(try await Self.id(client, "\(name)-c-1")))",
            ])
            #expect(try await client.inspectContainer("\(name)-a-1").state?.running == false)
        }
    }

    @Test func oneFailureIsReportedAsItself() async throws {
        try await Engine.withProject(.memory) { name, client in
            let info = try Engine.load(Self.threeServices, name: name)
            let memory = try #require(client.memory)
            try await Engine.runner(info, client).up(UpOptions())
            let id = try await Self.id(client, "\(name)-a-1")
            await memory.inject(FaultRule(.stopContainer, target: id, fault: .status(500, "stuck")))
            let error = await #expect(throws: RuntimeError.self) { try await Engine.runner(info, client).stop(services: [], timeout: 0) }
            #expect(error?.failures.isEmpty == true)
            #expect(error?.container == "\(name)-a-1")
            #expect(error?.message.hasPrefix("stopping container \(name)-a-1") == true)
            #expect(try await client.inspectContainer("\(name)-b-1").state?.running == false)
            #expect(try await client.inspectContainer("\(name)-c-1").state?.running == false)
        }
    }
}
