import Foundation
import Testing

/// `berth watch`: a reload that is applied, legacy `x-develop` rules, bind-mount skips,
/// `--prune`, deletions as a non-root user, and located errors; against the real engine.
@Suite("berth watch: reload, legacy rules, prune, deletions")
struct WatchReloadTests {
    static let image = WatchCommandTests.image
    static let sleeper = WatchCommandTests.sleeper

    static func reloadProject(greeting: String, target: String) -> String {
        """
        services:
          web:
            image: \(image)
            command: \(sleeper)
            environment:
              GREETING: \(greeting)
            develop:
              watch:
                - path: ./src
                  target: \(target)
                  action: sync
        """
    }

    @Test func reloadRecreatesWhatChangedAndWatchesWithTheNewRules() throws {
        let f = try WatchFixture("reload", files: ["compose.yaml": Self.reloadProject(greeting: "one", target: "/app"), "src/a.txt": "a"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        #expect(try f.exec("web", "echo $GREETING") == "one")
        let firstID = try f.inspect("web", "{{.Id}}")

        // A changed environment variable and a new target: the container is recreated with its
        // reason, and the next sync goes to the new target.
        try f.write("compose.yaml", Self.reloadProject(greeting: "two", target: "/srv"))
        #expect(w.waitFor("Reloaded project applied: 2 action(s)", timeout: 90), "\(w.text)")
        #expect(w.text.contains("watch | Project files changed: project reloaded, watching with its rules"), "\(w.text)")
        #expect(w.text.contains("watch | recreate container \(f.name)-web-1 (config changed: develop.watch, environment.GREETING)"), "\(w.text)")
        #expect(try f.inspect("web", "{{.Id}}") != firstID)
        #expect(try f.exec("web", "echo $GREETING") == "two")
        try f.write("src/b.txt", "to srv")
        #expect(try f.eventually("web", "cat /srv/b.txt 2>/dev/null", equals: "to srv"), "\(w.text)")
        #expect(try f.exec("web", "ls /app 2>/dev/null | wc -l") == "0")

        // An edit that changes nothing the containers use recreates nothing.
        try f.write("compose.yaml", Self.reloadProject(greeting: "two", target: "/srv") + "\n")
        #expect(w.waitFor("Reloaded project applied: nothing to change", timeout: 90), "\(w.text)")
        #expect(w.interrupt() == 0, "\(w.text)")
    }

    @Test func envFileEditIsApplied() throws {
        let f = try WatchFixture("envf", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                env_file: [web.env]
                develop:
                  watch:
                    - path: ./src
                      target: /app
                      action: sync
            """, "web.env": "LEVEL=low\n", "src/a.txt": "a"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        #expect(try f.exec("web", "echo $LEVEL") == "low")
        try f.write("web.env", "LEVEL=high\n")
        #expect(w.waitFor("Reloaded project applied: 2 action(s)", timeout: 90), "\(w.text)")
        #expect(try f.exec("web", "echo $LEVEL") == "high")
    }

    @Test func legacyXDevelopRulesSync() throws {
        let f = try WatchFixture("xdev", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                x-develop:
                  watch:
                    - path: ./src
                      target: /legacy
                      action: sync
            """, "src/a.txt": "a"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        try f.write("src/new.txt", "from x-develop")
        #expect(try f.eventually("web", "cat /legacy/new.txt 2>/dev/null", equals: "from x-develop"), "\(w.text)")
    }

    @Test func pathUnderABindMountIsSkippedWithAWarning() throws {
        let f = try WatchFixture("bind", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                volumes: ["./src:/mounted"]
                develop:
                  watch:
                    - path: ./src/sub
                      target: /mounted/sub
                      action: sync
                    - path: ./other
                      target: /other
                      action: sync
            """, "src/sub/a.txt": "a", "other/b.txt": "b"])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        #expect(w.text.contains("watch | warning: path '\(f.path("src/sub"))' also declared by a bind mount volume"), "\(w.text)")
        #expect(w.text.contains("this path won't be monitored"), "\(w.text)")
        // The other rule still syncs; the skipped one sends nothing (the bind mount shows the file anyway).
        try f.write("other/c.txt", "synced")
        #expect(try f.eventually("web", "cat /other/c.txt 2>/dev/null", equals: "synced"), "\(w.text)")
        try f.write("src/sub/d.txt", "bind")
        usleep(500_000)
        #expect(w.text.components(separatedBy: "Syncing service").count == 2, "only the other rule synced: \(w.text)")
    }

    @Test func pruneRemovesTheImageARebuildReplaced() throws {
        let f = try WatchFixture("prune", files: ["compose.yaml": """
            services:
              app:
                build: ./app
                command: \(Self.sleeper)
                develop:
                  watch:
                    - path: ./app
                      action: rebuild
            """, "app/Dockerfile": "FROM \(Self.image)\nRUN echo one > /version\n"])
        defer { f.cleanup() }
        let w = try f.watch(["--prune"])
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled", timeout: 120), "\(w.text)")
        let oldImage = try f.inspect("app", "{{.Image}}")
        try f.write("app/Dockerfile", "FROM \(Self.image)\nRUN echo two > /version\n")
        #expect(w.waitFor("service(s) [\"app\"] successfully built", timeout: 120), "\(w.text)")
        #expect(try f.eventually("app", "cat /version", equals: "two", timeout: 60), "\(w.text)")
        #expect(try f.inspect("app", "{{.Image}}") != oldImage)
        // The replaced image was dangling (its tag moved to the new build) and is gone.
        let deadline = Date().addingTimeInterval(30)
        var gone = false
        while Date() < deadline && !gone {
            gone = try EngineCommandTests.docker(["image", "inspect", "-f", "{{.Id}}", oldImage]).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            if !gone { usleep(200_000) }
        }
        #expect(gone, "image \(oldImage) still exists: \(w.text)")
    }

    @Test func deletionsWorkForANonRootUserWithoutCapabilities() throws {
        let f = try WatchFixture("del", files: ["compose.yaml": """
            services:
              web:
                image: \(Self.image)
                command: \(Self.sleeper)
                user: "1234:1234"
                cap_drop: [ALL]
                develop:
                  watch:
                    - path: ./src
                      target: /app
                      action: sync
            """, "src/.keep": ""])
        defer { f.cleanup() }
        let w = try f.watch()
        defer { w.interrupt() }
        #expect(w.waitFor("watch | Watch enabled"), "\(w.text)")
        try FileManager.default.createDirectory(atPath: f.path("src/tree/deeper"), withIntermediateDirectories: true)
        usleep(100_000)
        try f.write("src/tree/deeper/x.txt", "x")
        try f.write("src/top.txt", "t")
        try f.write("src/stay.txt", "s")
        #expect(try f.eventually("web", "cat /app/tree/deeper/x.txt /app/top.txt /app/stay.txt 2>/dev/null", equals: "xts"), "\(w.text)")
        #expect(try f.exec("web", "stat -c %u /app/tree/deeper /app/tree/deeper/x.txt | tr '\\n' ' '") == "1234 1234")
        // Root in this container cannot write into the user's directories (no CAP_DAC_OVERRIDE).
        let rootWrite = try EngineCommandTests.docker(["exec", "-u", "0", "\(f.name)-web-1", "sh", "-c", "touch /app/tree/deeper/probe 2>/dev/null && echo yes || echo no"])
        #expect(rootWrite.trimmingCharacters(in: .whitespacesAndNewlines) == "no")

        // A file in the root-owned target, and a tree the user owns (root without
        // CAP_DAC_OVERRIDE cannot enter it): both go.
        try FileManager.default.removeItem(atPath: f.path("src/top.txt"))
        try FileManager.default.removeItem(atPath: f.path("src/tree"))
        #expect(try f.eventually("web", "ls -A /app | tr '\\n' ' '", equals: "stay.txt"), "\(w.text)")
        #expect(!w.text.contains("watch | error"), "\(w.text)")
    }

    @Test(arguments: [
        ("rule without path", "    image: \(image)\n    develop:\n      watch:\n        - target: /app\n          action: sync\n",
         "compose.yaml:6:11", "services.web.develop.watch[0] missing property 'path'"),
        ("named service without rules", "    image: \(image)\n  other:\n    image: \(image)\n    develop:\n      watch:\n        - path: ./src\n          target: /app\n          action: sync\n",
         "compose.yaml:3:5", "service \"web\": has no develop.watch rules"),
    ])
    func badInputIsLocated(_ name: String, _ services: String, _ location: String, _ message: String) throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n" + services])
        defer { dir.cleanup() }
        let result = try BerthBinary.run(["-p", "wat-bad2", "watch", "--no-up", "web"], in: dir.path, timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(location), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
