import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

let image = Engine.image

/// A long-running service that stops at once.
func sleeper(_ extra: String = "") -> String {
    """
        image: \(image)
        command: ["sleep", "3600"]
        stop_signal: SIGKILL
    \(extra)
    """
}

/// The runtime's scenarios, each on both engines (`EngineKind`): the in-memory engine plays
/// the compose file's commands and healthchecks through `ContainerScript`s.
@Suite(.timeLimit(.minutes(5))) struct EngineRuntimeTests {
    @Test(arguments: EngineKind.selected) func healthAndCompletionOrdering(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            // db turns healthy `ready` seconds after it starts; migrate runs 0.3 s.
            let ready = kind == .memory ? 0.3 : 1.0
            await client.script([
                "db": ContainerScript(health: .healthy(after: .milliseconds(Int(ready * 1000)))),
                "migrate": .exits(0, after: .milliseconds(300)),
            ])
            let yaml = """
            services:
              db:
                image: \(image)
                command: ["sh", "-c", "sleep \(ready); touch /tmp/ready; exec sleep 3600"]
                stop_signal: SIGKILL
                healthcheck:
                  test: ["CMD", "test", "-f", "/tmp/ready"]
                  interval: 200ms
                  retries: 30
              migrate:
                image: \(image)
                command: ["sh", "-c", "sleep 0.3"]
                depends_on:
                  db: {condition: service_healthy}
              web:
            \(sleeper())
                depends_on:
                  db: {condition: service_healthy}
                  migrate: {condition: service_completed_successfully}
            """
            let info = try Engine.load(yaml, name: name)
            let events = EventLog()
            let plan = try await Engine.runner(info, client, events: events).up(UpOptions())
            #expect(plan.actions.filter { $0.verb == "start" }.count == 3)
            let db = try await client.inspectContainer("\(name)-db-1")
            let migrate = try await client.inspectContainer("\(name)-migrate-1")
            let web = try await client.inspectContainer("\(name)-web-1")
            // db turns healthy only once /tmp/ready exists, a second after it started (the
            // health log keeps only the last checks, so its start time is the reference).
            let dbStarted = Engine.time(db.state?.startedAt)
            #expect(dbStarted > 0)
            #expect(Engine.time(migrate.state?.startedAt) >= dbStarted + ready)
            #expect(migrate.state?.exitCode == 0)
            #expect(Engine.time(web.state?.startedAt) >= Engine.time(migrate.state?.finishedAt))
            #expect(web.state?.running == true)
            #expect(events.all.contains { $0.resource == "Container \(name)-db-1" && $0.text == "Healthy" })

            // A second up changes nothing, except starting the exited one-shot again (as Compose).
            let again = try await Engine.runner(info, client).plan(PlanOptions())
            #expect(again.actions.map(\.line) == ["start container \(name)-migrate-1 (exited)"])
        }
    }

    @Test(arguments: EngineKind.selected) func noOpSecondUpAndConfigChangeRecreatesOnlyThatService(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            func yaml(_ mode: String) -> String {
                """
                services:
                  a:
                \(sleeper())
                    environment:
                      MODE: "\(mode)"
                    volumes:
                      - data:/data
                  b:
                \(sleeper())
                volumes:
                  data: {}
                """
            }
            let first = try Engine.load(yaml("1"), name: name)
            try await Engine.runner(first, client).up(UpOptions())
            let noop = try await Engine.runner(first, client).up(UpOptions())
            #expect(noop.isEmpty)
            let aBefore = try await client.inspectContainer("\(name)-a-1")
            let bBefore = try await client.inspectContainer("\(name)-b-1")
            let imageID = try await client.inspectImage(image).id
            #expect(imageID != nil)
            #expect(aBefore.config?.labels?[ComposeLabels.image] == imageID)
            if kind == .docker {
                let write = try await client.exec("\(name)-a-1", ["sh", "-c", "echo kept > /data/file"])
                #expect(write.exitCode == 0)
            }

            let second = try Engine.load(yaml("2"), name: name)
            let plan = try await Engine.runner(second, client).up(UpOptions())
            #expect(plan.actions.map(\.verb) == ["recreate", "start"])
            #expect(plan.actions.allSatisfy { $0.service == "a" })
            let aAfter = try await client.inspectContainer("\(name)-a-1")
            let bAfter = try await client.inspectContainer("\(name)-b-1")
            #expect(aAfter.id != aBefore.id)
            #expect(bAfter.id == bBefore.id)
            #expect(aAfter.config?.env?.contains("MODE=2") == true)
            #expect(aAfter.state?.running == true)
            #expect(aAfter.mounts?.first { $0.destination == "/data" }?.name == "\(name)_data")
            if kind == .docker {
                let read = try await client.exec("\(name)-a-1", ["cat", "/data/file"])
                #expect(read.stdout == "kept\n")
            }
            // No container is left under a temporary name.
            let names = try await Engine.projectContainers(client, name).compactMap(\.plainName)
            #expect(names == ["\(name)-a-1", "\(name)-b-1"])
        }
    }

    @Test(arguments: EngineKind.selected) func scaleUpAndDown(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let info = try Engine.load("services:\n  w:\n" + sleeper(), name: name)
            let runner = Engine.runner(info, client)
            try await runner.up(UpOptions())
            try await runner.up(UpOptions(plan: PlanOptions(scale: ["w": 3])))
            var ps = try await runner.containers(all: true, services: [])
            #expect(ps.compactMap(\.plainName) == ["\(name)-w-1", "\(name)-w-2", "\(name)-w-3"])
            #expect(ps.map { $0.labels?[ComposeLabels.containerNumber] } == ["1", "2", "3"])
            try await runner.up(UpOptions(plan: PlanOptions(scale: ["w": 1])))
            ps = try await runner.containers(all: true, services: [])
            #expect(ps.compactMap(\.plainName) == ["\(name)-w-1"])
        }
    }

    @Test(arguments: EngineKind.selected) func downKeepsNamedVolumesUnlessAsked(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let yaml = "services:\n  s:\n" + sleeper("    volumes: [\"data:/data\"]") + "\nvolumes:\n  data: {}\n"
            let info = try Engine.load(yaml, name: name)
            let runner = Engine.runner(info, client)
            try await runner.up(UpOptions())
            _ = try await client.inspectNetwork("\(name)_default")
            try await runner.down(DownOptions())
            #expect(try await Engine.projectContainers(client, name).isEmpty)
            await #expect(throws: EngineError.self) { try await client.inspectNetwork("\(name)_default") }
            let volume = try await client.inspectVolume("\(name)_data")
            #expect(volume.labels?[ComposeLabels.project] == name)

            try await runner.up(UpOptions())
            try await runner.down(DownOptions(removeVolumes: true))
            await #expect(throws: EngineError.self) { try await client.inspectVolume("\(name)_data") }
        }
    }

    @Test(arguments: EngineKind.selected) func unhealthyDependencyNamesContainerAndOutput(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            await client.script(["db": ContainerScript(health: .unhealthy(after: .milliseconds(50), output: "boom-output\n"))])
            let yaml = """
            services:
              db:
            \(sleeper())
                healthcheck:
                  test: ["CMD-SHELL", "echo boom-output; exit 1"]
                  interval: 100ms
                  retries: 1
              web:
            \(sleeper())
                depends_on:
                  db: {condition: service_healthy}
            """
            let info = try Engine.load(yaml, name: name)
            let error = await #expect(throws: RuntimeError.self) { try await Engine.runner(info, client).up(UpOptions()) }
            #expect(error?.message.contains("dependency failed to start: container \(name)-db-1 is unhealthy") == true)
            #expect(error?.message.contains("boom-output") == true)
            #expect(error?.container == "\(name)-db-1")
            let web = try await client.inspectContainer("\(name)-web-1")
            #expect(web.state?.status == "created")
        }
    }

    @Test(.enabled(if: EngineKind.dockerSelected)) func secretsAndConfigsFromEnvironmentAndContent() async throws {
        try await Engine.withProject { name, client in
            let yaml = """
            services:
              s:
            \(sleeper())
                secrets: [token]
                configs:
                  - source: greeting
                    target: /etc/greeting
            secrets:
              token:
                environment: TOKEN_VALUE
            configs:
              greeting:
                content: hello config
            """
            let info = try Engine.load(yaml, name: name, environment: ["TOKEN_VALUE": "s3cret"])
            try await Engine.runner(info, client).up(UpOptions())
            let secret = try await client.exec("\(name)-s-1", ["cat", "/run/secrets/token"])
            #expect(secret.stdout == "s3cret")
            let config = try await client.exec("\(name)-s-1", ["cat", "/etc/greeting"])
            #expect(config.stdout == "hello config")
        }
    }

    @Test(arguments: EngineKind.selected) func concurrentUpsEndWithOneSetOfContainers(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let info = try Engine.load("services:\n  a:\n" + sleeper() + "\n  b:\n" + sleeper(), name: name)
            async let one = Engine.runner(info, client).up(UpOptions())
            async let two = Engine.runner(info, client).up(UpOptions())
            let plans = try await [one, two]
            #expect(plans.filter(\.isEmpty).count == 1)
            let names = try await Engine.projectContainers(client, name).compactMap(\.plainName)
            #expect(names == ["\(name)-a-1", "\(name)-b-1"])
            var f = Filters()
            f.label(ComposeLabels.project, name)
            #expect(try await client.listNetworks(filters: f).count == 1)
        }
    }

    @Test(arguments: EngineKind.selected) func lifecycleCommands(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let info = try Engine.load("services:\n  s:\n" + sleeper(), name: name)
            let runner = Engine.runner(info, client)
            let c = "\(name)-s-1"
            let nothing = await #expect(throws: RuntimeError.self) { try await runner.start(services: []) }
            #expect(nothing?.message == "no containers to start")
            try await runner.up(UpOptions())
            try await runner.pause(services: [])
            #expect(try await client.inspectContainer(c).state?.status == "paused")
            try await runner.unpause(services: ["s"])
            #expect(try await client.inspectContainer(c).state?.status == "running")
            try await runner.stop(services: [], timeout: 0)
            #expect(try await client.inspectContainer(c).state?.status == "exited")
            try await runner.start(services: [])
            let started = try await client.inspectContainer(c).state?.startedAt
            #expect(try await client.inspectContainer(c).state?.status == "running")
            try await runner.restart(services: [], timeout: 0)
            let restarted = try await client.inspectContainer(c).state
            #expect(restarted?.status == "running")
            #expect(restarted?.startedAt != started)
            try await runner.kill(services: [], signal: "SIGKILL")
            let killed = try await client.inspectContainer(c).state
            #expect(killed?.status == "exited")
            #expect(killed?.exitCode == 137)
            try await runner.remove(services: [], stopFirst: false, volumes: true)
            #expect(try await Engine.projectContainers(client, name).isEmpty)
        }
    }

    @Test(arguments: EngineKind.selected) func logsTellStdoutFromStderrAndPsIsSorted(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            await client.script([
                "talk": ContainerScript(
                    exitAfter: .milliseconds(50),
                    output: [OutputChunk(stream: .stdout, bytes: Array("out-line\n".utf8)), OutputChunk(stream: .stderr, bytes: Array("err-line\n".utf8))])
            ])
            let yaml = """
            services:
              talk:
                image: \(image)
                command: ["sh", "-c", "echo out-line; echo err-line >&2"]
              b:
            \(sleeper())
                scale: 2
              a:
            \(sleeper())
            """
            let info = try Engine.load(yaml, name: name)
            let runner = Engine.runner(info, client)
            try await runner.up(UpOptions())
            let codes = try await runner.wait(services: ["talk"])
            #expect(codes == ["\(name)-talk-1": 0])
            var lines: [LogLine] = []
            for try await line in try await runner.logs(services: ["talk"], options: LogOptions()) { lines.append(line) }
            #expect(lines.contains { $0.stream == .stdout && $0.text == "out-line" && $0.service == "talk" && $0.number == 1 })
            #expect(lines.contains { $0.stream == .stderr && $0.text == "err-line" })
            let ps = try await runner.containers(all: true, services: [])
            #expect(ps.compactMap(\.plainName) == ["\(name)-a-1", "\(name)-b-1", "\(name)-b-2", "\(name)-talk-1"])
            let running = try await runner.containers(all: false, services: ["b"])
            #expect(running.count == 2)
            let projects = try await ProjectRunner.projects(client: client, all: true)
            #expect(projects.first { $0.name == name }?.status == "exited(1), running(3)")
        }
    }

    @Test(arguments: EngineKind.selected) func waitOptionAndTimeout(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            await client.script(["slow": ContainerScript(health: .manual)])
            let limit = kind == .memory ? 300 : 1500
            let yaml = """
            services:
              slow:
            \(sleeper())
                healthcheck:
                  test: ["CMD", "false"]
                  interval: 5s
            """
            let info = try Engine.load(yaml, name: name)
            // The first check runs only after 5 s, so only the timeout can end this wait early.
            let error = await #expect(throws: RuntimeError.self) {
                try await Engine.runner(info, client).up(UpOptions(wait: true, waitTimeout: .milliseconds(limit)))
            }
            #expect(error?.message == "application not healthy after \(Double(limit) / 1000)s")
            #expect(error?.kind == .timeout)
        }
    }
}
