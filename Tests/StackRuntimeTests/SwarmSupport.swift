import BerthBasics
import ComposeLoader
import ComposeModel
import EngineClient
import Foundation
import StackRuntime
import Testing

/// Helpers for tests against the project's own swarm engine (scripts/swarm-engine). They fail,
/// never skip, when it does not answer or is not a manager.
enum Swarm {
    static let image = "berth-test/busybox:1"
    static let host = ProcessInfo.processInfo.environment["BERTH_SWARM_HOST"] ?? "unix:///run/berth-swarm/docker.sock"

    static func client() async throws -> EngineClient {
        let client = try EngineClient(endpoint: try EngineEndpoint.parse(host: host), requestTimeout: .seconds(120))
        let info = try await client.info()
        #expect(info.swarm?.controlAvailable == true, "the swarm engine at \(host) is not a manager; run scripts/swarm-engine")
        return client
    }

    static func stackName() -> String {
        "stk" + String(UInt64.random(in: 0..<UInt64.max), radix: 36).prefix(8)
    }

    /// Loads `yaml` as project `name` from a fresh temporary directory.
    static func load(_ yaml: String, name: String, environment: [String: String] = [:]) throws -> LoadedProject {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(name + "-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/compose.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        var options = LoadOptions(environment: environment)
        options.configFiles = [file]
        options.projectName = name
        options.projectDirectory = dir
        return try ProjectLoader.load(options, fileSystem: LocalFileSystem())
    }

    /// Converts, deploys and waits; returns the plan carried out.
    @discardableResult
    static func deploy(
        _ yaml: String, stack: String, client: EngineClient, environment: [String: String] = [:], prune: Bool = false,
        timeout: Duration = .seconds(120)
    ) async throws -> StackPlan {
        let loaded = try load(yaml, name: stack, environment: environment)
        let desired = StackConverter(stack: stack, environment: loaded.environment).convert(loaded.project)
        #expect(desired.errors.isEmpty, "\(desired.errors)")
        let deployer = StackDeployer(client: client, stack: stack)
        let (plan, deployed) = try await deployer.deploy(desired, prune: prune)
        try await StackConvergence(client: client, stack: stack).wait(for: deployed, timeout: timeout)
        await deployer.removeOldObjects(plan)
        return plan
    }

    /// Runs `body` with a fresh stack name, then removes the stack.
    static func withStack(_ body: (String, EngineClient) async throws -> Void) async throws {
        let client = try await client()
        let stack = stackName()
        do {
            try await body(stack, client)
        } catch {
            _ = try? await StackDeployer(client: client, stack: stack).remove()
            await client.shutdown()
            throw error
        }
        _ = try await StackDeployer(client: client, stack: stack).remove()
        await client.shutdown()
    }

    static func services(_ stack: String, _ client: EngineClient) async throws -> [SwarmService] {
        var filters = Filters()
        filters.label(StackLabels.namespace, stack)
        return try await client.listServices(filters: filters)
    }

    static func runningTasks(_ service: String, _ client: EngineClient) async throws -> [SwarmTask] {
        try await client.listTasks(filters: ["service": [service], "desired-state": ["running"]]).filter { $0.status?.state == "running" }
    }

    /// Runs the docker CLI against the swarm engine; returns its exit status and stdout.
    static func docker(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["docker", "-H", host] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
