import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop", abstract: "Stop running containers without removing them."
        )
        @OptionGroup var global: GlobalOptions
        @Option(name: [.customShort("t"), .long], help: "Shutdown timeout in seconds.") var timeout: Int?
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, observesFirst: true)
            try await session.run { try await session.runner.stop(services: services, timeout: timeout) }
        }
    }
}
