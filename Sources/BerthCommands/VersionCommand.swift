import ArgumentParser
import Foundation

extension Berth {
    /// `berth version`: Berth's version, as `docker compose version` prints its own.
    struct VersionCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "version", abstract: "Show the Berth version information.")

        @OptionGroup var global: LongFileOptions

        enum Format: String, ExpressibleByArgument, CaseIterable { case pretty, json }

        @Option(name: [.customShort("f"), .long], help: "Format the output. Values: [pretty | json].") var format: Format = .pretty
        @Flag(help: "Shows only Berth's version number.") var short = false

        func run() throws {
            let version = Berth.configuration.version
            if short {
                print(version)
            } else if format == .json {
                print(#"{"version":"v\#(version)"}"#)
            } else {
                print("Berth version v\(version)")
            }
        }
    }
}
