import Foundation
import Testing

/// A running `berth watch` (or `up --watch`): its output gathered line by line, waited on.
final class WatchProcess: @unchecked Sendable {
    let process = Process()
    private let lock = NSLock()
    private var output = ""

    init(_ args: [String], in directory: String) throws {
        process.executableURL = URL(fileURLWithPath: BerthBinary.path)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("COMPOSE_") { environment[key] = nil }
        environment["COMPOSE_PROGRESS"] = "plain"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var text: String { lock.withLock { output } }

    /// Waits until the output contains `needle` (true) or `timeout` passes (false).
    func waitFor(_ needle: String, timeout: Double = 60) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if text.contains(needle) { return true }
            if !process.isRunning { return text.contains(needle) }
            usleep(20_000)
        }
        return false
    }

    /// Sends SIGINT (Ctrl-C) and waits for the exit; returns the status (-1 after `timeout`).
    @discardableResult
    func interrupt(timeout: Double = 30) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < end { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }
}

/// A watch test project: its directory, name and helpers to look inside its containers.
struct WatchFixture {
    let dir: TempProject
    let name: String

    init(_ tag: String, files: [String: String]) throws {
        name = "wat-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
        dir = try TempProject(files)
    }

    func path(_ relative: String) -> String { dir.path + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func watch(_ extra: [String] = [], command: [String] = ["watch"]) throws -> WatchProcess {
        try WatchProcess(["-p", name] + command + extra, in: dir.path)
    }

    /// Runs a shell command in the service's first container; stdout, trimmed.
    func exec(_ service: String, _ script: String, index: Int = 1) throws -> String {
        try EngineCommandTests.docker(["exec", "\(name)-\(service)-\(index)", "sh", "-c", script]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls `script` until its output is `expected`; true when it got there within `timeout`.
    func eventually(_ service: String, _ script: String, equals expected: String, index: Int = 1, timeout: Double = 20) throws -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if try exec(service, script, index: index) == expected { return true }
            usleep(30_000)
        }
        return false
    }

    func inspect(_ service: String, _ format: String, index: Int = 1) throws -> String {
        try EngineCommandTests.docker(["inspect", "-f", format, "\(name)-\(service)-\(index)"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func cleanup() {
        _ = try? BerthBinary.run(["-p", name, "down", "-v", "-t", "0", "--rmi", "local"], in: dir.path)
        dir.cleanup()
    }
}
