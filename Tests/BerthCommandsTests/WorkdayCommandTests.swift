import Foundation
import Testing

/// exec, run, cp, top, port, events, stats, version, volumes against the real engine, through
/// the real binary. Names start with `wd-`.
@Suite("berth exec/run/cp/… against the engine", .serialized)
struct WorkdayCommandTests {
    static let image = EngineCommandTests.image
    static let sleeper = EngineCommandTests.sleeper

    static func project(_ tag: String) -> String { "wd-\(tag)-\(UInt32.random(in: 0...UInt32.max))" }

    static func berth(_ args: [String], in dir: TempProject, stdin: String? = nil, env: [String: String] = [:]) throws -> BerthBinary.Result {
        try BerthBinary.run(args, in: dir.path, stdin: stdin, env: ["COMPOSE_PROGRESS": "plain"].merging(env) { $1 })
    }

    /// A project with a running `web` (two replicas, a port), a `db` it depends on, and a `job`.
    static func stack(_ name: String) throws -> TempProject {
        try TempProject(["compose.yaml": """
            name: \(name)
            services:
              db:
                image: \(image)
                command: \(sleeper)
              web:
                image: \(image)
                command: \(sleeper)
                ports: ["80"]
                volumes: [data:/data]
                depends_on: [db]
              job:
                image: \(image)
                command: ["echo", "from-job"]
                ports: ["8080:80"]
                environment: {FROM_FILE: "yes"}
                depends_on:
                  db: {condition: service_started}
            volumes:
              data: {}
            """])
    }

