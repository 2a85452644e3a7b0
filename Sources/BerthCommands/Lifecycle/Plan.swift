import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
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
        @Option(help: "Output format.") var format: TextOrJSON = .text
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            var options = PlanOptions(
                scale: try ScaleArguments.parse(scale), forceRecreate: forceRecreate, noRecreate: noRecreate,
                removeOrphans: removeOrphans, noDeps: noDeps, services: services
            )
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            let plan = try await session.run { try await session.runner.plan(options) }
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                DiagnosticPrinter.write(String(decoding: try encoder.encode(plan), as: UTF8.self) + "\n", to: .standardOutput)
            } else {
                PlanPrinter.print(plan)
            }
        }
    }
}
