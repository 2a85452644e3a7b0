import BerthBasics
@testable import BerthCommands
import ComposeLoader
import Foundation
import Testing
import YAMLSyntax

/// One `config` invocation, run by Compose v2 (a process) and by Berth (in process, through
/// the same code `berth config` runs).
struct ConfigCase: Sendable, CustomStringConvertible {
    /// Absolute compose files, `-f` in this order.
    var files: [String]
    /// Extra environment for both tools.
    var env: [String: String] = [:]
    var name: String

    var directory: String { URL(fileURLWithPath: files[0]).deletingLastPathComponent().path }
    var description: String { name }
}

/// What one tool printed for a case: `nil` output when it rejected the files.
struct ConfigOutcome: Sendable {
    var output: String?
    var message: String
}

/// Runs both tools and compares their `config` output as parsed trees.
enum ConfigDifferential {
    static let composeV2 = "/usr/local/bin/compose-v2"

    /// The environment both tools get: this process's, without `COMPOSE_*`.
    static var baseEnvironment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COMPOSE_") }
    }

    /// Compose v2's `config --format <format>` for every case, `width` processes at a time.
    /// Output goes to files (not pipes), so no process can block on a full pipe.
    static func runV2(_ cases: [ConfigCase], format: String, width: Int = 8) throws -> [ConfigOutcome] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("v2j-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var running: [(index: Int, process: Process, out: URL, err: URL)] = []
        var results = [ConfigOutcome?](repeating: nil, count: cases.count)
        func finish(_ job: (index: Int, process: Process, out: URL, err: URL)) {
            job.process.waitUntilExit()
            let out = (try? String(contentsOf: job.out, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: job.err, encoding: .utf8)) ?? ""
            results[job.index] = ConfigOutcome(output: job.process.terminationStatus == 0 ? out : nil, message: err)
        }
        for (i, c) in cases.enumerated() {
            if running.count >= width { finish(running.removeFirst()) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: composeV2)
            process.arguments = c.files.flatMap { ["-f", URL(fileURLWithPath: $0).path] } + ["config", "--format", format]
            process.currentDirectoryURL = URL(fileURLWithPath: c.directory)
            var env = baseEnvironment
            env["PWD"] = c.directory
            env.merge(c.env) { $1 }
            process.environment = env
            let out = scratch.appendingPathComponent("\(i).out"), err = scratch.appendingPathComponent("\(i).err")
            _ = FileManager.default.createFile(atPath: out.path, contents: nil)
            _ = FileManager.default.createFile(atPath: err.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = try FileHandle(forWritingTo: err)
            process.standardInput = FileHandle.nullDevice
            try process.run()
            running.append((i, process, out, err))
        }
        running.forEach(finish)
        return results.map { $0 ?? ConfigOutcome(output: nil, message: "not run") }
    }

    /// Berth's `config --format <format>` for one case.
    static func runBerth(_ c: ConfigCase, format: Berth.Config.Format) -> ConfigOutcome {
        var env = baseEnvironment
        env["PWD"] = c.directory
        env.merge(c.env) { $1 }
        var options = LoadOptions(environment: env)
        options.configFiles = c.files
        let loaded: LoadedProject
        do {
            loaded = try ProjectLoader.load(options, fileSystem: LocalFileSystem())
        } catch {
            return ConfigOutcome(output: nil, message: error.description)
        }
        do {
            return ConfigOutcome(output: try Berth.Config.document(loaded.project, format: format, interpolated: true), message: "")
        } catch {
            return ConfigOutcome(output: nil, message: "berth config: \(error)")
        }
    }

    /// Berth's outcome for every case, in parallel.
    static func runBerth(_ cases: [ConfigCase], format: Berth.Config.Format) async -> [ConfigOutcome] {
        await withTaskGroup(of: (Int, ConfigOutcome).self) { group in
            for (i, c) in cases.enumerated() { group.addTask { (i, runBerth(c, format: format)) } }
            var out = [ConfigOutcome?](repeating: nil, count: cases.count)
            for await (i, outcome) in group { out[i] = outcome }
            return out.map { $0 ?? ConfigOutcome(output: nil, message: "not run") }
        }
    }
}

/// A parsed `config` document: YAML (JSON is YAML) read with Berth's YAML 1.2 parser, which
/// reads both tools' output as Compose reads a compose file.
indirect enum ConfigTree: Equatable, Sendable {
    case null, bool(Bool), number(Double), string(String)
    case array([ConfigTree]), object([String: ConfigTree])

    init(parsing text: String) throws {
        guard let node = try YAMLParser.parse(text, file: "<config>").first else {
            self = .null
            return
        }
        self.init(node)
    }

    init(_ node: Node) {
        switch node.content {
        case .sequence(let items): self = .array(items.map(ConfigTree.init))
        case .mapping(let pairs):
            var members: [String: ConfigTree] = [:]
            for pair in pairs { members[pair.key.scalar ?? "?"] = ConfigTree(pair.value) }
            self = .object(members)
        case .scalar:
            switch node.resolved {
            case .null?, nil: self = .null
            case .bool(let b)?: self = .bool(b)
            case .int(let i)?: self = .number(Double(i))
            case .float(let d)?: self = .number(d)
            case .string(let s)?: self = .string(s)
            }
        }
    }

    /// Every leaf (a scalar, or an empty collection) by its dotted path.
    func leaves(_ path: String = "", into out: inout [String: ConfigTree]) {
        switch self {
        case .object(let members) where !members.isEmpty:
            for (key, value) in members { value.leaves(path.isEmpty ? key : path + "." + key, into: &out) }
        case .array(let items) where !items.isEmpty:
            for (i, item) in items.enumerated() { item.leaves("\(path)[\(i)]", into: &out) }
        default:
            out[path] = self
        }
    }

    var leaves: [String: ConfigTree] {
        var out: [String: ConfigTree] = [:]
        leaves(into: &out)
        return out
    }
}

/// The fields of two documents: how many agree, and each path that differs.
struct FieldComparison {
    var equal = 0
    var total = 0
    var differences: [String] = []

    mutating func compare(v2: ConfigTree, berth: ConfigTree, label: String, allowed: (String) -> Bool) {
        let a = v2.leaves, b = berth.leaves
        for path in Set(a.keys).union(b.keys).sorted() {
            total += 1
            if let x = a[path], let y = b[path], x == y {
                equal += 1
            } else if allowed(path) {
                equal += 1
            } else {
                differences.append("\(label) \(path): v2 \(a[path].map(String.init(describing:)) ?? "absent"), berth \(b[path].map(String.init(describing:)) ?? "absent")")
            }
        }
    }
}
