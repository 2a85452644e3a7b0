import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth volumes [SERVICE…]`: the project's volumes.
    struct Volumes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "volumes", abstract: "List volumes.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Format the output.") var format: TableOrJSON = .table
        @Flag(name: [.customShort("q"), .long], help: "Only display volume names.") var quiet = false
        @Argument(help: "Only the volumes these services mount.") var services: [String] = []

        struct Row: Encodable {
            var Driver: String
            var Labels: String
            var Mountpoint: String
            var Name: String
            var Scope: String
        }

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            let project = session.loaded.project
            for s in services where project.services[s] == nil {
                throw ValidationError("no such service: \(s)")
            }
            var filters = Filters()
            filters.label(ComposeLabels.project, project.name)
            let wanted = filters
            var volumes = try await session.run { try await session.client.listVolumes(filters: wanted) }
            if !services.isEmpty {
                let keys = Set(services.flatMap { s in project.services[s].map { ComposeNames.volumeKeys(of: $0, in: project) } ?? [] })
                let names = Set(keys.map { ComposeNames.volume(project: project, key: $0) })
                volumes = volumes.filter { names.contains($0.name ?? "") }
            }
            volumes.sort { ($0.name ?? "") < ($1.name ?? "") }
            if quiet {
                DiagnosticPrinter.write(volumes.map { ($0.name ?? "") + "\n" }.joined(), to: .standardOutput)
                return
            }
            switch format {
            case .table:
                let rows = volumes.map { [$0.driver ?? "local", $0.name ?? ""] }
                DiagnosticPrinter.write(TextTable.render(header: ["DRIVER", "VOLUME NAME"], rows: rows), to: .standardOutput)
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                var out = ""
                for v in volumes {
                    let labels = (v.labels ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                    let row = Row(Driver: v.driver ?? "local", Labels: labels, Mountpoint: v.mountpoint ?? "", Name: v.name ?? "", Scope: v.scope ?? "local")
                    out += String(decoding: try encoder.encode(row), as: UTF8.self) + "\n"
                }
                DiagnosticPrinter.write(out, to: .standardOutput)
            }
        }
    }
}
