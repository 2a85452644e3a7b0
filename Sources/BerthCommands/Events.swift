import ArgumentParser
import ComposeRuntime
import Foundation

extension Berth {
    /// `berth events [SERVICE…]`: follow the project's container events.
    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "events", abstract: "Receive real time events from containers.",
            discussion: "Follows until Ctrl-C, or until --until is reached."
        )

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Output events as a stream of json objects.") var json = false
        @Option(help: "Show all events created since timestamp.") var since: String?
        @Option(help: "Stream events until this timestamp.") var until: String?
        @Argument(help: "Only these services.") var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            try await session.run {
                let stream = try await session.runner.events(since: since, until: until, services: services)
                for try await event in stream {
                    if json {
                        DiagnosticPrinter.write(String(decoding: try encoder.encode(event), as: UTF8.self) + "\n", to: .standardOutput)
                    } else {
                        let attrs = event.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                        DiagnosticPrinter.write("\(event.time) \(event.type) \(event.action) \(event.id) (\(attrs))\n", to: .standardOutput)
                    }
                }
            }
        }
    }
}
