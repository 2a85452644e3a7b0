import EngineClient
import Foundation

// Compares EngineClient round trips with curl (many URLs in one process, one connection)
// and a raw keep-alive socket loop in python (the floor). Prints µs per request and ratios.

let environment = ProcessInfo.processInfo.environment
let pings = Int(environment["BENCH_PINGS"] ?? "") ?? 2000
let inspects = Int(environment["BENCH_INSPECTS"] ?? "") ?? 1000
let rounds = Int(environment["BENCH_ROUNDS"] ?? "") ?? 3
let benchDir = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "bench/engine"

let endpoint = try EngineEndpoint.fromEnvironment()
guard case .unix(let socketPath) = endpoint.address else {
    print("engine-bench compares against a unix socket; DOCKER_HOST is \(endpoint)")
    exit(2)
}

func run(_ executable: String, _ arguments: [String], stderrLines: Bool = false) throws -> (Double, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = stderrLines ? FileHandle.nullDevice : out
    process.standardError = stderrLines ? err : FileHandle.nullDevice
    let start = ContinuousClock.now
    try process.run()
    let data = (stderrLines ? err : out).fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - start
    guard process.terminationStatus == 0 else {
        throw EngineError.configuration("\(executable) \(arguments.prefix(3)) exited with \(process.terminationStatus)")
    }
    return (elapsed.seconds, String(decoding: data, as: UTF8.self))
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func which(_ name: String) -> String? {
    for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

guard let curl = which("curl"), let python = which("python3") else {
    print("engine-bench needs curl and python3 on PATH")
    exit(2)
}

/// curl fetching `n` URLs in one process over one reused connection.
func curlSeconds(_ path: String, _ n: Int) throws -> Double {
    let urls = Array(repeating: "http://docker\(path)", count: n)
    return try run(curl, ["-s", "--unix-socket", socketPath] + urls).0
}

func curlConnections(_ path: String, _ n: Int) throws -> Int {
    let urls = Array(repeating: "http://docker\(path)", count: n)
    let (_, log) = try run(curl, ["-sv", "--unix-socket", socketPath] + urls, stderrLines: true)
    return log.split(separator: "\n").filter { $0.contains("Connected to") }.count
}

func rawSeconds(_ path: String, _ n: Int, parse: Bool) throws -> Double {
    let (_, out) = try run(python, ["\(benchDir)/raw_floor.py", socketPath, "/v\(version)" + path, String(n)] + (parse ? ["parse"] : []))
    guard let seconds = Double(out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw EngineError.configuration("raw_floor.py printed \(out)")
    }
    return seconds
}

func clientSeconds(_ client: EngineClient, _ n: Int, concurrency: Int = 1, _ body: @escaping @Sendable (EngineClient) async throws -> Void) async throws -> Double {
    for _ in 0..<min(100, n) { try await body(client) }
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            let share = n / concurrency + (worker < n % concurrency ? 1 : 0)
            group.addTask {
                for _ in 0..<share { try await body(client) }
            }
        }
        try await group.waitForAll()
    }
    return (ContinuousClock.now - start).seconds
}

let client = try EngineClient(endpoint: endpoint, maxConnections: 4)
let version = try await client.apiVersion()
let name = "berth-bench-\(String(UInt32.random(in: .min ... .max), radix: 36))"
var config = ContainerConfig()
config.image = "berth-test/busybox:1"
config.cmd = ["sleep", "300"]
config.labels = ["berth.test": "1"]
let containerID = try await client.createContainer(name: name, ContainerCreateRequest(config: config)).id ?? name

func operation(_ index: Int, _ id: String) -> @Sendable (EngineClient) async throws -> Void {
    switch index {
    case 0: return { _ = try await $0.ping() }
    case 1: return { _ = try await $0.inspectContainer(id) }
    default: return { _ = try await $0.request(method: "GET", path: "/containers/\(id)/json") }
    }
}

