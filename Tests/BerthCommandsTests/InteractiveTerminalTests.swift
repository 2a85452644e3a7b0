import Foundation
import Testing

/// `berth exec svc sh` and `berth run --rm svc sh` in a real terminal: tmux runs them,
/// send-keys types, capture-pane reads the screen.
@Suite(
    "exec and run through a real terminal (tmux)", .serialized
)
struct InteractiveTerminalTests {
    /// One tmux session on its own server socket, killed at the end.
    final class Tmux {
        let socket = "wd-tmux-\(UInt32.random(in: 0...UInt32.max))"
        let session = "wd"

        init(directory: String) throws {
            #expect(try run(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-c", directory, "sh"]).status == 0)
        }

        deinit { _ = try? run(["kill-server"]) }

        @discardableResult
        func run(_ args: [String]) throws -> (status: Int32, out: String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // The tmux server that `new-session` starts must not inherit what the test process
            // holds: its descriptors (or waiting for the client never ends) and its blocked
            // signal mask (the server never sees SIGCHLD). python3 clears both, then execs tmux.
            let clean = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                + "os.closerange(3, 65536); os.execvp('tmux', ['tmux'] + sys.argv[1:])"
            p.arguments = ["python3", "-c", clean, "-L", socket] + args
            // The server that `new-session` starts keeps the inherited stdout open: only read
            // the output of commands that print.
            let prints = args.first == "capture-pane"
            let out = Pipe()
            p.standardOutput = prints ? out : FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = prints ? out.fileHandleForReading.readDataToEndOfFile() : Data()
            p.waitUntilExit()
            return (p.terminationStatus, String(decoding: data, as: UTF8.self))
        }

        func type(_ text: String) throws { try run(["send-keys", "-t", session, "-l", text]); try run(["send-keys", "-t", session, "Enter"]) }
        func key(_ key: String) throws { try run(["send-keys", "-t", session, key]) }
        func screen() -> String { (try? run(["capture-pane", "-p", "-t", session, "-S", "-200"]))?.out ?? "" }
        func resize(columns: Int, rows: Int) throws { try run(["resize-window", "-t", session, "-x", String(columns), "-y", String(rows)]) }

        /// Waits until the screen contains `text` (up to `timeout` seconds).
        func wait(for text: String, timeout: Double = 30) throws -> Bool {
            let end = Date().addingTimeInterval(timeout)
            while Date() < end {
                if screen().contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }
    }

    static func stack(_ name: String) throws -> TempProject {
        try TempProject(["compose.yaml": """
            name: \(name)
            services:
              web:
                image: \(EngineCommandTests.image)
                command: \(EngineCommandTests.sleeper)
              shell:
                image: \(EngineCommandTests.image)
                depends_on: [web]
            """])
    }

    /// Types into a shell running under berth: echo, `stty size` before and after a resize,
    /// Ctrl-C of a long sleep, then `exit 5`; checks berth's status and that the terminal
    /// settings are back as they were.
    static func drive(_ tmux: Tmux, command: String, dir: TempProject) throws {
        let berth = BerthBinary.path
        try tmux.type("stty -g > before.stty; COMPOSE_PROGRESS=quiet \(berth) \(command); echo \"STATUS=$?\"; stty -g > after.stty; echo DONE")
        // capture-pane trims trailing blanks, so the prompt reads "/ #".
        #expect(try tmux.wait(for: "\n/ #"), "no shell prompt: \(tmux.screen())")
        try tmux.type("echo typed-$((6*7))")
        #expect(try tmux.wait(for: "typed-42"))
        try tmux.type("stty size")
        #expect(try tmux.wait(for: "30 100"), "\(tmux.screen())")
        try tmux.resize(columns: 90, rows: 25)
        Thread.sleep(forTimeInterval: 0.5)
        try tmux.type("stty size")
        #expect(try tmux.wait(for: "25 90"), "window resize not seen: \(tmux.screen())")
        try tmux.type("sleep 60; echo not-interrupted")
        Thread.sleep(forTimeInterval: 0.5)
        try tmux.key("C-c")
        try tmux.type("echo after-$((1+1))-ctrl-c")
        #expect(try tmux.wait(for: "after-2-ctrl-c"), "Ctrl-C did not reach the shell: \(tmux.screen())")
        // The typed line holds the word too; only an output line of its own would mean the
        // sleep ran to its end.
        #expect(!tmux.screen().split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "not-interrupted" })
        try tmux.type("exit 5")
        #expect(try tmux.wait(for: "DONE"), "\(tmux.screen())")
        #expect(tmux.screen().contains("STATUS=5"))
        let before = FileManager.default.contents(atPath: dir.path + "/before.stty")
        let after = FileManager.default.contents(atPath: dir.path + "/after.stty")
        #expect(before != nil && before == after, "terminal not restored")
    }

    @Test func execShellInATerminal() throws {
        let name = "wd-tty-exec-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try Self.stack(name)
        defer {
            _ = try? BerthBinary.run(["down"], in: dir.path)
            dir.cleanup()
        }
        #expect(try BerthBinary.run(["up", "-d", "web"], in: dir.path).status == 0)
        let tmux = try Tmux(directory: dir.path)
        try Self.drive(tmux, command: "exec web sh", dir: dir)
    }

    @Test func runRemovedShellInATerminal() throws {
        let name = "wd-tty-run-\(UInt32.random(in: 0...UInt32.max))"
        let dir = try Self.stack(name)
        defer {
            _ = try? BerthBinary.run(["down"], in: dir.path)
            dir.cleanup()
        }
        let tmux = try Tmux(directory: dir.path)
        try Self.drive(tmux, command: "run --rm shell sh", dir: dir)
        // Only the dependency is left; `down` then leaves nothing.
        #expect(try EngineCommandTests.containers(name) == ["\(name)-web-1"])
        #expect(try BerthBinary.run(["down"], in: dir.path).status == 0)
        #expect(try EngineCommandTests.containers(name).isEmpty)
    }
}
