import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start", abstract: "Start existing containers."
        )
        @OptionGroup var global: GlobalOptions
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, observesFirst: true)
            try await session.run { try await session.runner.start(services: services) }
        }
    }
}
