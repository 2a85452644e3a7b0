import Foundation
import Testing

/// Berth and Docker Compose v2 share one project on the real engine, in both directions,
/// and neither recreates what the other made from the same file. Needs the engine and
/// compose-v2 (scripts/compose-v2; CI installs it): without either these fail.
@Suite("Compose v2 interop against the engine", .serialized)
struct ComposeV2InteropTests {
    static let compose = "/usr/local/bin/compose-v2"

    /// Two networks, a named and an anonymous volume, a healthcheck dependency, a secret, an
    /// env_file, `scale: 2`, ports, labels, ulimits and resource limits.
    static let files = [
        "compose.yaml": """
            services:
              db:
                image: berth-test/busybox:1
                command: ["sh", "-c", "touch /tmp/ready; echo db up; trap 'exit 0' TERM; sleep 3600 & wait"]
                healthcheck:
                  test: ["CMD", "test", "-f", "/tmp/ready"]
                  interval: 1s
                  timeout: 2s
                  retries: 20
                volumes: [data:/data, /anon]
                networks: [back]
                secrets: [token]
              api:
                image: berth-test/busybox:1
                command: ["sh", "-c", "echo api up; trap 'exit 0' TERM; sleep 3600 & wait"]
                depends_on:
                  db: {condition: service_healthy}
                env_file: [api.env]
                environment:
                  MODE: dev
                scale: 2
                ports: ["127.0.0.1::8080"]
                labels: {team: core}
                ulimits:
                  nofile: {soft: 1024, hard: 2048}
                deploy:
                  resources:
                    limits: {cpus: "0.5", memory: 64M}
                networks: [front, back]
            networks:
              front: {}
              back: {}
            volumes:
              data: {}
            secrets:
              token:
                file: ./token.txt
            """,
        "api.env": "LEVEL=debug\n",
        "token.txt": "s3cret\n",
    ]

    static func project(_ tag: String) -> String { "v2r-\(tag)-\(UInt32.random(in: 0...UInt32.max))" }

    static func v2(_ args: [String], in dir: TempProject, env: [String: String] = [:]) throws -> BerthBinary.Result {
        #expect(FileManager.default.isExecutableFile(atPath: compose), "compose-v2 is not installed (scripts/compose-v2)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: compose)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        p.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COMPOSE_") }.merging(env) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var e = Data()
        let reader = Thread { e = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return BerthBinary.Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                  stderr: String(decoding: e, as: UTF8.self))
    }

    /// `name id` of every container, network and volume of the project, sorted.
    static func resources(_ project: String) throws -> [String] {
        let filter = "label=com.docker.compose.project=\(project)"
        let c = try EngineCommandTests.docker(["ps", "-a", "--filter", filter, "--format", "{{.Names}} {{.ID}}"])
        let n = try EngineCommandTests.docker(["network", "ls", "--filter", filter, "--format", "{{.Name}} {{.ID}}"])
        let v = try EngineCommandTests.docker(["volume", "ls", "--filter", filter, "--format", "{{.Name}}"])
        return (c + n + v).split(separator: "\n").map(String.init).sorted()
    }

