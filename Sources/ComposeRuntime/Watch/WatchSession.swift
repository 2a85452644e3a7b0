import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient
import FileWatch
import Foundation

/// Something the watcher did, for the command layer to print (a `watch` line or a JSON event).
public struct WatchEvent: Sendable, Hashable {
    public enum Level: String, Sendable { case info, warning, error }
    public var level: Level
    /// What happened: `enabled`, `sync`, `rebuild`, `restart`, `exec`, `reload`, `disabled`, `error`.
    public var kind: String
    public var service: String?
    public var message: String
    /// How many changed paths the action covered.
    public var files: Int?

    public init(level: Level, kind: String, service: String? = nil, message: String, files: Int? = nil) {
        self.level = level
        self.kind = kind
        self.service = service
        self.message = message
        self.files = files
    }
}

/// How `berth watch` runs.
public struct WatchOptions: Sendable {
    /// `--prune`: remove the images a rebuild replaced.
    public var prune = true
    /// How events are grouped into batches.
    public var batcher = ChangeBatcher()
    /// The inotify watch bound.
    public var maxWatches = 65_536
    /// What a reload applies: `up` for these services (empty: the whole project), as the
    /// watch started with; nil applies nothing (the new rules are still used).
    public var applyOnReload: [String]? = []
    /// Report each batch's phase times (`trace` events): batching, matching, engine calls, tar.
    public var trace = false

    public init() {}
}

/// A project being watched: the runner and the rules, swapped together on a reload.
public struct WatchedProject: Sendable {
    public var runner: ProjectRunner
    public var configuration: WatchConfiguration
    /// Compose and env files: an edit to one reloads the project.
    public var projectFiles: [String]

    public init(runner: ProjectRunner, configuration: WatchConfiguration, projectFiles: [String]) {
        self.runner = runner
        self.configuration = configuration
        self.projectFiles = projectFiles.map(POSIXPath.clean)
    }

    /// The compose files, `--env-file`s and the project's `.env` (a loaded project no longer
    /// lists the services' `env_file`s: the command layer adds them).
    public static func files(of info: ProjectInfo) -> [String] {
        var files = info.configFiles + info.envFiles + [info.workingDir + "/.env"]
        for service in info.project.services.values { files += service.envFile.map(\.path) }
        return Array(Set(files)).sorted()
    }
}

/// `berth watch`: keeps the running containers in step with the source tree until cancelled.
public enum WatchSession {
    /// Holds the project's watch lock, runs the initial syncs, then turns every batch of
    /// changes into rebuilds, syncs, restarts and execs (in that order). Returns when the task
    /// is cancelled; the containers keep running. A failed action is reported and watching goes on.
    ///
    /// - Parameter reload: loads the project again after a compose or env file changed.
    public static func run(
        _ initial: WatchedProject, options: WatchOptions,
        reload: @escaping @Sendable () async throws -> WatchedProject,
        events: @escaping @Sendable (WatchEvent) -> Void
    ) async throws {
        let projectName = initial.runner.info.project.name
        guard let lock = try ProjectLock.tryAcquire(project: projectName, suffix: ".watch") else {
            throw RuntimeError(.other, "cannot take exclusive lock for project \"\(projectName)\": another berth watch is running on it")
        }
        defer { lock.release() }
        var current = initial
        for warning in current.configuration.warnings {
            events(WatchEvent(level: .warning, kind: "skip", service: warning.service, message: warning.message))
        }
        await initialSync(current, events: events)
        var watcher = try makeWatcher(current, options: options)
        defer { watcher.stop() }
        events(WatchEvent(level: .info, kind: "enabled", message: "Watch enabled"))
        var carried: [String] = []
        let users = ContainerUsers()
        while !Task.isCancelled {
            guard let batch = await watcher.next() else { break }
            if Task.isCancelled { break }
            for error in batch.errors { events(WatchEvent(level: .error, kind: "error", message: "\(error)")) }
            var paths = carried + batch.paths
            carried = []
            let tracer = options.trace ? WatchTracer(batch: batch, events: events) : nil
            if paths.contains(where: { current.projectFiles.contains(POSIXPath.clean($0)) }) {
                if let next = await reloaded(reload, events: events) {
                    do {
                        // The new watcher is in place before the old one stops: no edit falls between.
                        let fresh = try makeWatcher(next, options: options)
                        watcher.stop()
                        watcher = fresh
                        current = next
                        events(WatchEvent(level: .info, kind: "reload", message: "Project files changed: project reloaded, watching with its rules"))
                        await apply(next, options: options, events: events)
                    } catch {
                        events(WatchEvent(level: .error, kind: "reload", message: "Project files changed but the new rules cannot be watched, keeping the previous configuration: \(error)"))
                    }
                }
                paths.removeAll { current.projectFiles.contains(POSIXPath.clean($0)) }
            }
            carried = await handle(paths, in: current, options: options, users: users, tracer: tracer, events: events)
            tracer?.finish()
        }
        events(WatchEvent(level: .info, kind: "disabled", message: "Watch disabled"))
    }

