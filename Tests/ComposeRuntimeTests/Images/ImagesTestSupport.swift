import EngineClient
import Foundation
import Testing

/// A temporary directory removed by `cleanup()`.
struct TempDirectory {
    let path: String

    init(_ label: String = "berth-images") throws {
        path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ relative: String, _ text: String, mode: Int? = nil) throws {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        if let mode { try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: full) }
    }

    func cleanup() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs a program; returns its exit status, standard output and standard error. Output goes
/// through temporary files, not pipes: a daemon the program leaves running may inherit them.
@discardableResult
func runProgram(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let base = NSTemporaryDirectory() + "berth-run-" + UUID().uuidString
    _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
    _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
    defer {
        try? FileManager.default.removeItem(atPath: base + ".out")
        try? FileManager.default.removeItem(atPath: base + ".err")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
    try process.run()
    process.waitUntilExit()
    let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    return (process.terminationStatus, output, errors)
}

/// The repository root (for scripts/).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
}()

/// A client for the engine the tests need; fails the test (does not skip) when none answers.
func requireEngine() async throws -> EngineClient {
    let client = try EngineClient()
    let answers = try await client.ping()
    try #require(answers, "no Docker engine answers: start one with scripts/engine")
    return client
}

let baseImage = "berth-test/busybox:1"
