import ArgumentParser
import BerthBasics
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth up`: create and start the project's containers, in dependency order.
    struct Up: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "up",
            abstract: "Create and start containers (attached: stream their logs until they stop)."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: [.customShort("d"), .long], help: "Detached mode: run containers in the background.")
        var detach = false

        @Flag(help: "Wait for services to be running|healthy. Implies detached mode.")
        var wait = false

        @Option(name: .customLong("wait-timeout"), help: "Maximum duration in seconds to wait for the project to be running|healthy.")
        var waitTimeout: Int?

        @Option(help: ArgumentHelp("Scale SERVICE to NUM instances (overrides `scale` in the file).", valueName: "SERVICE=NUM"))
        var scale: [String] = []

        @Flag(name: .customLong("force-recreate"), help: "Recreate containers even if their configuration hasn't changed.")
        var forceRecreate = false

        @Flag(name: .customLong("no-recreate"), help: "If containers already exist, don't recreate them.")
        var noRecreate = false

        @Flag(name: .customLong("always-recreate-deps"), help: "Recreate dependent containers.")
        var alwaysRecreateDeps = false

        @Flag(name: [.customShort("V"), .customLong("renew-anon-volumes")], help: "Recreate anonymous volumes instead of retrieving data from the previous containers.")
        var renewAnonVolumes = false

        @Flag(name: .customLong("remove-orphans"), help: "Remove containers for services not defined in the compose file.")
        var removeOrphans = false

        @Flag(name: .customLong("no-deps"), help: "Don't start linked services.")
        var noDeps = false

        @Flag(name: .customLong("no-start"), help: "Don't start the services after creating them.")
        var noStart = false

        @Option(name: [.customShort("t"), .long], help: "Shutdown timeout in seconds.")
        var timeout: Int?

        @Flag(name: .customLong("abort-on-container-exit"), help: "Stop all containers if any container was stopped.")
        var abortOnContainerExit = false

        @Flag(name: .customLong("abort-on-container-failure"), help: "Stop all containers if any container exited with failure.")
        var abortOnContainerFailure = false

        @Option(name: .customLong("exit-code-from"), help: "Return the exit code of the selected service container. Implies --abort-on-container-exit.")
        var exitCodeFrom: String?

        @Option(help: "Restrict attaching to the specified services.")
        var attach: [String] = []

        @Option(name: .customLong("no-attach"), help: "Do not attach (stream logs) to the specified services.")
        var noAttach: [String] = []

        @Flag(name: .customLong("no-color"), help: "Produce monochrome output.")
        var noColor = false

        @Flag(name: .customLong("no-log-prefix"), help: "Don't print prefix in logs.")
        var noLogPrefix = false

        @Flag(help: "Show timestamps.")
        var timestamps = false

        @Flag(name: .customLong("dry-run"), help: "Print what would be done, and why, without doing it.")
        var dryRun = false

        @Flag(help: "Build images before starting containers.")
        var build = false

        @Flag(name: .customLong("no-build"), help: "Don't build an image, even if it's missing.")
        var noBuild = false

        @Option(help: "Pull image before running (policy: each service's pull_policy).")
        var pull: PullOption?

        @Flag(name: [.customShort("w"), .long], help: "Watch source code and rebuild/refresh containers when files are updated (develop.watch).")
        var watch = false

        @Argument(help: "Services to start (and their dependencies).")
        var services: [String] = []

        mutating func validate() throws {
            if forceRecreate && noRecreate { throw ValidationError("--force-recreate and --no-recreate are incompatible") }
            if alwaysRecreateDeps && noRecreate { throw ValidationError("--always-recreate-deps and --no-recreate are incompatible") }
            if renewAnonVolumes && noRecreate { throw ValidationError("--renew-anon-volumes and --no-recreate are incompatible") }
            if abortOnContainerExit && abortOnContainerFailure {
                throw ValidationError("--abort-on-container-exit and --abort-on-container-failure are incompatible")
            }
            if (detach || wait) && (abortOnContainerExit || abortOnContainerFailure || exitCodeFrom != nil) {
                throw ValidationError("--abort-on-container-exit, --abort-on-container-failure and --exit-code-from cannot be combined with --detach or --wait")
            }
            if wait && !attach.isEmpty { throw ValidationError("--wait cannot be combined with --attach") }
            if build && noBuild { throw ValidationError("--build and --no-build are incompatible") }
            if watch && (detach || wait) { throw ValidationError("--watch cannot be combined with --detach or --wait") }
            if watch && noBuild { throw ValidationError("--no-build cannot be combined with --watch") }
            if let waitTimeout, waitTimeout < 0 { throw ValidationError("--wait-timeout must be >= 0") }
            _ = try ScaleArguments.parse(scale)
        }

        var planOptions: PlanOptions {
            get throws {
                PlanOptions(
                    scale: try ScaleArguments.parse(scale),
                    forceRecreate: forceRecreate || renewAnonVolumes,
                    noRecreate: noRecreate,
                    alwaysRecreateDeps: alwaysRecreateDeps,
                    renewAnonVolumes: renewAnonVolumes,
                    removeOrphans: removeOrphans || EnvironmentFlags.removeOrphans,
                    noDeps: noDeps,
                    services: services,
                    noStart: noStart,
                    timeout: timeout
                )
            }
        }

        func run() async throws {
            let session = try EngineSession.open(global, services: services, observesFirst: true, locks: true)
            var options = try planOptions
            options.disabledServices = Set(session.loaded.disabledServices.keys)
            if let exitCodeFrom, session.loaded.project.services[exitCodeFrom] == nil {
                throw ValidationError("no such service: \(exitCodeFrom)")
            }
            if dryRun {
                let plan = try await session.run { try await session.runner.plan(options) }
                PlanPrinter.print(plan)
                return
            }
            let watched = watch
                ? try WatchCommand.watchedProject(session.runner, loaded: session.loaded, services: [], loadOptions: global.loadOptions(services: [])) : nil
            let images = ImageOptions(build: build, noBuild: noBuild, pull: pull?.rawValue)
            try await session.run { try await session.runner.prepareImages(images, services: services) }
            let attached = !(detach || wait || noStart)
            var upOptions = UpOptions(plan: options)
            upOptions.start = !noStart
            upOptions.wait = wait
            upOptions.waitTimeout = waitTimeout.map { .seconds($0) }

            guard attached else {
                _ = try await session.run { try await session.runner.up(upOptions) }
                return
            }

            // Attached: follow the logs of every container while the project runs; Ctrl-C stops it.
            let interrupts = InterruptMonitor()
            let selected = attach.isEmpty ? nil : Set(attach)
            let skipped = Set(noAttach)
            let printer = LogPrinter(color: !noColor && LogPrinter.colorAllowed, prefix: !noLogPrefix, timestamps: timestamps)

            _ = try await session.run { try await session.runner.up(upOptions) }
            session.display.message("Attaching to \(session.loaded.project.serviceNames.joined(separator: ", "))")
            let watchTask = watched.map { WatchCommand.start(
                $0, session: session, global: global, services: [], prune: true, applyOnReload: upOptions.plan.services) }

            let runner = session.runner
            // Logs are printed from their own task, so the lines a container wrote just before
            // it exited are still printed after the abort decision. Following ends once the
            // project is stopped and every container's output has ended.
            let (stopped, stoppedNow) = AsyncStream<Void>.makeStream()
            let logTask = Task {
                var logOptions = LogOptions(follow: true, timestamps: true)
                logOptions.tail = "all"
                let lines = try await runner.logs(services: [], options: logOptions) { for await _ in stopped {} }
                for try await line in lines {
                    if let selected, !selected.contains(line.service) { continue }
                    if skipped.contains(line.service) { continue }
                    printer.print(line)
                }
            }
            let policy = AttachedPolicy(abortOnExit: abortOnContainerExit, abortOnFailure: abortOnContainerFailure, exitCodeFrom: exitCodeFrom)
            let outcome = try await session.run { try await runner.waitAttached(policy) { await interrupts.first() } }

            watchTask?.cancel()
            _ = await watchTask?.result
            switch outcome {
            case .interrupted: session.display.message("Gracefully stopping... (press Ctrl+C again to force)")
            case .aborted: session.display.message("Aborting on container exit...")
            case .allStopped: break
            }
            let stop = Task { try await runner.stop(services: [], timeout: timeout) }
            let forced = Task {
                await interrupts.next()
                try await runner.kill(services: [], signal: nil)
                stop.cancel()
            }
            _ = try? await stop.value
            forced.cancel()
            stoppedNow.finish()
            _ = await logTask.result
            session.display.finish()
            let status = BerthExit.status(of: outcome)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// `--scale web=3` arguments.
enum ScaleArguments {
    static func parse(_ values: [String]) throws -> [String: Int] {
        var result: [String: Int] = [:]
        for value in values {
            let parts = value.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[1]), n >= 0 else {
                throw ValidationError("invalid --scale \"\(value)\": expected SERVICE=NUM with NUM >= 0")
            }
            result[String(parts[0])] = n
        }
        return result
    }
}

enum EnvironmentFlags {
    static var removeOrphans: Bool {
        ["1", "true", "yes"].contains(ProcessEnvironment.values["COMPOSE_REMOVE_ORPHANS"]?.lowercased() ?? "")
    }
}

/// Prints a plan: one line per action with its reason.
enum PlanPrinter {
    static func print(_ plan: Plan) {
        var out = ""
        for warning in plan.warnings { out += "warning: \(warning)\n" }
        if plan.isEmpty {
            out += "Nothing to do: project \(plan.project) is up to date.\n"
        } else {
            for line in plan.render() { out += line + "\n" }
        }
        DiagnosticPrinter.write(out, to: .standardOutput)
    }
}