    static func up(_ name: String, _ dir: TempProject, _ services: [String] = ["web"]) throws {
        let r = try berth(["up", "-d", "--scale", "web=2"] + services, in: dir)
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func down(_ name: String, _ dir: TempProject) {
        _ = try? berth(["down", "-v"], in: dir)
        dir.cleanup()
    }

    @Test func execStdinExitStatusEnvAndErrors() throws {
        let name = Self.project("exec")
        let dir = try Self.stack(name)
        defer { Self.down(name, dir) }
        try Self.up(name, dir)

        let cat = try Self.berth(["exec", "-T", "web", "cat"], in: dir, stdin: "through stdin\n")
        #expect(cat.status == 0, "\(cat.stderr)")
        #expect(cat.stdout == "through stdin\n")

        let code = try Self.berth(["exec", "-T", "web", "sh", "-c", "exit 7"], in: dir)
        #expect(code.status == 7)

        let env = try Self.berth(
            ["exec", "-T", "-e", "A=1", "-e", "WD_FROM_BERTH", "-u", "nobody", "-w", "/tmp", "web", "sh", "-c", "echo $A $WD_FROM_BERTH $(id -u) $(pwd)"],
            in: dir, env: ["WD_FROM_BERTH": "inherited"])
        #expect(env.stdout == "1 inherited 65534 /tmp\n", "\(env.stderr)")

        let second = try Self.berth(["exec", "-T", "--index", "2", "web", "hostname"], in: dir)
        let first = try Self.berth(["exec", "-T", "web", "hostname"], in: dir)
        #expect(second.status == 0 && first.status == 0)
        #expect(second.stdout != first.stdout)

        let badIndex = try Self.berth(["exec", "-T", "--index", "5", "web", "true"], in: dir)
        #expect(badIndex.status != 0)
        #expect(badIndex.stderr.contains("index 5") && badIndex.stderr.contains("1, 2"), "\(badIndex.stderr)")

        let unknown = try Self.berth(["exec", "-T", "nosuch", "true"], in: dir)
        #expect(unknown.status != 0 && unknown.stderr.contains("nosuch"))

        let notStarted = try Self.berth(["exec", "-T", "job", "true"], in: dir)
        #expect(notStarted.status != 0)
        #expect(notStarted.stderr.contains("\"job\"") && notStarted.stderr.contains("berth up -d job"), "\(notStarted.stderr)")

        _ = try Self.berth(["stop", "db"], in: dir)
        let stopped = try Self.berth(["exec", "-T", "db", "true"], in: dir)
        #expect(stopped.status != 0)
        #expect(stopped.stderr.contains("not running") && stopped.stderr.contains("berth start db"), "\(stopped.stderr)")

        let detached = try Self.berth(["exec", "-d", "web", "sh", "-c", "echo bg > /tmp/bg"], in: dir)
        #expect(detached.status == 0)
        try await_(1.0)
        #expect(try Self.berth(["exec", "-T", "web", "cat", "/tmp/bg"], in: dir).stdout == "bg\n")
    }

    @Test func runOneOffNamesLabelsDepsAndCleanup() throws {
        let name = Self.project("run")
        let dir = try Self.stack(name)
        defer { Self.down(name, dir) }
        let envFile = dir.path + "/extra.env"
        try Data("FROM_ENV_FILE=ok\n# comment\n".utf8).write(to: URL(fileURLWithPath: envFile))

        // Dependencies start first; the exit status is the container's; --rm leaves nothing.
        let run = try Self.berth(
            ["run", "--rm", "-T", "-e", "X=y", "--env-from-file", "extra.env", "job", "sh", "-c", "echo $X $FROM_FILE $FROM_ENV_FILE; exit 3"], in: dir)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout == "y yes ok\n")
        #expect(try EngineCommandTests.containers(name) == ["\(name)-db-1"])

        // -d: named and labelled as Compose does; ports only with -P; `ps -a` lists it; `down` removes it.
        let bg = try Self.berth(["run", "-d", "-l", "wd.label=1", "job", "sleep", "300"], in: dir)
        #expect(bg.status == 0, "\(bg.stderr)")
        let oneOff = bg.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(oneOff.range(of: "^\(name)-job-run-[0-9a-f]{12}$", options: .regularExpression) != nil, "\(oneOff)")
        let labels = try EngineCommandTests.docker(["inspect", "-f", "{{json .Config.Labels}}", oneOff])
        let decoded = try JSONSerialization.jsonObject(with: Data(labels.utf8)) as? [String: String] ?? [:]
        #expect(decoded["com.docker.compose.oneoff"] == "True")
        #expect(decoded["com.docker.compose.slug"]?.count == 64)
        #expect(oneOff.hasSuffix(String(decoded["com.docker.compose.slug"]?.prefix(12) ?? "x")))
        #expect(decoded["com.docker.compose.service"] == "job")
        #expect(decoded["wd.label"] == "1")
        let ports = try EngineCommandTests.docker(["inspect", "-f", "{{json .HostConfig.PortBindings}}", oneOff])
        #expect(ports.trimmingCharacters(in: .whitespacesAndNewlines) == "{}" || ports.contains("null"), "\(ports)")
        let ps = try Self.berth(["ps", "-a"], in: dir)
        #expect(ps.stdout.contains(oneOff))

        let published = try Self.berth(["run", "--rm", "-T", "--service-ports", "job", "true"], in: dir)
        #expect(published.status == 0, "\(published.stderr)")

        // A run that fails to start leaves nothing behind.
        let failed = try Self.berth(["run", "--rm", "-T", "--entrypoint", "/no/such/binary", "job"], in: dir)
        #expect(failed.status != 0)
        #expect(try EngineCommandTests.containers(name).filter { $0.contains("-job-run-") } == [oneOff])

        let unknown = try Self.berth(["run", "--rm", "-T", "nosuch"], in: dir)
        #expect(unknown.status != 0 && unknown.stderr.contains("nosuch"))

        let down = try Self.berth(["down"], in: dir)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try EngineCommandTests.containers(name).isEmpty)
    }

    @Test func cpBothDirectionsAndTarStreams() throws {
        let name = Self.project("cp")
        let dir = try Self.stack(name)
        defer { Self.down(name, dir) }
        try Self.up(name, dir)
        let tree = dir.path + "/tree"
        try FileManager.default.createDirectory(atPath: tree + "/sub", withIntermediateDirectories: true)
        try Data("alpha\n".utf8).write(to: URL(fileURLWithPath: tree + "/a.txt"))
        try Data(repeating: 7, count: 300_000).write(to: URL(fileURLWithPath: tree + "/sub/big.bin"))
        try FileManager.default.createSymbolicLink(atPath: tree + "/link", withDestinationPath: "a.txt")

        #expect(try Self.berth(["cp", "tree", "web:/tmp/"], in: dir).status == 0)
        let listed = try Self.berth(["exec", "-T", "web", "sh", "-c", "cat /tmp/tree/a.txt; wc -c < /tmp/tree/sub/big.bin; readlink /tmp/tree/link"], in: dir)
        #expect(listed.stdout == "alpha\n300000\na.txt\n", "\(listed.stderr)")

        #expect(try Self.berth(["cp", "--all", "tree/a.txt", "web:/tmp/renamed.txt"], in: dir).status == 0)
        #expect(try Self.berth(["exec", "-T", "--index", "2", "web", "cat", "/tmp/renamed.txt"], in: dir).stdout == "alpha\n")

        let back = dir.path + "/back"
        let out = try Self.berth(["cp", "web:/tmp/tree", "back"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(FileManager.default.contents(atPath: back + "/a.txt") == Data("alpha\n".utf8))
        #expect((try? FileManager.default.attributesOfItem(atPath: back + "/sub/big.bin")[.size] as? Int) == 300_000)

        let tar = try Self.berth(["cp", "web:/tmp/tree/a.txt", "-"], in: dir)
        #expect(tar.status == 0 && tar.stdout.hasPrefix("a.txt"))

        // Ownership: root in the container and the caller on the host, unless -a keeps the source's.
        try Data("owned\n".utf8).write(to: URL(fileURLWithPath: dir.path + "/owned.txt"))
        #expect(chown(dir.path + "/owned.txt", 1234, 4321) == 0)
        #expect(try Self.berth(["cp", "owned.txt", "web:/tmp/plain.txt"], in: dir).status == 0)
        #expect(try Self.berth(["cp", "-a", "owned.txt", "web:/tmp/kept.txt"], in: dir).status == 0)
        let owners = try Self.berth(["exec", "-T", "web", "sh", "-c", "stat -c %u:%g /tmp/plain.txt /tmp/kept.txt; chown 555:666 /tmp/plain.txt"], in: dir)
        #expect(owners.stdout == "0:0\n1234:4321\n", "\(owners.stderr)")
        #expect(try Self.berth(["cp", "web:/tmp/plain.txt", "out-plain.txt"], in: dir).status == 0)
        #expect(try Self.berth(["cp", "-a", "web:/tmp/plain.txt", "out-kept.txt"], in: dir).status == 0)
        let plainOut = try FileManager.default.attributesOfItem(atPath: dir.path + "/out-plain.txt")
        let keptOut = try FileManager.default.attributesOfItem(atPath: dir.path + "/out-kept.txt")
        #expect((plainOut[.ownerAccountID] as? Int).map(UInt32.init) == getuid())
        #expect(keptOut[.ownerAccountID] as? Int == 555 && keptOut[.groupOwnerAccountID] as? Int == 666)

        let missing = try Self.berth(["cp", "web:/no/such/path", "x"], in: dir)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/no/such/path") && missing.stderr.contains("\(name)-web-1"), "\(missing.stderr)")
    }

    @Test func topPortEventsStatsVersionVolumes() throws {
        let name = Self.project("inspect")
        let dir = try Self.stack(name)
        defer { Self.down(name, dir) }
        let since = String(Int(Date().timeIntervalSince1970) - 1)
        try Self.up(name, dir)

        let top = try Self.berth(["top", "web"], in: dir)
        #expect(top.stdout.contains("\(name)-web-1\n") && top.stdout.contains("PID") && top.stdout.contains("sleep 3600"))

        let port = try Self.berth(["port", "web", "80"], in: dir)
        #expect(port.status == 0)
        #expect(port.stdout.range(of: #"^[0-9.:\[\]]+:[0-9]+\n$"#, options: .regularExpression) != nil, "\(port.stdout)")
        let noPort = try Self.berth(["port", "--protocol", "udp", "web", "80"], in: dir)
        #expect(noPort.status != 0 && noPort.stderr.contains("80/udp"))

        let until = String(Int(Date().timeIntervalSince1970) + 1)
        let events = try Self.berth(["events", "--json", "--since", since, "--until", until], in: dir)
        #expect(events.status == 0, "\(events.stderr)")
        let objects = events.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.contains { $0["action"] as? String == "start" && $0["service"] as? String == "web" })
        #expect(objects.allSatisfy { $0["time"] != nil && $0["id"] != nil && $0["type"] as? String == "container" && $0["attributes"] != nil })

        let stats = try Self.berth(["stats", "--no-stream", "web"], in: dir)
        #expect(stats.stdout.hasPrefix("CONTAINER ID") && stats.stdout.contains("MEM USAGE / LIMIT") && stats.stdout.contains("\(name)-web-2"))
        let json = try Self.berth(["stats", "--no-stream", "--format", "json", "db"], in: dir)
        let row = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
        #expect(row?["Name"] == "\(name)-db-1")
        #expect(row?["CPUPerc"]?.hasSuffix("%") == true && row?["MemUsage"]?.contains(" / ") == true)

        #expect(try Self.berth(["version"], in: dir).stdout.hasPrefix("Berth version v"))
        #expect(try Self.berth(["version", "--short"], in: dir).stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)
        #expect(try Self.berth(["version", "--format", "json"], in: dir).stdout.hasPrefix(#"{"version":"v"#))

        #expect(try Self.berth(["volumes", "-q"], in: dir).stdout == "\(name)_data\n")
        let volumes = try Self.berth(["volumes"], in: dir)
        #expect(volumes.stdout.hasPrefix("DRIVER") && volumes.stdout.contains("\(name)_data"))
        #expect(try Self.berth(["volumes", "--format", "json", "web"], in: dir).stdout.contains(#""Name":"\#(name)_data""#))
        #expect(try Self.berth(["volumes", "-q", "db"], in: dir).stdout == "")
    }

    @Test func helpUnknownCommandsAndCompletion() throws {
        let dir = try TempProject([:])
        defer { dir.cleanup() }
        let help = try Self.berth(["exec", "--help"], in: dir)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: Execute a command in a running container."), "\(help.stdout)")
        #expect(help.stdout.contains("--no-TTY") && help.stdout.contains("--index"))

        let typo = try Self.berth(["exce", "web", "sh"], in: dir)
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("unknown command \"exce\"") && typo.stderr.contains("\texec"), "\(typo.stderr)")
        #expect(try Self.berth(["-p", "x", "statz"], in: dir).stderr.contains("\tstats"))

        for shell in ["bash", "zsh", "fish"] {
            let script = try Self.berth(["completion", shell], in: dir)
            #expect(script.status == 0 && script.stdout.contains("berth") && script.stdout.contains("exec"), "\(shell)")
        }
    }
}

/// A short pause (the detached exec needs a moment).
func await_(_ seconds: Double) throws {
    Thread.sleep(forTimeInterval: seconds)
}
