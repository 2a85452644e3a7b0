import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
            let session = try EngineSession.open(global, services: services, observesFirst: true, locks: true)
            var options = PlanOptions(
                scale: try ScaleArguments.parse(scale), forceRecreate: forceRecreate, noRecreate: noRecreate,
                removeOrphans: removeOrphans, services: services, noStart: true
            )
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            try await session.run { try await session.runner.prepareImages(ImageOptions(build: build, noBuild: noBuild), services: services) }
            try await session.run { try await session.runner.create(options) }
        }
    }
}
