import Foundation
import Testing

/// Runs Docker Compose v2 (the reference peer, `compose-v2`, installed by scripts/compose-v2).
/// Tests that compare against it fail, not skip, when it is missing.
enum ComposeV2 {
    static var path: String? {
        for p in ["/usr/local/bin/compose-v2", "/usr/bin/compose-v2"] where FileManager.default.isExecutableFile(atPath: p) {
            return p
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The environment both tools get: this process's, without `COMPOSE_*`.
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COMPOSE_") }
    }

    static func run(_ args: [String], in directory: String, env: [String: String] = [:]) throws -> Result {
        guard let path else { throw ComposeV2Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = Self.environment
        environment["PWD"] = directory
        environment.merge(env) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while it runs so a large output cannot block it.
        nonisolated(unsafe) var errData = Data()
        let reader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !reader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension ComposeV2 {
    /// `run` on a thread of its own: a test that waits for many Compose runs must not hold
    /// one of the few cooperative threads (two on this machine) the engine tests run on.
    static func runOffThePool(_ args: [String], in directory: String, env: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Result, any Error>) in
            Thread { c.resume(with: Swift.Result { try run(args, in: directory, env: env) }) }.start()
        }
    }
}

struct ComposeV2Missing: Error, CustomStringConvertible {
    var description: String { "compose-v2 is not installed (scripts/compose-v2 installs it)" }
}

/// Just enough of a JSON reader to take Compose's output apart without losing its key order:
/// an object's members as (key, raw text of the value).
enum OrderedJSON {
    /// The members of the object `text` is, in order, each value as its compact raw text.
    static func members(_ text: Substring) -> [(key: String, rawKey: Substring, value: Substring)] {
        var scanner = Scanner(bytes: Array(text.utf8), base: text)
        return scanner.objectMembers()
    }

    /// `text` without insignificant whitespace: what `json.Marshal` wrote before `MarshalIndent`
    /// indented it.
    static func compact(_ text: Substring) -> String {
        var out: [UInt8] = []
        var inString = false, escaped = false
        for b in text.utf8 {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
            } else if b != 0x20, b != 0x0a, b != 0x0d, b != 0x09 {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private struct Scanner {
        let bytes: [UInt8]
        let base: Substring
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[i]) { i += 1 }
        }

        mutating func objectMembers() -> [(key: String, rawKey: Substring, value: Substring)] {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return [] }
            i += 1
            var out: [(key: String, rawKey: Substring, value: Substring)] = []
            while true {
                skipSpace()
                guard i < bytes.count else { return out }
                if bytes[i] == UInt8(ascii: "}") { return out }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                let keyStart = i
                skipValue()
                let keyRaw = slice(keyStart, i)
                let key = (try? JSONDecoder().decode(String.self, from: Data(keyRaw.utf8))) ?? String(keyRaw)
                skipSpace()
                i += 1  // ':'
                skipSpace()
                let start = i
                skipValue()
                out.append((key, keyRaw, slice(start, i)))
            }
        }

        func slice(_ a: Int, _ b: Int) -> Substring {
            let s = base.utf8.index(base.utf8.startIndex, offsetBy: a)
            let e = base.utf8.index(base.utf8.startIndex, offsetBy: b)
            return base[s..<e]
        }

        mutating func skipValue() {
            guard i < bytes.count else { return }
            switch bytes[i] {
            case UInt8(ascii: "\""):
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                i += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                repeat {
                    switch bytes[i] {
                    case UInt8(ascii: "\""): skipValue(); continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    default: break
                    }
                    i += 1
                } while depth > 0 && i < bytes.count
            default:
                while i < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0a].contains(bytes[i]) { i += 1 }
            }
        }
    }

    /// Rebuilds an object from members (raw values compacted).
    static func object(_ members: [(key: String, rawKey: Substring, value: Substring)]) -> String {
        "{" + members.map { m in String(m.rawKey) + ":" + compact(m.value) }.joined(separator: ",") + "}"
    }
}
