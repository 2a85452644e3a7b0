import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
}
