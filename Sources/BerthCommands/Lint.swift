import ArgumentParser
import BerthBasics
import ComposeLint
import ComposeLoader
import ComposeModel
import EngineClient
import Foundation

extension Berth {
    /// `berth lint`: best-practice and security rules over the loaded project and its Dockerfiles.
    struct Lint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Check compose files and their Dockerfiles for container best practices.",
            discussion: """
                Lints the merged project (every -f file, extends, anchors) and the Dockerfile of every \
                build; each finding is located where the value must be edited. Suppress with \
                `# berth-lint-disable RULE` on the line or the line above, `# berth-lint-disable-file RULE`, \
                or configure rules in .berth-lint.yaml or `x-lint:` (rules: {ID: severity|off}, \
                services: {name: [ID…]}).
                Exit status: 0 when no finding reaches --fail-on, 1 when one does (or the files do not \
                load), 64 for usage errors.
                """
        )

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, github, sarif
        }

        @OptionGroup var global: GlobalOptions

        @Option(help: "Output format: text, json, github or sarif.")
        var format: Format = .text

        @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at least this severe: info, low, medium, high or critical.")
        var failOn: String = "high"

        @Option(name: .customLong("rule"), help: ArgumentHelp("Only report these rules (IDs or names); repeatable.", valueName: "ID"))
        var rules: [String] = []

        @Option(help: ArgumentHelp("Print a rule's severity, why it matters, how to fix it and a reference ('all' lists every rule).", valueName: "ID"))
        var explain: String?

        @Flag(help: "Rewrite the compose files for the fixable findings, keeping comments and formatting.")
        var fix = false

        @Flag(name: .customLong("dry-run"), help: "With --fix: print a unified diff instead of writing.")
        var dryRun = false

        @Flag(help: "Ask the engine for each image's user (root images are reported).")
        var engine = false

        func validate() throws {
            if LintSeverity(rawValue: failOn.lowercased()) == nil {
                throw ValidationError("--fail-on must be info, low, medium, high or critical, not \"\(failOn)\"")
            }
            for id in rules where RuleCatalog.rule(id) == nil {
                throw ValidationError("unknown rule \"\(id)\": `berth lint --explain all` lists the rules")
            }
            if let explain, explain != "all", RuleCatalog.rule(explain) == nil {
                throw ValidationError("unknown rule \"\(explain)\": `berth lint --explain all` lists the rules")
            }
            if dryRun, !fix { throw ValidationError("--dry-run only goes with --fix") }
        }

        func run() async throws {
            if let explain {
                let text = explain == "all"
                    ? RuleCatalog.all.map { "\($0.id)  \($0.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.name)\($0.fixable ? " (fixable)" : "")\n" }.joined()
                    : RuleCatalog.rule(explain)?.explanation ?? ""
                DiagnosticPrinter.write(text, to: .standardOutput)
                return
            }
            let threshold = LintSeverity(rawValue: failOn.lowercased()) ?? .high
            let only = Set(rules.compactMap { RuleCatalog.rule($0)?.id })
            var loaded = try global.load(quietWarnings: format != .text)
            var input = LintInput(
                project: loaded.project, root: loaded.root, workingDirectory: loaded.workingDirectory,
                configFiles: loaded.configFiles, files: LocalLintFiles(), imageUsers: engine ? try await imageUsers(loaded.project) : [:]
            )
            var findings = Linter.lint(input, only: only)
            // A one-shot command: what it loaded and found lives until the exit (nothing is freed).
            ProcessLifetime.keep((input, findings))
            if fix {
                let fixes = Fixer.fixes(for: findings, input: input)
                if dryRun {
                    DiagnosticPrinter.write(fixes.map { $0.diff(displayName: DiagnosticPrinter.displayPath($0.file)) }.joined(), to: .standardOutput)
                    return
                }
                for change in fixes {
                    do {
                        try Data(change.fixed.utf8).write(to: URL(fileURLWithPath: change.file))
                    } catch {
                        DiagnosticPrinter.write("error: cannot write \(change.file): \(error)\n", to: .standardError)
                        throw ExitCode(BerthExit.invalidProject)
                    }
                    DiagnosticPrinter.write("fixed \(change.fixedFindings.count) finding(s) in \(DiagnosticPrinter.displayPath(change.file))\n", to: .standardError)
                }
                if !fixes.isEmpty {
                    loaded = try global.load(quietWarnings: true)
                    input.project = loaded.project
                    input.root = loaded.root
                    findings = Linter.lint(input, only: only)
                }
            }
            LintReport.write(
                findings, format: LintReport.Format(rawValue: format.rawValue) ?? .text,
                display: DiagnosticPrinter.displayPath, toolVersion: Berth.configuration.version
            ) { DiagnosticPrinter.write(bytes: $0, to: format == .text ? .standardError : .standardOutput) }
            if findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(BerthExit.invalidProject) }
        }

        /// The configured user of each service's image, from the engine (images not present are skipped).
        func imageUsers(_ project: Project) async throws -> [String: String] {
            let client = try EngineSession.makeClient()
            var users: [String: String] = [:]
            for image in Set(project.services.values.compactMap { $0.user == nil ? $0.image : nil }).sorted() {
                if let inspect = try? await client.inspectImage(image) {
                    users[image] = inspect.config?.user ?? ""
                }
            }
            return users
        }
    }
}

/// The real files lint reads: Dockerfiles, .dockerignore, compose sources, secret file modes.
struct LocalLintFiles: LintFiles {
    func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }

    func permissions(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}
