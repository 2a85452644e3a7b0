import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
}
