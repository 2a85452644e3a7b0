import ArgumentParser
import ComposeLoader
import ComposeModel
import EngineClient
import Foundation
import StackRuntime

extension Berth {
    /// `berth stack deploy`: converge a swarm stack to the compose file.
    struct StackDeploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deploy",
            abstract: "Deploy the project to Swarm as a stack (only changed services are updated)."
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Stack name (default: the project name).") var stack: String?
        @Flag(name: .customLong("dry-run"), help: "Print what would be created, updated and removed, and which fields changed.")
        var dryRun = false
        @Flag(help: "Remove services that are no longer in the file.") var prune = false
        @Flag(help: "Keys Swarm cannot honour are errors, not warnings.") var strict = false
        @Flag(help: "Wait until every service has converged (the default on a terminal).") var wait = false
        @Flag(name: [.customShort("d"), .long], help: "Return once the engine has the new specs.") var detach = false
        @Option(name: .customLong("wait-timeout"), help: "Seconds to wait for convergence (default 300).") var waitTimeout: Int?
        @Flag(help: "Build the images of services with build: and image: first (with --push).") var build = false
        @Flag(help: "Push those images to their registries, so every node can pull them (with --build).") var push = false

        func validate() throws {
            if build != push {
                throw ValidationError("--build and --push go together: every node of the swarm pulls the image from its registry")
            }
        }

        func run() async throws {
            var options = global
            if let stack { options.projectName = stack }
            let loaded = try options.load()
            let name = loaded.project.name
            let converter = StackConverter(stack: name, environment: loaded.environment, strict: strict, allowBuild: build)
            let desired = converter.convert(loaded.project)
            let diagnostics = desired.diagnostics.map { StackSupport.locate($0, in: loaded.root) }
            DiagnosticPrinter.printText(diagnostics, to: .standardError)
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(BerthExit.invalidProject) }

            let client = try StackSupport.client()
            let say: @Sendable (String) -> Void = { line in DiagnosticPrinter.write(line + "\n", to: .standardError) }
            let deployer = StackDeployer(client: client, stack: name, progress: say)
            try await StackSupport.run {
                if dryRun {
                    let plan = try await deployer.plan(desired, prune: prune)
                    let builds = build ? try StackImages.planLines(loaded.project) : []
                    let lines = (builds + plan.actions.map(\.description)).map { $0 + "\n" }.joined()
                    DiagnosticPrinter.write(lines.isEmpty ? "nothing to do\n" : lines, to: .standardOutput)
                    return
                }
                if build { try await StackImages.buildAndPush(loaded.project, client: client, say: say) }
                let (plan, deployed) = try await deployer.deploy(desired, prune: prune)
                if !plan.actions.contains(where: \.changes) { say("stack \(name): up to date") }
                let follow = !detach && (wait || isatty(STDOUT_FILENO) == 1)
                guard follow else { return }
                let watcher = StackConvergence(client: client, stack: name, progress: say)
                try await watcher.wait(for: deployed, timeout: .seconds(waitTimeout ?? 300))
                await deployer.removeOldObjects(plan)
                if !deployed.isEmpty { say("stack \(name): converged") }
            }
        }
    }
}
