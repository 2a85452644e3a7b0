import BerthBasics
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// The engines a scenario test runs on: one test body, two engines. `BERTH_TEST_ENGINES`
/// (`memory`, `docker`, or both comma-separated; default both) narrows the choice, e.g. for a
/// quick in-memory run of the whole runtime suite.
enum EngineKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory, docker

    var testDescription: String { rawValue }

    static var selected: [EngineKind] {
        guard let list = ProcessInfo.processInfo.environment["BERTH_TEST_ENGINES"], !list.isEmpty else { return allCases }
        return list.split(separator: ",").compactMap { EngineKind(rawValue: String($0)) }
    }

    /// Suites that need dockerd itself (exec into containers, real networking).
    static var dockerSelected: Bool { selected.contains(.docker) }
}

/// Helpers for tests against the real engine. They fail (never skip) when no engine answers.
enum Engine {
    static let image = "berth-test/busybox:1"

    static func client() async throws -> EngineClient {
        let client = try EngineClient(requestTimeout: .seconds(120))
        let ok = try await client.ping()
        #expect(ok, "no Docker engine answers; start one with scripts/engine")
        return client
    }

    static func projectName() -> String {
        "seam-rt-" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)
    }

    /// Loads `yaml` as the project `name` from a fresh temporary directory.
    static func load(_ yaml: String, name: String, environment: [String: String] = [:]) throws -> ProjectInfo {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name + "-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/compose.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        var options = LoadOptions(environment: environment)
        options.configFiles = [file]
        options.projectName = name
        options.projectDirectory = dir
        let loaded = try ProjectLoader.load(options, fileSystem: LocalFileSystem())
        return ProjectInfo(project: loaded.project, workingDir: loaded.workingDirectory, configFiles: loaded.configFiles)
    }

    /// Runs `body` with a fresh project name on a fresh in-memory engine (holding the test
    /// image), or on dockerd; then removes everything the project left.
    static func withProject(_ kind: EngineKind = .docker, _ body: (String, any EngineAPI) async throws -> Void) async throws {
        if kind == .memory {
            try await body(projectName(), InMemoryEngine(images: [image]))
            return
        }
        let client = try await client()
        let name = projectName()
        do {
            try await body(name, client)
        } catch {
            try? await cleanup(name, client)
            await client.shutdown()
            throw error
        }
        try await cleanup(name, client)
        await client.shutdown()
    }

    static func cleanup(_ name: String, _ client: any EngineAPI) async throws {
        try await ProjectRunner.downByName(
            client: client, name: name, options: DownOptions(removeVolumes: true, removeOrphans: true, timeout: 0),
            progress: { _ in })
    }

    static func runner(_ info: ProjectInfo, _ client: any EngineAPI, events: EventLog? = nil) -> ProjectRunner {
        ProjectRunner(client: client, project: info, parallelism: Int(ProcessInfo.processInfo.environment["BERTH_RT_PARALLEL"] ?? "") ?? 4, progress: { e in events?.append(e) })
    }

    /// Parses the engine's RFC 3339 times (nanoseconds, Z) into seconds since the epoch.
    static func time(_ text: String?) -> Double {
        guard let text, text.count >= 19 else { return 0 }
        let base = String(text.prefix(19)) + "Z"
        let f = ISO8601DateFormatter()
        guard let date = f.date(from: base) else { return 0 }
        var fraction = 0.0
        if let dot = text.firstIndex(of: ".") {
            let digits = text[text.index(after: dot)...].prefix { $0.isNumber }
            fraction = Double("0." + digits) ?? 0
        }
        return date.timeIntervalSince1970 + fraction
    }

    static func projectContainers(_ client: any EngineAPI, _ name: String) async throws -> [ContainerSummary] {
        var f = Filters()
        f.label(ComposeLabels.project, name)
        return try await client.listContainers(all: true, filters: f).sorted { ($0.plainName ?? "") < ($1.plainName ?? "") }
    }
}

/// Collects progress events from any task.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [ProgressEvent] = []

    func append(_ e: ProgressEvent) {
        lock.lock()
        items.append(e)
        lock.unlock()
    }

    var all: [ProgressEvent] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }
}

extension EngineAPI {
    /// On the in-memory engine: what each service's containers do (by service name); nothing
    /// on dockerd, where the compose file's commands and healthchecks do it.
    func script(_ byService: [String: ContainerScript]) async {
        guard let memory = self as? InMemoryEngine else { return }
        await memory.setScript { name, _ in
            byService.first { name.contains("-\($0.key)-") }?.value ?? .longRunning
        }
    }

    /// The in-memory engine, when this is one.
    var memory: InMemoryEngine? { self as? InMemoryEngine }
}