    @Test func composeUpThenBerth() throws {
        let name = Self.project("v2first")
        let dir = try TempProject(Self.files)
        defer {
            _ = try? Self.v2(["-p", name, "down", "-v", "--remove-orphans"], in: dir)
            _ = try? EngineCommandTests.berth(["-p", name, "down", "-v"], in: dir)
            dir.cleanup()
        }
        let up = try Self.v2(["-p", name, "up", "-d", "--wait"], in: dir)
        #expect(up.status == 0, "\(up.stderr)")
        let before = try Self.resources(name)
        #expect(before.filter { $0.hasPrefix("\(name)-") }.count == 3)

        let ps = try EngineCommandTests.berth(["-p", name, "ps"], in: dir)
        #expect(ps.status == 0, "\(ps.stderr)")
        for c in ["api-1", "api-2", "db-1"] { #expect(ps.stdout.contains("\(name)-\(c)")) }
        #expect(ps.stdout.contains("(healthy)"))

        let logs = try EngineCommandTests.berth(["-p", name, "logs", "--no-color"], in: dir)
        #expect(logs.stdout.contains("db up") && logs.stdout.contains("api up"), "\(logs.stdout)\(logs.stderr)")

        let plan = try EngineCommandTests.berth(["-p", name, "plan"], in: dir)
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("Nothing to do"), "\(plan.stdout)")

        let berthUp = try EngineCommandTests.berth(["-p", name, "up", "-d"], in: dir)
        #expect(berthUp.status == 0, "\(berthUp.stderr)")
        #expect(try Self.resources(name) == before, "Berth recreated what Compose made")

        let down = try EngineCommandTests.berth(["-p", name, "down", "-v"], in: dir)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try Self.resources(name) == [])
    }

    @Test func berthUpThenCompose() throws {
        let name = Self.project("berthfirst")
        let dir = try TempProject(Self.files)
        defer {
            _ = try? EngineCommandTests.berth(["-p", name, "down", "-v"], in: dir)
            _ = try? Self.v2(["-p", name, "down", "-v", "--remove-orphans"], in: dir)
            dir.cleanup()
        }
        let up = try EngineCommandTests.berth(["-p", name, "up", "-d", "--wait"], in: dir)
        #expect(up.status == 0, "\(up.stderr)")
        let before = try Self.resources(name)
        #expect(before.filter { $0.hasPrefix("\(name)-") }.count == 3)

        let ps = try Self.v2(["-p", name, "ps", "--format", "{{.Name}} {{.Status}}"], in: dir)
        #expect(ps.status == 0, "\(ps.stderr)")
        for c in ["api-1", "api-2", "db-1"] { #expect(ps.stdout.contains("\(name)-\(c)")) }

        let logs = try Self.v2(["-p", name, "logs", "--no-color"], in: dir)
        #expect(logs.stdout.contains("db up") && logs.stdout.contains("api up"), "\(logs.stdout)\(logs.stderr)")

        let dry = try Self.v2(["-p", name, "up", "-d", "--dry-run"], in: dir)
        #expect(dry.status == 0, "\(dry.stderr)")
        let dryText = dry.stdout + dry.stderr
        #expect(!dryText.contains("Recreate") && !dryText.contains("Creating"), "\(dryText)")

        let v2up = try Self.v2(["-p", name, "up", "-d", "--wait"], in: dir)
        #expect(v2up.status == 0, "\(v2up.stderr)")
        #expect(try Self.resources(name) == before, "Compose recreated what Berth made")

        let down = try Self.v2(["-p", name, "down", "-v"], in: dir)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try Self.resources(name) == [])
    }

    /// Reasons in a real run: after an edit, `plan` names the changed fields of a container
    /// Berth created.
    @Test func planNamesChangedFieldsAfterAnEdit() throws {
        let name = Self.project("reasons")
        let dir = try TempProject(["compose.yaml": """
            services:
              web:
                image: berth-test/busybox:1
                command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
                environment: {MODE: dev}
            """])
        defer {
            _ = try? EngineCommandTests.berth(["-p", name, "down", "-v"], in: dir)
            dir.cleanup()
        }
        #expect(try EngineCommandTests.berth(["-p", name, "up", "-d"], in: dir).status == 0)
        let edited = try String(contentsOfFile: dir.path + "/compose.yaml", encoding: .utf8)
            .replacingOccurrences(of: "MODE: dev", with: "MODE: prod")
        try Data(edited.utf8).write(to: URL(fileURLWithPath: dir.path + "/compose.yaml"))
        let plan = try EngineCommandTests.berth(["-p", name, "plan"], in: dir)
        #expect(plan.stdout.contains("recreate container \(name)-web-1 (config changed: environment.MODE)"), "\(plan.stdout)")
        let dry = try EngineCommandTests.berth(["-p", name, "up", "-d", "--dry-run"], in: dir)
        #expect((dry.stdout + dry.stderr).contains("config changed: environment.MODE"), "\(dry.stdout)\(dry.stderr)")
    }
}
