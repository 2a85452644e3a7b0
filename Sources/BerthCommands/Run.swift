import ArgumentParser
import ComposeRuntime
import EngineClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Berth {
    /// `berth run SERVICE [COMMAND…]`: a one-off container of a service.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a one-off command on a service.",
            discussion: """
                The container is named PROJECT-SERVICE-run-<12 hex> and labelled \
                com.docker.compose.oneoff=True, as Compose does, so `docker compose` sees it. \
                Dependencies start first, waiting on their depends_on conditions, through the same \
                plan as `up`. Service ports are not published unless -P is given. The exit status \
                is the container's; Ctrl-C and SIGTERM go to the container. With --rm the container \
                is removed on every way out. Unlike Compose (#10806), `berth down` removes one-off \
                containers too.
                """
        )

        @OptionGroup var global: RunProjectOptions

        @Flag(help: "Automatically remove the container when it exits.") var rm = false
        @Flag(name: [.customShort("d"), .long], help: "Run container in background and print container ID.") var detach = false
        @Option(help: "Assign a name to the container.") var name: String?
        @Option(name: [.customShort("e"), .long], help: ArgumentHelp("Set environment variables (KEY=VAL, or KEY to take Berth's value).", valueName: "KEY=VAL")) var env: [String] = []
        @Option(name: .customLong("env-from-file"), help: ArgumentHelp("Set environment variables from a file.", valueName: "path")) var envFromFile: [String] = []
        @Option(name: [.customShort("l"), .long], help: ArgumentHelp("Add or override a label.", valueName: "KEY=VAL")) var label: [String] = []
        @Option(name: [.customShort("v"), .long], help: ArgumentHelp("Bind mount a volume.", valueName: "SRC:DST[:MODE]")) var volume: [String] = []
        @Option(name: [.customShort("p"), .long], help: ArgumentHelp("Publish a container's port(s) to the host.", valueName: "[IP:]HOST:CONTAINER")) var publish: [String] = []
        @Flag(name: [.customShort("P"), .customLong("service-ports")], help: "Run command with all service's ports enabled and mapped to the host.") var servicePorts = false
        @Option(help: "Override the entrypoint of the image.") var entrypoint: String?
        @Option(name: [.customShort("u"), .long], help: "Run as specified username or uid.") var user: String?
        @Option(name: [.customShort("w"), .customLong("workdir")], help: "Working directory inside the container.") var workdir: String?
        @Option(name: .customLong("cap-add"), help: "Add Linux capabilities.") var capAdd: [String] = []
        @Option(name: .customLong("cap-drop"), help: "Drop Linux capabilities.") var capDrop: [String] = []
        @Flag(name: .customLong("use-aliases"), help: "Use the service's network aliases in the network(s) the container connects to.") var useAliases = false
        @Flag(name: .customLong("no-deps"), help: "Don't start linked services.") var noDeps = false
        @Option(help: "Pull image before running (policy: the service's pull_policy).") var pull: PullOption?
        @Flag(help: "Build image before starting container.") var build = false
        @Flag(name: [.customShort("T"), .customLong("no-TTY")], help: "Disable pseudo-TTY allocation (default: auto-detected).") var noTTY = false
        @Flag(name: .customShort("i"), help: ArgumentHelp("Keep STDIN open (the default).", visibility: .hidden)) var interactive = false
        @Flag(name: .customShort("t"), help: ArgumentHelp("Allocate a pseudo-TTY (the default).", visibility: .hidden)) var tty = false
        @Flag(name: [.customShort("q"), .long], help: "Don't print anything to STDOUT.") var quiet = false

        @Argument(help: "The service.") var service: String
        @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.") var command: [String] = []

        func validate() throws {
            if servicePorts && !publish.isEmpty {
                throw ValidationError("--service-ports and --publish are incompatible")
            }
        }

        func run() async throws {
            let session = try EngineSession.open(global, progress: quiet ? .quiet : nil)
            let useTTY = !noTTY && !detach && Terminal.stdinIsTerminal && Terminal.stdoutIsTerminal
            var options = OneOffOptions()
            options.command = command
            options.entrypoint = entrypoint.map(ShellWords.split)
            options.name = name
            var environment: [String: String] = [:]
            for file in envFromFile { environment.merge(try EnvFileReader.read(file)) { $1 } }
            environment.merge(EnvironmentArguments.dictionary(env)) { $1 }
            options.environment = environment
            for entry in label {
                let parts = entry.split(separator: "=", maxSplits: 1)
                options.labels[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            options.volumes = volume.map(Self.absoluteSource)
            options.publish = publish
            options.servicePorts = servicePorts
            options.user = user
            options.workingDir = workdir
            options.capAdd = capAdd
            options.capDrop = capDrop
            options.useAliases = useAliases
            options.tty = useTTY
            options.interactive = !detach
            options.autoRemove = rm
            let runner = session.runner
            try await session.run { try await runner.prepareImages(ImageOptions(build: build, pull: pull?.rawValue), services: [service]) }
            try await session.run { try await runner.prepareOneOff(service: service, noDeps: noDeps) }
            let container = try await session.run { try await runner.createOneOff(service: service, options: options) }
            let code: Int
            do {
                code = try await Self.runAttached(
                    client: session.client, container: container, detach: detach, autoRemove: rm, quiet: quiet)
            } catch {
                // A run that failed leaves nothing behind.
                await runner.removeOneOff(container.id)
                throw EngineFailure.exit(for: error)
            }
            if rm { await runner.removeOneOff(container.id) }
            if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
        }

        /// Attaches before the start (no output lost), starts, passes signals and the window
        /// size on, and returns the exit code.
        static func runAttached(client: EngineClient, container: OneOffContainer, detach: Bool, autoRemove: Bool, quiet: Bool) async throws -> Int {
            let id = container.id
            if detach {
                try await client.startContainer(id)
                if !quiet { DiagnosticPrinter.write(container.name + "\n", to: .standardOutput) }
                return 0
            }
            let attached = try await client.attach(id, stdin: true, stdout: true, stderr: true, logs: false, tty: container.tty)
            defer { attached.close() }
            let waiter = Task { try await client.waitContainer(id, condition: autoRemove ? .removed : .nextExit) }
            defer { waiter.cancel() }
            if container.tty {
                Terminal.makeRaw(terminateOnSignal: false)
                Terminal.onResize { rows, columns in
                    Task { try? await client.resizeContainer(id, rows: rows, columns: columns) }
                }
            }
            defer { Terminal.restore() }
            // The signals Berth gets go to the container (Ctrl-C too, without a TTY).
            for sig in container.tty ? [SIGTERM, SIGHUP] : [SIGINT, SIGTERM, SIGHUP] {
                let name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP"
                Terminal.onSignal(sig) {
                    Task { try? await client.killContainer(id, signal: name) }
                }
            }
            try await client.startContainer(id)
            if container.tty, let size = Terminal.size() {
                try? await client.resizeContainer(id, rows: size.rows, columns: size.columns)
            }
            _ = try await StdioPump.run(attached, stdin: true)
            let result = try await waiter.value
            return result.statusCode ?? -1
        }

        /// `-v ./src:/dst` → an absolute host path, as Compose resolves it.
        static func absoluteSource(_ spec: String) -> String {
            guard spec.hasPrefix(".") || spec.hasPrefix("~") else { return spec }
            let parts = spec.split(separator: ":", maxSplits: 1)
            var source = String(parts[0])
            if source.hasPrefix("~") { source = NSHomeDirectory() + source.dropFirst() }
            source = URL(fileURLWithPath: PathResolution.absolute(source)).standardizedFileURL.path
            return parts.count > 1 ? source + ":" + parts[1] : source
        }
    }
}

/// `--entrypoint "sh -c 'x y'"` → words, as shellwords splits them.
enum ShellWords {
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" && quote != "'" {
                escaped = true
                inWord = true
            } else if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" || c == "\n" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

/// `--env-from-file`: KEY=VAL lines, `#` comments, a bare KEY from Berth's environment.
enum EnvFileReader {
    static func read(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: PathResolution.absolute(path)) else {
            throw ValidationError("cannot read the env file \(path)")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return EnvironmentArguments.dictionary(lines.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }
}
