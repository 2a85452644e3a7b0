import ArgumentParser
import ComposeModel
import ComposeRuntime
import Foundation

extension Berth {
    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build", abstract: "Build or rebuild the services' images."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("no-cache"), help: "Do not use cache when building the image.") var noCache = false
        @Flag(help: "Always attempt to pull a newer version of the base image.") var pull = false
        @Option(name: .customLong("build-arg"), help: ArgumentHelp("Set a build-time variable.", valueName: "KEY=VALUE")) var buildArg: [String] = []
        @Flag(name: [.customShort("q"), .long], help: "Don't print anything to stdout.") var quiet = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: quiet ? .quiet : nil)
            let overrides = BuildRequest.Overrides(noCache: noCache, pull: pull, buildArgs: buildArg)
            try await session.run { try await session.runner.build(services: services, overrides: overrides) }
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pull", abstract: "Pull the services' images."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("ignore-pull-failures"), help: "Pull what it can and ignore images with pull failures.") var ignoreFailures = false
        @Flag(name: .customLong("include-deps"), help: "Also pull services declared as dependencies.") var includeDeps = false
        @Flag(name: [.customShort("q"), .long], help: "Pull without printing progress information.") var quiet = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: quiet ? .quiet : nil)
            try await session.run {
                try await session.runner.pull(services: services, ignoreFailures: ignoreFailures, includeDeps: includeDeps)
            }
        }
    }

    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push", abstract: "Push the services' images to their registries."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("ignore-push-failures"), help: "Push what it can and ignore images with push failures.") var ignoreFailures = false
        @Flag(name: [.customShort("q"), .long], help: "Push without printing progress information.") var quiet = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: quiet ? .quiet : nil)
            try await session.run { try await session.runner.push(services: services, ignoreFailures: ignoreFailures) }
        }
    }

    struct Images: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "images", abstract: "List the images used by the project's containers."
        )
        typealias Format = TableOrJSON
        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table or json.") var format: Format = .table
        @Flag(name: [.customShort("q"), .long], help: "Only display IDs.") var quiet = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            var rows = try await session.run { try await session.runner.images() }
            if !services.isEmpty { rows = rows.filter { $0.service.map(services.contains) ?? false } }
            let out: String
            if quiet {
                out = Array(Set(rows.map(\.id))).sorted().map { $0 + "\n" }.joined()
            } else if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                out = String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n"
            } else {
                out = TextTable.render(
                    header: ["CONTAINER", "REPOSITORY", "TAG", "IMAGE ID", "SIZE"],
                    rows: rows.map { [$0.container, $0.repository, $0.tag, String($0.id.replacingOccurrences(of: "sha256:", with: "").prefix(12)), ByteCount.human($0.size)] }
                )
            }
            DiagnosticPrinter.write(out, to: .standardOutput)
        }
    }
}

enum ByteCount {
    static func human(_ bytes: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(bytes)B" : String(format: "%.3g%@", value, units[unit])
    }
}
