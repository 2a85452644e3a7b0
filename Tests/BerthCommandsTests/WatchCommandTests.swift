import Foundation
import Testing

/// `berth watch` and `up --watch` through the real binary against the real engine.
@Suite("berth watch against the engine")
struct WatchCommandTests {
    static let image = "berth-test/busybox:1"
    static let sleeper = #"["sh", "-c", "trap 'exit 0' TERM INT; sleep 3600 & wait"]"#

    static func syncProject(_ extraRule: String = "", service extra: String = "") -> [String: String] {
        ["compose.yaml": """
            services:
              web:
                image: \(image)
                command: \(sleeper)
                user: "1234:1234"
            \(extra)
                develop:
                  watch:
                    - path: ./src
                      target: /app
                      action: sync
                      ignore: ["*.tmp", "skipped/"]
            \(extraRule)
            """, "src/keep.txt": "kept\n"]
    }

    @Test func syncWritesDeletesSubdirectoriesAndIgnores() throws {
        let f = try WatchFixture("sync", files: Self.syncProject())
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")

        try f.write("src/one.txt", "first")
        #expect(try f.eventually("web", "cat /app/one.txt", equals: "first"), "\(w.text)")
        // Owned as the container's user.
        #expect(try f.exec("web", "stat -c %u:%g /app/one.txt") == "1234:1234")

        // A directory created after the start, with a file written into it later.
        try FileManager.default.createDirectory(atPath: f.path("src/new/deeper"), withIntermediateDirectories: true)
        usleep(100_000)
        try f.write("src/new/deeper/two.txt", "second")
        #expect(try f.eventually("web", "cat /app/new/deeper/two.txt", equals: "second"), "\(w.text)")

        // Ignored: the rule's patterns, an editor swap file, .git.
        try f.write("src/junk.tmp", "no")
        try f.write("src/skipped/x.txt", "no")
        try f.write("src/.one.txt.swp", "no")
        try f.write("src/.git/HEAD", "no")
        try f.write("src/marker.txt", "after-ignored")
        #expect(try f.eventually("web", "cat /app/marker.txt", equals: "after-ignored"), "\(w.text)")
        #expect(try f.exec("web", "ls -A /app | sort | tr '\\n' ' '") == "marker.txt new one.txt")

        // Deletions reach the container.
        try FileManager.default.removeItem(atPath: f.path("src/one.txt"))
        try FileManager.default.removeItem(atPath: f.path("src/new"))
        #expect(try f.eventually("web", "ls -A /app | tr '\\n' ' '", equals: "marker.txt"), "\(w.text)")
    }

