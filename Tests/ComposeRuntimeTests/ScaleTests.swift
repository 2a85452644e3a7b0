import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct ScaleTests {
    /// Twenty independent services: cold `up -d`, no-op `up -d`, `ps`, `down`; prints timings.
    @Test(arguments: EngineKind.selected) func twentyServices(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
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
            print("20 services (\(kind)): cold up \(cold), no-op up \(noopTime), ps \(psTime), down \(down)")
        }
    }

    /// Five services, each waiting for the previous one to be healthy: the waits should cost
    /// the health checks themselves, not polling intervals. Prints the time.
    @Test(arguments: EngineKind.selected) func healthyChainOfFive(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            await client.script(["c": ContainerScript(health: .healthy(after: .milliseconds(100)))])
            var yaml = "services:\n"
            for i in 1...5 {
                yaml += "  c\(i):\n" + sleeper("""
                    healthcheck:
                      test: ["CMD", "true"]
                      interval: 100ms
                """) + "\n"
                if i > 1 { yaml += "    depends_on:\n      c\(i - 1): {condition: service_healthy}\n" }
            }
            let info = try Engine.load(yaml, name: name)
            let clock = ContinuousClock()
            let t = clock.now
            try await Engine.runner(info, client).up(UpOptions())
            let elapsed = clock.now - t
            var previous = 0.0
            var previousHealthy = 0.0
            var gaps: [Double] = []
            for i in 1...5 {
                let state = try await client.inspectContainer("\(name)-c\(i)-1").state
                let started = Engine.time(state?.startedAt)
                #expect(started > previous)
                if previousHealthy > 0 { gaps.append(started - previousHealthy) }
                previous = started
                let log = state?.health?.log ?? []
                previousHealthy = log.count < 5 ? Engine.time(log.first { $0.exitCode == 0 }?.end) : 0
            }
            print("chain: start of each service after its dependency's first passing check ended: \(gaps.map { Int($0 * 1000) }) ms")
            print("healthy chain of 5 (\(kind), checks every 100 ms): up \(elapsed)")
        }
    }
}
