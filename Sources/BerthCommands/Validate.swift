import BerthBasics
import ArgumentParser
import ComposeLoader
import ComposeModel
import Foundation

extension Berth {
    /// `berth validate`: checks compose files and reports every problem, located.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check compose files and report every problem at file:line:column.",
            discussion: """
                Exit status: 0 when the files are valid (warnings allowed), 1 when they have errors.
                Formats: text (file:line:col: error: message (path)), json (an array of
                diagnostics), github (workflow annotations for GitHub Actions).
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, github
        }

        @OptionGroup var global: GlobalOptions

        @Option(help: "Output format: text, json or github.")
        var format: Format = .text

        @Flag(name: .long, help: "Treat warnings as errors.")
        var strict = false

        func run() throws {
            let diagnostics: [Diagnostic]
            do {
                diagnostics = try ProjectLoader.load(global.loadOptions(), fileSystem: LocalFileSystem()).warnings
            } catch {
                diagnostics = error.diagnostics
            }
            let failed = diagnostics.contains { $0.severity == .error || strict }
            switch format {
            case .text:
                DiagnosticPrinter.printText(diagnostics, to: .standardError)
                if !failed { DiagnosticPrinter.write("valid\n", to: .standardError) }
            case .json:
                DiagnosticPrinter.write(DiagnosticPrinter.json(diagnostics), to: .standardOutput)
            case .github:
                DiagnosticPrinter.write(DiagnosticPrinter.github(diagnostics), to: .standardOutput)
            }
            if failed { throw ExitCode(BerthExit.invalidProject) }
        }
    }
}
