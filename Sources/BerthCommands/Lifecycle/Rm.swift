import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
}