    /// Loads the project again; nil (reported) when the files cannot be read, so the previous project stays.
    static func reloaded(_ load: @Sendable () async throws -> WatchedProject, events: @Sendable (WatchEvent) -> Void) async -> WatchedProject? {
        do {
            return try await load()
        } catch {
            events(WatchEvent(level: .error, kind: "reload", message: "Project files changed but cannot be reloaded, keeping the previous configuration: \(error)"))
            return nil
        }
    }

    /// Converges the reloaded project as `up` would (`options.applyOnReload`): what changed is
    /// recreated, each action printed with its reason.
    static func apply(_ project: WatchedProject, options: WatchOptions, events: @Sendable (WatchEvent) -> Void) async {
        guard let services = options.applyOnReload else { return }
        do {
            try await project.runner.prepareImages(ImageOptions(), services: services)
            let plan = try await project.runner.up(UpOptions(plan: PlanOptions(services: services)))
            let lines = plan.render()
            events(WatchEvent(level: .info, kind: "reload", message: lines.isEmpty
                ? "Reloaded project applied: nothing to change" : "Reloaded project applied: \(lines.count) action(s)"))
            for line in lines { events(WatchEvent(level: .info, kind: "reload", message: line)) }
        } catch {
            // The new rules still apply to the containers that run.
            events(WatchEvent(level: .error, kind: "reload", message: "Reloaded project could not be applied: \(error)"))
        }
    }

    static func makeWatcher(_ project: WatchedProject, options: WatchOptions) throws -> FileWatcher {
        let filters = project.configuration.triggers.map(\.filter)
        let skip: @Sendable (String) -> Bool = { dir in
            let owners = filters.filter { $0.contains(dir) }
            return !owners.isEmpty && owners.allSatisfy { $0.skipsDirectory(dir) }
        }
        let roots = project.configuration.triggers.map(\.path) + project.projectFiles
        return try FileWatcher(roots: roots, skip: skip, maxWatches: options.maxWatches, batcher: options.batcher)
    }

    static func initialSync(_ project: WatchedProject, events: @Sendable (WatchEvent) -> Void) async {
        let runner = project.runner
        for trigger in project.configuration.triggers where trigger.initialSync {
            do {
                let containers = try await runner.runningContainers(of: trigger.service)
                let batch = await runner.initialSyncBatch(trigger, containers: containers)
                guard !batch.isEmpty, !containers.isEmpty else { continue }
                try await runner.sync(batch, into: containers)
                events(WatchEvent(level: .info, kind: "sync", service: trigger.service,
                                  message: "Initial sync of service \"\(trigger.service)\": \(batch.count) path(s) pushed", files: batch.count))
            } catch {
                events(WatchEvent(level: .error, kind: "sync", service: trigger.service, message: "Initial sync of service \"\(trigger.service)\" failed: \(error)"))
            }
        }
    }

