import BerthBasics
import ComposeLint
import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// Files on disk, with optional mode overrides, for lint tests.
struct DiskLintFiles: LintFiles {
    var modes: [String: Int] = [:]

    func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    func permissions(_ path: String) -> Int? {
        if let mode = modes[path] { return mode }
        return (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}

enum LintFixtures {
    static var root: String {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures").path ?? "Fixtures"
    }

    static func directory(_ relative: String) -> String { root + "/" + relative }

    /// Loads the compose files of a directory as `berth lint` does, and lints them.
    static func lint(dir: String, files: [String] = ["compose.yaml"], environment: [String: String] = [:], modes: [String: Int] = [:]) throws -> [LintFinding] {
        let input = try load(dir: dir, files: files, environment: environment, modes: modes)
        return Linter.lint(input)
    }

    static func load(dir: String, files: [String] = ["compose.yaml"], environment: [String: String] = [:], modes: [String: Int] = [:]) throws -> LintInput {
        var options = LoadOptions(environment: environment)
        options.configFiles = files.map { dir + "/" + $0 }
        let loaded = try ProjectLoader.load(options, fileSystem: LocalFileSystem())
        return LintInput(project: loaded.project, root: loaded.root, workingDirectory: loaded.workingDirectory,
                         configFiles: loaded.configFiles, files: DiskLintFiles(modes: modes))
    }

    /// Lints compose text written to a fresh temporary directory (with extra files beside it).
    static func lintText(_ compose: String, extra: [String: String] = [:], modes: [String: Int] = [:]) throws -> (dir: String, findings: [LintFinding]) {
        let dir = try temporaryDirectory()
        try write(["compose.yaml": compose].merging(extra) { a, _ in a }, to: dir)
        return (dir, try lint(dir: dir, modes: modes.reduce(into: [:]) { $0[dir + "/" + $1.key] = $1.value }))
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ files: [String: String], to dir: String) throws {
        for (name, text) in files {
            let path = dir + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    /// Where a fixture expects a rule: `# <- ID` marks its own line, `# expect ID` the next one.
    static func expectations(in dir: String, rule: String) -> [(file: String, line: Int)] {
        var out: [(String, Int)] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        for name in names.sorted() {
            let path = dir + "/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.contains("# <- \(rule)") { out.append((path, i + 1)) }
                if line.contains("# expect \(rule)") { out.append((path, i + 2)) }
            }
        }
        return out
    }
}
