import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation
import Testing

/// Helpers for tests against the real engine. They fail (never skip) when no engine answers.
enum Engine {
    static let image = "berth-test/busybox:1"

    static func client() async throws -> EngineClient {
        let client = try EngineClient(requestTimeout: .seconds(30))
        let ok = try await client.ping()
        #expect(ok, "no Docker engine answers; start one with scripts/engine")
        return client
    }

    static func projectName() -> String {
        "berth-rt-" + String(UInt64.random(in: 0..<UInt64.max), radix: 36)
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

    /// Runs `body` with a fresh project name, then removes everything the project left.
    static func withProject(_ body: (String, EngineClient) async throws -> Void) async throws {
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

    static func cleanup(_ name: String, _ client: EngineClient) async throws {
        try await ProjectRunner.downByName(
            client: client, name: name, options: DownOptions(removeVolumes: true, removeOrphans: true, timeout: 0),
            progress: { _ in })
    }

    static func runner(_ info: ProjectInfo, _ client: EngineClient, events: EventLog? = nil) -> ProjectRunner {
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

    static func projectContainers(_ client: EngineClient, _ name: String) async throws -> [ContainerSummary] {
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
