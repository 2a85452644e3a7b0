import ArgumentParser
import ComposeRuntime
import EngineClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Berth {
    /// `berth attach SERVICE`: attach stdio to a running container of a service.
    struct Attach: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "attach",
            abstract: "Attach local standard input, output, and error streams to a service's running container.",
            discussion: """
                Type the detach keys (default ctrl-p,ctrl-q) to leave the container running. With \
                --sig-proxy (the default) SIGINT and SIGTERM that Berth gets go to the container \
                when it has no TTY.
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Index of the container if service has multiple replicas.") var index: Int = 1
        @Option(name: .customLong("detach-keys"), help: "Override the key sequence for detaching from a container.") var detachKeys: String = "ctrl-p,ctrl-q"
        @Flag(name: .customLong("no-stdin"), help: "Do not attach STDIN.") var noStdin = false
        @Option(name: .customLong("sig-proxy"), help: "Proxy all received signals to the process (true|false).") var sigProxy: Bool = true
        @Argument(help: "The service.") var service: String

        func run() async throws {
            guard let keys = StdioPump.parseDetachKeys(detachKeys) else {
                throw ValidationError("invalid --detach-keys \"\(detachKeys)\": use a comma-separated list like ctrl-p,ctrl-q")
            }
            let session = try EngineSession.open(global, progress: .quiet)
            let client = session.client
            let code: Int? = try await session.run {
                let container = try await session.runner.serviceContainer(service, index: index, running: true)
                guard let id = container.id else { throw RuntimeError(.other, "container of \(service) has no ID") }
                let inspect = try await client.inspectContainer(id)
                let tty = inspect.config?.tty ?? false
                let stdin = !noStdin && (inspect.config?.openStdin ?? false)
                let attached = try await client.attach(id, stdin: stdin, stdout: true, stderr: true, logs: false, tty: tty)
                defer { attached.close() }
                if tty && stdin && Terminal.stdinIsTerminal {
                    Terminal.makeRaw()
                    Terminal.onResize { rows, columns in
                        Task { try? await client.resizeContainer(id, rows: rows, columns: columns) }
                    }
                    if let size = Terminal.size() { try? await client.resizeContainer(id, rows: size.rows, columns: size.columns) }
                }
                defer { Terminal.restore() }
                if sigProxy && !tty {
                    for (sig, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
                        Terminal.onSignal(sig) { Task { try? await client.killContainer(id, signal: name) } }
                    }
                }
                let outcome = try await StdioPump.run(attached, stdin: stdin, detachKeys: keys)
                if outcome == .detached {
                    Terminal.restore()
                    DiagnosticPrinter.write("read escape sequence\n", to: .standardError)
                    return nil
                }
                return try await client.waitContainer(id).statusCode
            }
            if let code, code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
        }
    }
}
