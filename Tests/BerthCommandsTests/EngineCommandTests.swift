import Foundation
import Testing

/// The engine-facing commands through the real binary against the real dockerd that
/// scripts/engine starts. Without an engine these fail (they do not skip).
@Suite("berth up/down/ps/… against the engine", .serialized)
struct EngineCommandTests {
    static let image = "berth-test/busybox:1"
    static let sleeper = #"["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]"#

    static func project(_ tag: String) -> String {
        "berth-cmd-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Runs berth with quiet progress in `dir`.
    static func berth(_ args: [String], in dir: TempProject, env: [String: String] = [:]) throws -> BerthBinary.Result {
        try BerthBinary.run(args, in: dir.path, env: ["COMPOSE_PROGRESS": "plain"].merging(env) { $1 })
    }

    static func docker(_ args: [String]) throws -> String {
        try runProgram(["docker"] + args).stdout
    }

    static func containers(_ project: String, all: Bool = true) throws -> [String] {
        try docker(["ps", all ? "-a" : "", "--filter", "label=com.docker.compose.project=\(project)", "--format", "{{.Names}}"].filter { !$0.isEmpty })
            .split(separator: "\n").map(String.init).sorted()
    }

    @Test func upPsScaleDown() throws {
        let name = Self.project("basic")
        let dir = try TempProject(["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
              worker:
                image: \(Self.image)
                command: \(Self.sleeper)
                depends_on: [web]
            volumes:
              data: {}
            """])
        defer {
            _ = try? Self.berth(["-p", name, "down", "-v"], in: dir)
            dir.cleanup()
        }
        let up = try Self.berth(["-p", name, "up", "-d"], in: dir)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(try Self.containers(name) == ["\(name)-web-1", "\(name)-worker-1"])

        let ps = try Self.berth(["-p", name, "ps", "--format", "json"], in: dir)
        #expect(ps.status == 0)
        let rows = ps.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(rows.compactMap { $0["Service"] as? String } == ["web", "worker"])
        #expect(rows.allSatisfy { $0["State"] as? String == "running" })

        // A second up does nothing; the plan says so.
        let plan = try Self.berth(["-p", name, "plan"], in: dir)
        #expect(plan.stdout.contains("Nothing to do"), "\(plan.stdout)")

        let scale = try Self.berth(["-p", name, "scale", "worker=3"], in: dir)
        #expect(scale.status == 0, "\(scale.stderr)")
        #expect(try Self.containers(name).filter { $0.contains("worker") } == ["\(name)-worker-1", "\(name)-worker-2", "\(name)-worker-3"])

        let dry = try Self.berth(["-p", name, "up", "-d", "--dry-run", "--scale", "worker=1"], in: dir)
        #expect(dry.stdout.contains("remove container \(name)-worker-3"), "\(dry.stdout)")
        #expect(try Self.containers(name).count == 4, "dry run changed nothing")

        let stop = try Self.berth(["-p", name, "stop", "worker"], in: dir)
        #expect(stop.status == 0)
        #expect(try Self.containers(name, all: false) == ["\(name)-web-1"])

        // down by name, with no compose file at all.
        let empty = try TempProject([:])
        defer { empty.cleanup() }
        let down = try Self.berth(["-p", name, "down"], in: empty)
        #expect(down.status == 0, "\(down.stderr)")
        #expect(try Self.containers(name).isEmpty)
        #expect(try Self.docker(["network", "ls", "--filter", "name=\(name)_default", "-q"]).isEmpty)
    }

    @Test func attachedUpAbortsWithTheExitCode() throws {
        let name = Self.project("attach")
        let dir = try TempProject(["compose.yaml": """
            services:
              server:
                image: \(Self.image)
                command: \(Self.sleeper)
              job:
                image: \(Self.image)
                command: ["sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"]
                depends_on: [server]
            """])
        defer {
            _ = try? Self.berth(["-p", name, "down"], in: dir)
            dir.cleanup()
        }
        let r = try Self.berth(["-p", name, "up", "--abort-on-container-exit", "--exit-code-from", "job", "--no-color"], in: dir)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stdout.contains("job-1  | to-stdout"), "\(r.stdout)")
        #expect(r.stdout.contains("job-1  | to-stderr"))
        // Everything was stopped on the way out.
        #expect(try Self.containers(name, all: false).isEmpty)
    }

    @Test func ctrlCStopsAnAttachedUpGracefully() throws {
        let name = Self.project("sigint")
        let dir = try TempProject(["compose.yaml": "services:\n  a:\n    image: \(Self.image)\n    command: [\"sh\", \"-c\", \"trap 'echo bye; exit 0' TERM; echo started; sleep 3600 & wait\"]\n"])
        defer {
            _ = try? Self.berth(["-p", name, "down"], in: dir)
            dir.cleanup()
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: BerthBinary.path)
        p.arguments = ["-p", name, "up", "--no-color"]
        p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the container runs, then Ctrl-C.
        let deadline = Date().addingTimeInterval(30)
        while try Self.containers(name, all: false).isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
        }
        Thread.sleep(forTimeInterval: 0.5)
        kill(p.processIdentifier, SIGINT)
        let pid = p.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        p.waitUntilExit()
        watchdog.cancel()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 130)
        #expect(text.contains("a-1  | started"), "\(text)")
        #expect(try Self.containers(name, all: false).isEmpty, "stopped on Ctrl-C")
        #expect(try Self.containers(name) == ["\(name)-a-1"], "stopped, not removed")
    }

    @Test func interruptedUpConvergesOnTheNextRun() throws {
        let name = Self.project("kill9")
        var services = "services:\n"
        for i in 0..<8 {
            services += "  s\(i):\n    image: \(Self.image)\n    command: \(Self.sleeper)\n"
        }
        let dir = try TempProject(["compose.yaml": services])
        defer {
            _ = try? Self.berth(["-p", name, "down"], in: dir)
            dir.cleanup()
        }
        // SIGKILL `berth up` at several points, then run it again: one of each, all running.
        for delay in [0.05, 0.15, 0.3] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: BerthBinary.path)
            p.arguments = ["-p", name, "up", "-d", "--force-recreate"]
            p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // A stop or remove that reached dockerd before the kill still completes there;
            // let it land so the next run observes the engine's real state.
            Thread.sleep(forTimeInterval: 1)
            let again = try Self.berth(["-p", name, "up", "-d"], in: dir)
            #expect(again.status == 0, "\(again.stderr)")
            let names = try Self.containers(name)
            #expect(names == (0..<8).map { "\(name)-s\($0)-1" }.sorted(), "after kill at \(delay)s: \(names)")
            let states = try Self.docker(["ps", "-a", "--filter", "label=com.docker.compose.project=\(name)", "--format", "{{.Names}} {{.Status}}"])
            #expect(try Self.containers(name, all: false).count == 8, "\(states)")
        }
    }

    @Test func upBuildsAMissingImageAndDownRemovesIt() throws {
        let name = Self.project("build")
        let dir = try TempProject([
            "Dockerfile": "FROM \(Self.image)\nARG WORD=unset\nRUN echo \"built with $WORD\" > /word\nCMD [\"sh\", \"-c\", \"cat /word; exec sleep 3600\"]\n",
            "compose.yaml": "services:\n  app:\n    build:\n      context: .\n      args:\n        WORD: ${WORD:-compose}\n",
        ])
        defer {
            _ = try? Self.berth(["-p", name, "down", "--rmi", "local"], in: dir)
            dir.cleanup()
        }
        // --no-build with the image missing: a clear error, nothing created.
        let refused = try Self.berth(["-p", name, "up", "-d", "--no-build"], in: dir)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--no-build"), "\(refused.stderr)")
        #expect(try Self.containers(name).isEmpty)

        let up = try Self.berth(["-p", name, "up", "-d"], in: dir, env: ["WORD": "berth"])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(!(try Self.docker(["image", "inspect", "\(name)-app"]).isEmpty))
        Thread.sleep(forTimeInterval: 0.5)
        let logs = try Self.berth(["-p", name, "logs", "--no-color"], in: dir)
        #expect(logs.stdout.contains("app-1  | built with berth"), "\(logs.stdout)")

        let images = try Self.berth(["-p", name, "images", "--format", "json"], in: dir)
        #expect(images.stdout.contains("\"\(name)-app\""), "\(images.stdout)")

        #expect(try Self.berth(["-p", name, "down", "--rmi", "local"], in: dir).status == 0)
        #expect(try Self.docker(["images", "-q", "\(name)-app"]).isEmpty)
    }

    @Test func concurrentUpsMakeOneSet() async throws {
        let name = Self.project("race")
        let dir = try TempProject(["compose.yaml": "services:\n  a:\n    image: \(Self.image)\n    command: \(Self.sleeper)\n  b:\n    image: \(Self.image)\n    command: \(Self.sleeper)\n"])
        defer {
            _ = try? Self.berth(["-p", name, "down"], in: dir)
            dir.cleanup()
        }
        let path = dir.path
        let codes = await withTaskGroup(of: Int32.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let r = try? BerthBinary.run(["-p", name, "up", "-d"], in: path, env: ["COMPOSE_PROGRESS": "plain"])
                    return r?.status ?? -1
                }
            }
            return await group.reduce(into: [Int32]()) { $0.append($1) }
        }
        #expect(codes == [0, 0])
        #expect(try Self.containers(name) == ["\(name)-a-1", "\(name)-b-1"])
        #expect(try Self.docker(["network", "ls", "--filter", "label=com.docker.compose.project=\(name)", "-q"]).split(separator: "\n").count == 1)
    }

    @Test func composeV1SeesBerthAndBerthSeesComposeV1() throws {
        let v1 = ["/usr/bin/docker-compose", "/usr/local/bin/docker-compose"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let compose = try #require(v1, "docker-compose (Compose v1) must be installed: apt-get install docker-compose")
        let name = Self.project("compat")
        let dir = try TempProject(["docker-compose.yml": "services:\n  web:\n    image: \(Self.image)\n    command: \(Self.sleeper)\n"])
        defer {
            _ = try? Self.berth(["-p", name, "down"], in: dir)
            dir.cleanup()
        }
        func v1run(_ args: [String]) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: compose)
            p.arguments = ["-p", name] + args
            p.currentDirectoryURL = URL(fileURLWithPath: dir.path)
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        #expect(try Self.berth(["-p", name, "up", "-d"], in: dir).status == 0)
        #expect(try v1run(["ps"]).contains("\(name)-web-1"))
        #expect(try Self.berth(["-p", name, "down"], in: dir).status == 0)

        // Now the other way: Compose v1 starts it, Berth lists it and takes it down.
        _ = try v1run(["up", "-d"])
        let ps = try Self.berth(["-p", name, "ps", "-a"], in: dir)
        #expect(ps.stdout.contains("web"), "\(ps.stdout)")
        #expect(try Self.berth(["-p", name, "down"], in: dir).status == 0)
        #expect(try Self.containers(name).isEmpty)
    }
}
