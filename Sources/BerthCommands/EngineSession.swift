import ArgumentParser
import BerthBasics
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

/// What a command that talks to the engine needs: the loaded project, a client, a runner and
/// the progress display. Turns engine failures into a message and the engine exit code.
struct EngineSession {
    let loaded: LoadedProject
    let client: EngineClient
    let runner: ProjectRunner
    let display: ProgressDisplay

    /// - Parameter observesFirst: the command's first engine work is an observation of the
    ///   project (`up`, `down`, `stop`, …): when the project's name is known before the file
    ///   is read, its list calls are sent at once (`EarlyObservation`).
    /// - Parameter locks: the command converges under the project lock (`up`, `create`,
    ///   `down`): the lock is taken before those calls go out.
    static func open(_ global: some ProjectOptions, services: [String] = [], progress: ProgressDisplay.Mode? = nil, observesFirst: Bool = false, locks: Bool = false) throws -> EngineSession {
        // The engine connection and the API version negotiation (`/_ping`) do not depend on the
        // file: they start first and run while the file loads, so the first real call finds
        // them done. A failure there is not reported here; the first call meets it again and
        // reports it, after any problem in the file.
        let early = clientResult()
        var observation: EarlyObservation?
        if case .success(let client) = early {
            Task { _ = try? await client.apiVersion() }
            if observesFirst, let name = knownProjectName(global) {
                observation = EarlyObservation(client: client, project: name, holdingLock: locks)
            }
        }
        let loaded = try global.load(services: services)
        let display = ProgressDisplay(mode: progress ?? global.progressMode)
        let client = try unwrap(early)
        let info = ProjectInfo(
            project: loaded.project,
            workingDir: loaded.workingDirectory,
            configFiles: loaded.configFiles,
            envFiles: global.envFile.map { PathResolution.absolute($0) },
            disabledServices: loaded.disabledServices
        )
        let runner = ProjectRunner(client: client, project: info, parallelism: global.parallelism, early: observation, progress: display.handler)
        return EngineSession(loaded: loaded, client: client, runner: runner, display: display)
    }

    /// The project name when it does not depend on the file: `-p`, else `COMPOSE_PROJECT_NAME`
    /// from the environment. (The loaded project may still be named otherwise, by a `.env`
    /// file; then the early calls are not used.)
    static func knownProjectName(_ global: some ProjectOptions) -> String? {
        if let name = global.projectName, !name.isEmpty { return name }
        if let name = ProcessEnvironment.values["COMPOSE_PROJECT_NAME"], !name.isEmpty { return name }
        return nil
    }

    static func makeClient() throws -> EngineClient {
        try unwrap(clientResult())
    }

    /// A client for the engine the environment names, or why there is none (not yet reported).
    static func clientResult() -> Result<EngineClient, EngineError> {
        Result { () throws(EngineError) in try EngineClient(logger: EngineLogging.engineLogger) }
    }

    /// The client, or the failure printed once and the engine exit code.
    static func unwrap(_ result: Result<EngineClient, EngineError>) throws -> EngineClient {
        switch result {
        case .success(let client): return client
        case .failure(let error):
            EngineFailure.report(error)
            throw ExitCode(BerthExit.engine)
        }
    }

    /// Runs an engine operation; failures are printed once, with the right exit code.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            display.finish()
            return value
        } catch {
            display.finish()
            throw EngineFailure.exit(for: error)
        }
    }
}

/// Prints an engine or runtime failure and chooses the exit code.
enum EngineFailure {
    static func report(_ error: any Error) {
        DiagnosticPrinter.write("error: \(error)\n", to: .standardError)
    }

    static func exit(for error: any Error) -> any Error {
        if error is ExitCode || error is CleanExit { return error }
        report(error)
        if error is EngineError { return ExitCode(BerthExit.engine) }
        if let runtime = error as? RuntimeError, runtime.kind == .engine || runtime.kind == .engineGone {
            return ExitCode(BerthExit.engine)
        }
        return ExitCode.failure
    }
}

enum PathResolution {
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

extension ProjectOptions {
    var progressMode: ProgressDisplay.Mode {
        progress ?? .auto
    }

    var parallelism: Int {
        if let parallel, parallel > 0 { return parallel }
        if let env = ProcessEnvironment.values["COMPOSE_PARALLEL_LIMIT"], let n = Int(env), n > 0 { return n }
        return 4
    }
}