struct Row {
    var label: String
    var n: Int
    var raw = Double.infinity
    var curl = Double.infinity
    var client = Double.infinity
    var clientParallel = Double.infinity
    var clientOnLoop = Double.infinity
}

var rows = [
    Row(label: "GET /_ping", n: pings),
    Row(label: "GET /containers/{id}/json, decoded (raw: + json.loads)", n: inspects),
    Row(label: "same, body not decoded (`request`)", n: inspects),
]
let paths = ["/_ping", "/containers/\(containerID)/json", "/containers/\(containerID)/json"]

do {
    for _ in 0..<rounds {
        for index in rows.indices {
            let n = rows[index].n
            let path = paths[index]
            rows[index].raw = min(rows[index].raw, try rawSeconds(path, n, parse: index == 1))
            rows[index].curl = min(rows[index].curl, try curlSeconds(path, n))
            let body = operation(index, containerID)
            let sequential = try await clientSeconds(client, n, body)
            rows[index].client = min(rows[index].client, sequential)
            let parallel = try await clientSeconds(client, n, concurrency: 4, body)
            rows[index].clientParallel = min(rows[index].clientParallel, parallel)
            let executor = client.taskExecutor
            let onLoop = try await withTaskExecutorPreference(executor) {
                try await clientSeconds(client, n, body)
            }
            rows[index].clientOnLoop = min(rows[index].clientOnLoop, onLoop)
        }
    }
} catch {
    try? await client.removeContainer(containerID, force: true)
    throw error
}
let curlConns = try curlConnections("/_ping", 50)
// Decoding alone, in this process, for the inspect body.
let inspectBody = try await client.request(method: "GET", path: "/containers/\(containerID)/json").body
let inspectBytes = Array(inspectBody)
var decodeStart = ContinuousClock.now
for _ in 0..<1000 { _ = try EngineJSONDecoder().decode(ContainerInspect.self, from: inspectBytes) }
let oursDecode = (ContinuousClock.now - decodeStart).seconds / 1000
decodeStart = ContinuousClock.now
for _ in 0..<1000 { _ = try JSONDecoder().decode(ContainerInspect.self, from: inspectBody) }
let foundationDecode = (ContinuousClock.now - decodeStart).seconds / 1000
try await client.removeContainer(containerID, force: true)
let opened = await client.connectionsOpened
let requests = rows.reduce(0) { $0 + ($1.n + min(100, $1.n)) * 3 * rounds }

func us(_ seconds: Double, _ n: Int) -> String { String(format: "%7.1f", seconds / Double(n) * 1e6) }
func ratio(_ a: Double, _ b: Double) -> String { String(format: "%5.2f×", a / b) }

print("EngineClient benchmark: engine API \(version), socket \(socketPath), best of \(rounds) rounds, µs per request")
print("")
print("| call | N | raw socket (python) | curl, 1 process | EngineClient | ratio to raw | ratio to curl | EngineClient, caller on its event loop | ratio to raw | EngineClient, 4 tasks (per request) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for row in rows {
    print("| \(row.label) | \(row.n) | \(us(row.raw, row.n)) | \(us(row.curl, row.n)) | \(us(row.client, row.n)) | \(ratio(row.client, row.raw)) | \(ratio(row.client, row.curl)) | \(us(row.clientOnLoop, row.n)) | \(ratio(row.clientOnLoop, row.raw)) | \(us(row.clientParallel, row.n)) |")
}
print("")
print(String(format: "decoding one inspect body (%d bytes) into ContainerInspect: EngineJSONDecoder %.1f µs, Foundation JSONDecoder %.1f µs", inspectBytes.count, oursDecode * 1e6, foundationDecode * 1e6))
print("connections: EngineClient opened \(opened) for \(requests) requests (pool of 4, incl. the 4-task runs and warm-ups); curl opened \(curlConns) for 50 URLs; raw floor 1 by construction")
await client.shutdown()
