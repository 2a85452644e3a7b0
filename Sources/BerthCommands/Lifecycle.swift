import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth down`: stop and remove the project's containers and networks.
    struct Down: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "down",
            abstract: "Stop and remove containers and networks (works with -p NAME and no file)."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: [.customShort("v"), .long], help: "Remove named volumes declared in the file and anonymous volumes.")
        var volumes = false

        @Flag(name: .customLong("remove-orphans"), help: "Remove containers for services not defined in the compose file.")
        var removeOrphans = false

        @Option(name: [.customShort("t"), .long], help: "Shutdown timeout in seconds.")
        var timeout: Int?

        @Option(help: "Remove images used by services: local (only images without a custom tag) or all.")
        var rmi: ImageRemoval?

        @Argument(help: "Only these services.")
        var services: [String] = []

        func run() async throws {
            var options = DownOptions(
                removeVolumes: volumes, removeOrphans: removeOrphans || EnvironmentFlags.removeOrphans,
                services: services, timeout: timeout
            )
            // No compose file, but a project name: tear down what the labels describe.
            if let name = try Self.nameWithoutFile(global) {
                let display = ProgressDisplay(mode: global.progressMode)
                let client = try EngineSession.makeClient()
                do {
                    try await ProjectRunner.downByName(client: client, name: name, options: options, progress: display.handler)
                    display.finish()
                } catch {
                    display.finish()
                    throw EngineFailure.exit(for: error)
                }
                return
            }
            let session = try EngineSession.open(global, services: services)
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            try await session.run { try await session.runner.down(options) }
            if let rmi {
                try await session.run { try await session.runner.removeImages(rmi.runtime) }
            }
        }

        /// The project name to use when there is no compose file to read.
        static func nameWithoutFile(_ global: GlobalOptions) throws -> String? {
            let environment = ProcessInfo.processInfo.environment
            guard global.file.isEmpty, environment["COMPOSE_FILE"] == nil,
                  let name = global.projectName ?? environment["COMPOSE_PROJECT_NAME"] else { return nil }
            do {
                _ = try ProjectLoader.load(global.loadOptions(), fileSystem: LocalFileSystem())
                return nil
            } catch {
                let noFile = error.diagnostics.contains { $0.message.hasPrefix("no configuration file provided") }
                return noFile ? name : nil
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Create containers without starting them."
        )

        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("force-recreate")) var forceRecreate = false
        @Flag(name: .customLong("no-recreate")) var noRecreate = false
        @Flag(name: .customLong("remove-orphans")) var removeOrphans = false
        @Option(help: ArgumentHelp("Scale SERVICE to NUM instances.", valueName: "SERVICE=NUM")) var scale: [String] = []
        @Flag(help: "Build images before creating containers.") var build = false
        @Flag(name: .customLong("no-build"), help: "Don't build an image, even if it's missing.") var noBuild = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            var options = PlanOptions(
                scale: try ScaleArguments.parse(scale), forceRecreate: forceRecreate, noRecreate: noRecreate,
                removeOrphans: removeOrphans, services: services, noStart: true
            )
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            try await session.run { try await session.runner.prepareImages(ImageOptions(build: build, noBuild: noBuild), services: services) }
            try await session.run { try await session.runner.create(options) }
        }
    }

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Start existing containers."
        )
        @OptionGroup var global: GlobalOptions
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.start(services: services) }
        }
    }

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop", abstract: "Stop running containers without removing them."
        )
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("t"), .long], help: "Shutdown timeout in seconds.") var timeout: Int?
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.stop(services: services, timeout: timeout) }
        }
    }

    struct Restart: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restart", abstract: "Restart containers."
        )
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("t"), .long], help: "Shutdown timeout in seconds.") var timeout: Int?
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.restart(services: services, timeout: timeout) }
        }
    }

    struct Kill: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kill", abstract: "Force stop containers."
        )
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("s"), .long], help: "Signal to send (default SIGKILL).") var signal: String?
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.kill(services: services, signal: signal) }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause", abstract: "Pause containers."
        )
        @OptionGroup var global: GlobalOptions
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.pause(services: services) }
        }
    }

    struct Unpause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unpause", abstract: "Unpause containers."
        )
        @OptionGroup var global: GlobalOptions
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.unpause(services: services) }
        }
    }

    struct Rm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Remove stopped containers."
        )
        @OptionGroup var global: LongFileOptions
        @Flag(name: [.customShort("f"), .long], help: "Don't ask to confirm removal.") var force = false
        @Flag(name: [.customShort("s"), .long], help: "Stop the containers, if required, before removing.") var stop = false
        @Flag(name: [.customShort("v"), .long], help: "Remove any anonymous volumes attached to containers.") var volumes = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services)
            try await session.run { try await session.runner.remove(services: services, stopFirst: stop, volumes: volumes) }
        }
    }

    struct Scale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scale", abstract: "Scale services: berth scale web=3 worker=2."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("no-deps"), help: "Don't start linked services.") var noDeps = false
        @Argument(help: ArgumentHelp("SERVICE=NUM pairs.", valueName: "SERVICE=NUM")) var scales: [String]

        func run() async throws {
            let scale = try ScaleArguments.parse(scales)
            let session = try EngineSession.open(global, services: Array(scale.keys))
            for name in scale.keys where session.loaded.project.services[name] == nil {
                throw ValidationError("no such service: \(name)")
            }
            var options = PlanOptions(scale: scale, noDeps: noDeps, services: Array(scale.keys).sorted())
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            _ = try await session.run { try await session.runner.up(UpOptions(plan: options)) }
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "wait", abstract: "Block until containers of the services stop; print their exit codes."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("down-project"), help: "Drop the project once the first container stops.") var downProject = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            let codes = try await session.run { try await session.runner.wait(services: services) }
            DiagnosticPrinter.write(codes.keys.sorted().map { "\($0) \(codes[$0] ?? 0)\n" }.joined(), to: .standardOutput)
            if downProject {
                try await session.run { try await session.runner.down(DownOptions()) }
            }
            if let worst = codes.values.first(where: { $0 != 0 }) { throw ExitCode(Int32(truncatingIfNeeded: worst)) }
        }
    }

    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show what `up` would do, and why, without doing it."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("Scale SERVICE to NUM instances.", valueName: "SERVICE=NUM")) var scale: [String] = []
        @Flag(name: .customLong("force-recreate")) var forceRecreate = false
        @Flag(name: .customLong("no-recreate")) var noRecreate = false
        @Flag(name: .customLong("remove-orphans")) var removeOrphans = false
        @Flag(name: .customLong("no-deps")) var noDeps = false
        @Option(help: "Output format: text or json.") var format: String = "text"
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            var options = PlanOptions(
                scale: try ScaleArguments.parse(scale), forceRecreate: forceRecreate, noRecreate: noRecreate,
                removeOrphans: removeOrphans, noDeps: noDeps, services: services
            )
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            let plan = try await session.run { try await session.runner.plan(options) }
            if format == "json" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                DiagnosticPrinter.write(String(decoding: try encoder.encode(plan), as: UTF8.self) + "\n", to: .standardOutput)
            } else {
                PlanPrinter.print(plan)
            }
        }
    }
}

/// `down --rmi local|all`.
enum ImageRemoval: String, ExpressibleByArgument, CaseIterable {
    case local, all

    var runtime: ProjectRunner.ImageRemoval { self == .all ? .all : .local }
}
