import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5)), .enabled(if: EngineKind.dockerSelected)) struct StreamTests {
    @Test func followedLogsPickUpContainersStartedLaterAndExitsAreReported() async throws {
        try await Engine.withProject { name, client in
            let yaml = """
            services:
              once:
                image: \(image)
                command: ["sh", "-c", "echo hello-from-once; exit 3"]
            """
            let info = try Engine.load(yaml, name: name)
            let runner = Engine.runner(info, client)
            let logs = try await runner.logs(services: [], options: LogOptions(follow: true))
            let exits = try await runner.exits()
            try await runner.up(UpOptions())
            let line = try await first(logs) { $0.text == "hello-from-once" }
            #expect(line?.container == "\(name)-once-1")
            #expect(line?.stream == .stdout)
            let exit = try await first(exits) { $0.service == "once" }
            #expect(exit == ContainerExit(container: "\(name)-once-1", service: "once", exitCode: 3))
            // Started again: its new output follows in the same stream.
            try await Task.sleep(for: .milliseconds(1100))
            try await runner.start(services: ["once"])
            let again = try await first(logs) { $0.text == "hello-from-once" }
            #expect(again?.container == "\(name)-once-1")
        }
    }

    @Test func optionalUnhealthyDependencyWarnsAndGoesOn() async throws {
        try await Engine.withProject { name, client in
            let yaml = """
            services:
              db:
            \(sleeper())
                healthcheck:
                  test: ["CMD", "false"]
                  interval: 100ms
                  retries: 1
              web:
            \(sleeper())
                ports: ["80", "81"]
                scale: 2
                depends_on:
                  db: {condition: service_healthy, required: false}
            """
            let info = try Engine.load(yaml, name: name)
            let events = EventLog()
            try await Engine.runner(info, client, events: events).up(UpOptions())
            #expect(events.all.contains { $0.status == .warning && $0.text.contains("optional dependency \"db\"") })
            for n in 1...2 {
                let web = try await client.inspectContainer("\(name)-web-\(n)")
                #expect(web.state?.running == true)
                let port = web.networkSettings?.ports?["80/tcp"]??.first?.hostPort
                #expect(port.flatMap { Int($0) } != nil)
            }
        }
    }

    /// The first element matching `predicate`, or nil if the stream ends first (bounded by the suite's time limit).
    func first<T: Sendable>(_ stream: AsyncThrowingStream<T, any Error>, where predicate: (T) -> Bool) async throws -> T? {
        for try await item in stream where predicate(item) { return item }
        return nil
    }
}
