import ArgumentParser
import BerthBasics
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth exec SERVICE COMMAND…`: run a command in a running container of a service.
    struct Exec: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract: "Execute a command in a running container.",
            discussion: """
                A TTY is allocated when stdin and stdout are terminals (as `docker compose exec`); \
                -T turns it off. Stdin is streamed and closed at its end, so `echo x | berth exec -T \
                svc cat` ends. The exit status is the command's. Unlike Compose, the window size is \
                sent before the command starts, so full-screen programs draw at the right size.
                """
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: [.customShort("d"), .long], help: "Detached mode: Run command in the background.")
        var detach = false

        @Option(name: [.customShort("e"), .long], help: ArgumentHelp("Set environment variables (KEY=VAL, or KEY to take Berth's value).", valueName: "KEY=VAL"))
        var env: [String] = []

        @Option(help: "Index of the container if service has multiple replicas.")
        var index: Int = 1

        @Flag(help: "Give extended privileges to the process.")
        var privileged = false

        @Option(name: [.customShort("u"), .long], help: "Run the command as this user.")
        var user: String?

        @Option(name: [.customShort("w"), .customLong("workdir")], help: "Path to workdir directory for this command.")
        var workdir: String?

        @Flag(name: [.customShort("T"), .customLong("no-TTY")], help: "Disable pseudo-TTY allocation. By default `exec` allocates a TTY when stdin and stdout are terminals.")
        var noTTY = false

        @Flag(name: .customShort("i"), help: ArgumentHelp("Keep STDIN open (the default, as in Compose).", visibility: .hidden))
        var interactive = false

        @Flag(name: .customShort("t"), help: ArgumentHelp("Allocate a pseudo-TTY (the default, as in Compose).", visibility: .hidden))
        var tty = false

        @Argument(help: "The service.")
        var service: String

        @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.")
        var command: [String] = []

        func run() async throws {
            guard !command.isEmpty else { throw ValidationError("exec needs a command: berth exec \(service) COMMAND [ARGS...]") }
            let session = try EngineSession.open(global, progress: .quiet)
            let useTTY = !noTTY && !detach && Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal
            let code = try await session.run {
                let container = try await session.runner.serviceContainer(service, index: index, running: true)
                guard let id = container.id else { throw RuntimeError(.other, "container of \(service) has no ID") }
                var request = ExecCreateRequest()
                request.cmd = command
                request.attachStdin = !detach
                request.attachStdout = !detach
                request.attachStderr = !detach
                request.tty = useTTY
                request.env = env.isEmpty ? nil : EnvironmentArguments.resolve(env)
                request.user = user
                request.workingDir = workdir
                if privileged { request.privileged = true }
                let client = session.client
                let execID = try await client.createExec(id, request)
                if detach {
                    try await client.startExecDetached(execID)
                    return 0
                }
                return try await Self.attachAndWait(client: client, execID: execID, tty: useTTY)
            }
            if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
        }

        /// Starts the exec attached, in raw mode with a TTY, and returns its exit code.
        static func attachAndWait(client: EngineClient, execID: String, tty: Bool) async throws -> Int {
            if tty {
                Terminal.makeRaw()
                Terminal.onResize { rows, columns in
                    Task { try? await client.resizeExec(execID, rows: rows, columns: columns) }
                }
            }
            defer { Terminal.restore() }
            let attached = try await client.startExec(execID, tty: tty)
            if tty, let size = Terminal.size() {
                try? await client.resizeExec(execID, rows: size.rows, columns: size.columns)
            }
            _ = try await StdioPump.run(attached, stdin: true)
            attached.close()
            // The exit code is set a moment after the output ends.
            var inspect = try await client.inspectExec(execID)
            var attempts = 0
            while inspect.running == true && attempts < 200 {
                try await Task.sleep(for: .milliseconds(5))
                inspect = try await client.inspectExec(execID)
                attempts += 1
            }
            return inspect.exitCode ?? -1
        }
    }
}

/// `-e KEY=VAL` / `-e KEY` as Compose reads them.
enum EnvironmentArguments {
    /// `KEY=VAL` entries; a bare `KEY` takes its value from Berth's environment (and is left
    /// out when unset there, as the docker CLI does).
    static func resolve(_ entries: [String], environment: [String: String] = ProcessEnvironment.values) -> [String] {
        entries.compactMap { entry in
            if entry.contains("=") { return entry }
            return environment[entry].map { "\(entry)=\($0)" }
        }
    }

    /// The same as a dictionary.
    static func dictionary(_ entries: [String], environment: [String: String] = ProcessEnvironment.values) -> [String: String] {
        var out: [String: String] = [:]
        for entry in resolve(entries, environment: environment) {
            guard let eq = entry.firstIndex(of: "=") else { continue }
            out[String(entry[..<eq])] = String(entry[entry.index(after: eq)...])
        }
        return out
    }
}
