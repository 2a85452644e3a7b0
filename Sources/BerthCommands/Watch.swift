import BerthBasics
import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation
import YAMLSyntax

extension Berth {
    /// `berth watch`: start the project, then keep it in step with the source tree
    /// (`develop.watch`: sync, rebuild, restart, sync+restart, sync+exec).
    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "watch",
            abstract: "Watch the build context and sync, restart or rebuild services as files change."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .customLong("no-up"), help: "Do not build and start the services before watching.")
        var noUp = false

        @Flag(name: .customLong("prune"), inversion: .prefixedNo, help: "Remove the images a rebuild replaced.")
        var prune = true

        @Flag(help: "Hide build output.")
        var quiet = false

        @Argument(help: "Services to watch (default: every service with watch rules).")
        var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: quiet ? .quiet : nil)
            let watched = try WatchCommand.watchedProject(
                session.runner, loaded: session.loaded, services: services, loadOptions: global.loadOptions(services: services))
            if !noUp {
                let buildable = watched.configuration.triggers.map(\.service).filter { session.loaded.project.services[$0]?.build != nil }
                try await session.run {
                    if !buildable.isEmpty { try await session.runner.build(services: Array(Set(buildable)).sorted(), overrides: .init()) }
                    try await session.runner.prepareImages(ImageOptions(), services: services)
                    try await session.runner.up(UpOptions(plan: PlanOptions(services: services)))
                }
            }
            let interrupts = InterruptMonitor()
            let task = WatchCommand.start(
                watched, session: session, global: global, services: services, prune: prune, applyOnReload: noUp ? nil : services)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = await task.result }
                group.addTask { await interrupts.first() }
                await group.next()
                task.cancel()
                _ = await task.result
                group.cancelAll()
            }
            if case .failure(let error) = await task.result { throw EngineFailure.exit(for: error) }
        }
    }
}

/// What `watch` and `up --watch` share: rule checking with locations, the session task, and
/// how watch events are printed.
enum WatchCommand {
    /// The rules of `services`, or every problem with them at `file:line:col` (exit 1).
    static func watchedProject(
        _ runner: ProjectRunner, loaded: LoadedProject, services: [String], loadOptions: LoadOptions, noBuild: Bool = false
    ) throws -> WatchedProject {
        do {
            let configuration = try WatchConfiguration.make(
                project: loaded.project, workingDir: loaded.workingDirectory, services: services, noBuild: noBuild)
            let files = WatchedProject.files(of: runner.info) + serviceEnvFiles(loadOptions)
            return WatchedProject(runner: runner, configuration: configuration, projectFiles: files)
        } catch {
            var text = ""
            for problem in error.problems {
                text += "\(locate(problem.location, in: loaded.root)): error: \(problem)\n"
            }
            DiagnosticPrinter.write(text, to: .standardError)
            throw ExitCode.failure
        }
    }

    /// The `env_file`s of the services. The loader folds them into `environment` and drops
    /// the list, so the files are read once more without that step.
    static func serviceEnvFiles(_ options: LoadOptions) -> [String] {
        var options = options
        options.resolveEnvironment = false
        guard let loaded = try? ProjectLoader.load(options, fileSystem: LocalFileSystem()) else { return [] }
        return loaded.project.services.values.flatMap { $0.envFile.map(\.path) }
    }

    /// Where the deepest existing node on `path` was written.
    static func locate(_ path: [String], in root: Node) -> String {
        var node = root
        for component in path {
            if let pairs = node.mapping, let next = pairs.first(where: { $0.key.scalar == component }) {
                node = next.value
            } else if let items = node.sequence, let i = Int(component), items.indices.contains(i) {
                node = items[i]
            } else {
                break
            }
        }
        return node.mark.description
    }

    /// Runs the watch session in a task; cancel it to stop (the containers keep running).
    /// - Parameter applyOnReload: the services `up` converges after a reload (nil: none, for `--no-up`).
    static func start(
        _ watched: WatchedProject, session: EngineSession, global: GlobalOptions, services: [String], prune: Bool,
        applyOnReload: [String]?
    ) -> Task<Void, any Error> {
        let loadOptions = global.loadOptions(services: services)
        let envFiles = global.envFile.map { PathResolution.absolute($0) }
        let parallelism = global.parallelism
        let client = session.client
        let display = session.display
        let json = display.mode == .json
        var options = WatchOptions()
        options.prune = prune
        options.applyOnReload = applyOnReload
        options.trace = ProcessEnvironment.values["BERTH_WATCH_TRACE"] == "1"
        let reload: @Sendable () async throws -> WatchedProject = {
            let loaded = try ProjectLoader.load(loadOptions, fileSystem: LocalFileSystem())
            let info = ProjectInfo(
                project: loaded.project, workingDir: loaded.workingDirectory, configFiles: loaded.configFiles,
                envFiles: envFiles, disabledServices: loaded.disabledServices)
            let runner = ProjectRunner(client: client, project: info, parallelism: parallelism, progress: display.handler)
            let configuration = try WatchConfiguration.make(project: loaded.project, workingDir: loaded.workingDirectory, services: services)
            let files = WatchedProject.files(of: info) + serviceEnvFiles(loadOptions)
            return WatchedProject(runner: runner, configuration: configuration, projectFiles: files)
        }
        let watchOptions = options
        return Task {
            try await WatchSession.run(watched, options: watchOptions, reload: reload) { event in
                print(event, json: json)
            }
        }
    }

    /// A `watch`-prefixed line on stdout, or one JSON object per event with `--progress json`.
    static func print(_ event: WatchEvent, json: Bool) {
        if json {
            var object: [String: Any] = ["type": "watch", "kind": event.kind, "level": event.level.rawValue, "message": event.message]
            if let service = event.service { object["service"] = service }
            if let files = event.files { object["files"] = files }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            DiagnosticPrinter.write(String(decoding: data, as: UTF8.self) + "\n", to: .standardOutput)
            return
        }
        let prefix = event.level == .error ? "watch | error: " : event.level == .warning ? "watch | warning: " : "watch | "
        DiagnosticPrinter.write(prefix + event.message + "\n", to: event.level == .info ? .standardOutput : .standardError)
    }
}
