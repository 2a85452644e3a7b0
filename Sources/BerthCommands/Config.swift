import ArgumentParser
import BerthBasics
import ComposeLoader
import ComposeModel
import ComposePlanner
import Foundation
import YAMLSyntax

extension Berth {
    /// `berth config`: the normalised project, as Docker Compose prints it.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Parse, resolve and render compose files in canonical form."
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case yaml, json
        }

        @OptionGroup var global: GlobalOptions

        @Option(help: "Output format: yaml or json.")
        var format: Format = .yaml

        @Flag(name: [.customShort("q"), .long], help: "Only validate; print nothing but problems.")
        var quiet = false

        @Flag(help: "Print the service names, one per line.")
        var services = false

        @Flag(help: "Print the volume names, one per line.")
        var volumes = false

        @Flag(help: "Print the network names, one per line.")
        var networks = false

        @Flag(help: "Print the profile names, one per line.")
        var profiles = false

        @Flag(help: "Print the image names, one per line.")
        var images = false

        @Option(help: ArgumentHelp("Print the config hash of these services ('*' for all): NAME HASH.", valueName: "services"))
        var hash: String?

        @Flag(help: ArgumentHelp("With --hash: print the exact JSON each hash digests.", visibility: .hidden))
        var hashInput = false

        @Flag(help: "Print the interpolation environment.")
        var environment = false

        @Flag(name: .customLong("no-interpolate"), help: "Don't interpolate environment variables.")
        var noInterpolate = false

        @Option(name: [.customShort("o"), .long], help: "Write the output to this file instead of stdout.")
        var output: String?

        @Argument(help: "Only these services.")
        var serviceNames: [String] = []

        func run() throws {
            // As Compose does for `--hash`: `env_file` stays a list (it is hashed as such) and is
            // not merged into `environment`; `up` hashes the resolved service instead.
            let text: String
            if printsUninterpolatedModel {
                text = try uninterpolatedText()
                if quiet { return }
            } else {
                let loaded = try global.load(
                    services: serviceNames, interpolate: !noInterpolate, resolveEnvironment: hash == nil)
                // A one-shot command: the loaded project lives until the exit (nothing is freed).
                ProcessLifetime.keep(loaded)
                var project = loaded.project
                if !serviceNames.isEmpty {
                    project = try ServiceSelection.select(serviceNames, in: project)
                }
                if quiet { return }
                text = try render(project, loaded: loaded)
            }
            if let output {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: output))
                } catch {
                    throw ValidationError("cannot write \(output): \(error.localizedDescription)")
                }
            } else {
                DiagnosticPrinter.write(text, to: .standardOutput)
            }
        }

        func render(_ project: Project, loaded: LoadedProject) throws -> String {
            func lines(_ items: [String]) -> String { items.map { $0 + "\n" }.joined() }
            if services { return lines(project.services.keys.sorted()) }
            if volumes { return lines(project.volumes.keys.sorted()) }
            if networks { return lines(project.networks.keys.sorted()) }
            if profiles { return lines(loaded.allProfiles) }
            if images {
                return lines(project.services.keys.sorted().compactMap { name in
                    project.services[name].map { $0.image ?? "\(project.name)-\(name)" }
                })
            }
            if environment {
                return lines(loaded.environment.keys.sorted().map { "\($0)=\(loaded.environment[$0] ?? "")" })
            }
            if let hash {
                let names = hash == "*" ? project.services.keys.sorted()
                    : hash.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                return try lines(names.map { name in
                    guard let service = project.services[name] else {
                        throw ValidationError("no such service: \(name)")
                    }
                    if hashInput { return "\(name) " + String(decoding: ConfigHash.hashedText(service), as: UTF8.self) }
                    return "\(name) \(ConfigHash.hash(service))"
                })
            }
            return try Self.document(project, format: format, interpolated: !noInterpolate)
        }

        /// The project as `config` prints it in `format`, the way Compose v2 prints it
        /// (`ComposeV2Config`; the differential tests compare the two field by field).
        static func document(_ project: Project, format: Format, interpolated: Bool) throws -> String {
            // As Compose: a secret's content (inline, or read from `environment:`) is never
            // printed; it would leak into CI logs.
            var project = project
            for key in project.secrets.keys { project.secrets[key]?.content = nil }
            // A config's content read from `environment:` is printed as its source, as Compose does.
            for key in project.configs.keys where project.configs[key]?.environment != nil { project.configs[key]?.content = nil }
            var text: String
            switch format {
            case .json: text = ComposeV2Config.json(project)
            case .yaml: text = ComposeV2Config.yamlValue(project).text
            }
            if interpolated {
                // As Compose does: the output stays a valid compose file, so `$` is escaped again.
                text = text.replacingOccurrences(of: "$", with: "$$")
            }
            switch format {
            case .json:
                return text + "\n"
            case .yaml:
                let tree = try YAMLParser.parse(text, file: "<config>")
                return tree.first.map { YAMLEmitter.emit($0) } ?? ""
            }
        }
    }
}

/// Narrowing a project to named services and what they depend on.
enum ServiceSelection {
    static func select(_ names: [String], in project: Project) throws -> Project {
        var keep = Set<String>()
        var queue = names
        while let name = queue.popLast() {
            guard let service = project.services[name] else {
                throw ValidationError("no such service: \(name)")
            }
            if keep.insert(name).inserted {
                queue += service.dependsOn.keys.filter { project.services[$0] != nil }
            }
        }
        var out = project
        out.services = project.services.filter { keep.contains($0.key) }
        return out
    }
}