    @Test func includeAndInitialSync() throws {
        let f = try WatchFixture("incl", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                develop:
                  watch:
                    - path: ./src
                      target: /app
                      action: sync
                      include: ["*.js"]
                      initial_sync: true
            """, "src/before.js": "early", "src/before.css": "not included"])
        defer { f.cleanup() }
        // JSON events with --progress json.
        let w = try f.watch(["--progress", "json"])
        defer { w.interrupt() }
        #expect(w.waitFor(#"{"kind":"enabled","level":"info","message":"Watch enabled","type":"watch"}"#), "\(w.text)")
        #expect(w.text.contains(#""files":2,"kind":"sync","level":"info","message":"Initial sync of service \"web\": 2 path(s) pushed","service":"web","type":"watch"}"#), "\(w.text)")
        #expect(try f.exec("web", "cat /app/before.js") == "early")
        #expect(try f.exec("web", "ls /app") == "before.js")
        try f.write("src/later.css", "no")
        try f.write("src/later.js", "yes")
        #expect(try f.eventually("web", "ls /app | tr '\\n' ' '", equals: "before.js later.js"), "\(w.text)")
    }

    @Test func syncReachesEveryReplicaAndBurstArrivesComplete() throws {
        let f = try WatchFixture("burst", files: Self.syncProject(service: "    scale: 2"))
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        try FileManager.default.createDirectory(atPath: f.path("src/burst"), withIntermediateDirectories: true)
        for i in 0..<1000 { try f.write("src/burst/f\(i).txt", "content \(i)") }
        for replica in 1...2 {
            #expect(try f.eventually("web", "ls /app/burst | wc -l", equals: "1000", index: replica, timeout: 60), "\(w.text)")
            #expect(try f.exec("web", "cat /app/burst/f999.txt /app/burst/f0.txt", index: replica) == "content 999content 0")
        }
    }

    @Test func syncRestartAndRestartChangeStartedAt() throws {
        let f = try WatchFixture("rst", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                develop:
                  watch:
                    - path: ./src
                      target: /app
                      action: sync+restart
              worker:
                image: \(Self.image)
                command: \(Self.sleeper)
                develop:
                  watch:
                    - path: ./worker.conf
                      action: restart
            """, "src/a.txt": "a", "worker.conf": "v1"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        let webStarted = try f.inspect("web", "{{.State.StartedAt}}")
        let workerStarted = try f.inspect("worker", "{{.State.StartedAt}}")

        try f.write("src/a.txt", "changed")
        #expect(w.waitFor("service(s) [\"web\"] restarted"), "\(w.text)")
        #expect(try f.exec("web", "cat /app/a.txt") == "changed")
        #expect(try f.inspect("web", "{{.State.StartedAt}}") != webStarted)
        #expect(try f.inspect("worker", "{{.State.StartedAt}}") == workerStarted)

        try f.write("worker.conf", "v2")
        #expect(w.waitFor("service(s) [\"worker\"] restarted"), "\(w.text)")
        #expect(try f.inspect("worker", "{{.State.StartedAt}}") != workerStarted)
        #expect(try f.inspect("worker", "{{.State.Running}}") == "true")
    }

    @Test func syncExecRunsTheCommandWithItsSettings() throws {
        let f = try WatchFixture("exec", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                develop:
                  watch:
                    - path: ./src
                      target: /app
                      action: sync+exec
                      exec:
                        command: ["sh", "-c", "echo $$GREETING $$(pwd) $$(id -u) $$(cat /app/v.txt) > /tmp/exec.out"]
                        user: "4321"
                        working_dir: /tmp
                        environment:
                          GREETING: hello
            """, "src/v.txt": "0"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        try f.write("src/v.txt", "7")
        #expect(try f.eventually("web", "cat /tmp/exec.out 2>/dev/null", equals: "hello /tmp 4321 7"), "\(w.text)")
    }

    @Test func rebuildAfterDockerfileEditKeepsAnonymousVolumes() throws {
        let f = try WatchFixture("rebuild", files: ["compose.yaml": """
            services:
              app:
                build: ./app
                command: \(Self.sleeper)
                volumes: ["/data"]
                develop:
                  watch:
                    - path: ./app
                      action: rebuild
            """,
            "app/Dockerfile": "FROM \(Self.image)\nRUN echo one > /version\n",
            "app/.dockerignore": "notes.md\n",
            "app/notes.md": "x"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled", timeout: 120), "\(w.text)")
        #expect(try f.exec("app", "cat /version") == "one")
        _ = try f.exec("app", "echo kept > /data/state")
        let firstID = try f.inspect("app", "{{.Id}}")

        // A file .dockerignore excludes does not rebuild.
        try f.write("app/notes.md", "edited")
        usleep(800_000)
        #expect(!w.text.contains("Rebuilding"), "\(w.text)")

        try f.write("app/Dockerfile", "FROM \(Self.image)\nRUN echo two > /version\n")
        #expect(w.waitFor("service(s) [\"app\"] successfully built", timeout: 120), "\(w.text)")
        #expect(try f.inspect("app", "{{.Id}}") != firstID)
        #expect(try f.exec("app", "cat /version") == "two")
        #expect(try f.exec("app", "cat /data/state") == "kept")
        #expect(w.text.contains("watch: rebuild"), "\(w.text)")
    }

    @Test func lockCtrlCAndReload() throws {
        let f = try WatchFixture("lock", files: Self.syncProject())
        defer { f.cleanup() }
        let w = try f.watch()
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")

        let second = try BerthBinary.run(["-p", f.name, "watch", "--no-up"], in: f.dir.path, timeout: 60)
        #expect(second.status != 0)
        #expect(second.stderr.contains("cannot take exclusive lock for project \"\(f.name)\""), "\(second.stderr)")

        // An edit to the compose file is reported and reloaded.
        let compose = try String(contentsOfFile: f.path("compose.yaml"), encoding: .utf8)
        try f.write("compose.yaml", compose + "\n")
        #expect(w.waitFor("project reloaded"), "\(w.text)")
        try f.write("src/after-reload.txt", "ok")
        #expect(try f.eventually("web", "cat /app/after-reload.txt", equals: "ok"), "\(w.text)")

        // Idle: no polling, so (next to) no CPU over two seconds.
        let before = try Self.cpuTicks(w.process.processIdentifier)
        sleep(2)
        let after = try Self.cpuTicks(w.process.processIdentifier)
        #expect(after - before <= 2, "idle watch used \(after - before) clock ticks in 2 s")

        #expect(w.interrupt() == 0, "\(w.text)")
        #expect(w.text.contains("watch | Watch disabled"), "\(w.text)")
        #expect(try f.inspect("web", "{{.State.Running}}") == "true")
    }

    /// utime + stime of a process, in clock ticks (1/100 s).
    static func cpuTicks(_ pid: Int32) throws -> Int {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    @Test func upWatchSyncsWhileAttached() throws {
        let f = try WatchFixture("upw", files: Self.syncProject())
        defer { f.cleanup() }
        let w = try f.watch(command: ["up", "--watch"])
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        try f.write("src/x.txt", "from up")
        #expect(try f.eventually("web", "cat /app/x.txt", equals: "from up"), "\(w.text)")
    }

    @Test(arguments: [
        ("rebuild without build", "    image: \(image)\n    develop:\n      watch:\n        - path: ./src\n          action: rebuild\n",
         "compose.yaml:7:19", "watch rule 1: action rebuild needs a build: section"),
        ("relative target", "    image: \(image)\n    develop:\n      watch:\n        - path: ./src\n          target: app\n          action: sync\n",
         "compose.yaml:7:19", "watch rule 1: target \"app\" is not an absolute path"),
        ("no rules", "    image: \(image)\n", "compose.yaml:", "none of the selected services is configured for watch"),
    ])
    func badRulesNameServiceRuleAndPlace(_ name: String, _ service: String, _ location: String, _ message: String) throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n" + service])
        defer { dir.cleanup() }
        let result = try BerthBinary.run(["-p", "wat-bad", "watch", "--no-up"], in: dir.path, timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(location), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
