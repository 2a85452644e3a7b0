import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
}