    /// Carries out one batch; returns the paths whose sync failed twice, to try with the next batch.
    static func handle(
        _ paths: [String], in project: WatchedProject, options: WatchOptions, users: ContainerUsers = ContainerUsers(), tracer: WatchTracer? = nil,
        events: @Sendable (WatchEvent) -> Void
    ) async -> [String] {
        let runner = project.runner
        var rebuild: [String] = []
        var syncs: [String: (SyncBatch, [String])] = [:]
        var restart: [String] = []
        var execs: [WatchTrigger] = []
        for trigger in project.configuration.triggers {
            let matched = paths.filter { !trigger.filter.ignores($0) }
            guard !matched.isEmpty else { continue }
            switch trigger.action {
            case .rebuild:
                if !rebuild.contains(trigger.service) { rebuild.append(trigger.service) }
            case .restart:
                if !restart.contains(trigger.service) { restart.append(trigger.service) }
            case .sync, .syncRestart, .syncExec:
                var entry = syncs[trigger.service] ?? (SyncBatch(), [])
                for path in matched { entry.0.add(path, trigger: trigger) }
                entry.1 += matched
                syncs[trigger.service] = entry
                if trigger.action == .syncRestart && !restart.contains(trigger.service) { restart.append(trigger.service) }
                if trigger.action == .syncExec { execs.append(trigger) }
            }
        }
        tracer?.mark("match+stat")
        var failed: [String] = []
        if !rebuild.isEmpty {
            let list = "[" + rebuild.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            events(WatchEvent(level: .info, kind: "rebuild", message: "Rebuilding service(s) \(list) after changes were detected..."))
            do {
                let plan = try await runner.rebuildForWatch(services: rebuild, prune: options.prune)
                events(WatchEvent(level: .info, kind: "rebuild", message: "service(s) \(list) successfully built"))
                for line in plan.render() { events(WatchEvent(level: .info, kind: "rebuild", message: line)) }
            } catch {
                events(WatchEvent(level: .error, kind: "rebuild", message: "Build failed. Error: \(error)"))
            }
        }
        for service in syncs.keys.sorted() where !rebuild.contains(service) {
            guard let (batch, hostPaths) = syncs[service], !batch.isEmpty else { continue }
            events(WatchEvent(level: .info, kind: "sync", service: service,
                              message: "Syncing service \"\(service)\" after \(hostPaths.count) changes were detected", files: hostPaths.count))
            var lastError: (any Error)?
            for _ in 0..<2 {
                do {
                    let containers = try await runner.runningContainers(of: service)
                    tracer?.mark("list")
                    try await runner.sync(batch, into: containers, users: users, tracer: tracer)
                    lastError = nil
                    break
                } catch {
                    lastError = error
                }
            }
            if let lastError {
                failed += hostPaths
                events(WatchEvent(level: .error, kind: "sync", service: service,
                                  message: "Sync of service \"\(service)\" failed (\(hostPaths.count) changes kept for the next batch): \(lastError)"))
            }
        }
        let toRestart = restart.filter { !rebuild.contains($0) }
        if !toRestart.isEmpty {
            let list = "[" + toRestart.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            do {
                try await runner.restart(services: toRestart, timeout: nil)
                events(WatchEvent(level: .info, kind: "restart", message: "service(s) \(list) restarted"))
            } catch {
                events(WatchEvent(level: .error, kind: "restart", message: "Application failed to restart after update: \(error)"))
            }
        }
        for trigger in execs {
            await exec(trigger, runner: runner, events: events)
        }
        return failed
    }

    static func exec(_ trigger: WatchTrigger, runner: ProjectRunner, events: @Sendable (WatchEvent) -> Void) async {
        guard let hook = trigger.exec, let command = hook.command else { return }
        let environment = hook.environment.sorted { $0.key < $1.key }.map { pair in pair.value.map { "\(pair.key)=\($0)" } ?? pair.key }
        do {
            let containers = try await runner.runningContainers(of: trigger.service)
            let client = runner.client
            try await runner.forEachBounded(containers, limit: 16) { c in
                let result = try await client.exec(
                    c.id, command, environment: environment.isEmpty ? nil : environment, user: hook.user,
                    workingDir: hook.workingDir, privileged: hook.privileged)
                if result.exitCode != 0 {
                    throw RuntimeError(.other, "exit code \(result.exitCode): \(result.stderr)", container: c.name)
                }
            }
            events(WatchEvent(level: .info, kind: "exec", service: trigger.service,
                              message: "service \"\(trigger.service)\": ran \(command.joined(separator: " ")) in \(containers.count) container(s)"))
        } catch {
            events(WatchEvent(level: .error, kind: "exec", service: trigger.service,
                              message: "service \"\(trigger.service)\": \(command.joined(separator: " ")) failed: \(error)"))
        }
    }
}
