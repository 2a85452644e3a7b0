import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2))) struct ScaleTests {
    /// Twenty independent services: cold `up -d`, no-op `up -d`, `ps`, `down`; prints timings.
    @Test func twentyServices() async throws {
        try await Engine.withProject { name, client in
            var yaml = "services:\n"
            for i in 1...20 { yaml += "  s\(i):\n" + sleeper() + "\n" }
            let info = try Engine.load(yaml, name: name)
            let clock = ContinuousClock()
            var t = clock.now
            let plan = try await Engine.runner(info, client).up(UpOptions())
            let cold = clock.now - t
            #expect(plan.actions.count == 41)
            t = clock.now
            let noop = try await Engine.runner(info, client).up(UpOptions())
            let noopTime = clock.now - t
            #expect(noop.isEmpty)
            t = clock.now
            let ps = try await Engine.runner(info, client).containers(all: false, services: [])
            let psTime = clock.now - t
            #expect(ps.count == 20)
            t = clock.now
            try await Engine.runner(info, client).down(DownOptions(timeout: 0))
            let down = clock.now - t
            #expect(try await Engine.projectContainers(client, name).isEmpty)
            print("20 services: cold up \(cold), no-op up \(noopTime), ps \(psTime), down \(down)")
        }
    }
}
