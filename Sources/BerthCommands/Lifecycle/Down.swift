import BerthBasics
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
            let session = try EngineSession.open(global, services: services, observesFirst: true, locks: true)
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            try await session.run { try await session.runner.down(options) }
            if let rmi {
                try await session.run { try await session.runner.removeImages(rmi.runtime) }
            }
        }

        /// The project name to use when there is no compose file to read.
        static func nameWithoutFile(_ global: GlobalOptions) throws -> String? {
            let environment = ProcessEnvironment.values
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
}

/// `down --rmi local|all`.
enum ImageRemoval: String, ExpressibleByArgument, CaseIterable {
    case local, all

    var runtime: ProjectRunner.ImageRemoval { self == .all ? .all : .local }
}
