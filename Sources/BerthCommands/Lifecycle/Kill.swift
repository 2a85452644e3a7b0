import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
}
