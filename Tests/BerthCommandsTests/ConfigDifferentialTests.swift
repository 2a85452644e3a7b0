@testable import BerthCommands
import Foundation
import Testing

/// Differential: `berth config --format json` and `--format yaml` print, field by field, what
/// Docker Compose v2 prints for every file of the shared corpus and every loader fixture, and
/// both accept and reject the same files. Compose v2 must be installed (scripts/compose-v2;
/// CI runs it): without it these tests fail.
@Suite struct ConfigDifferentialTests {
    static let corpus = "/work/shared/corpus"

    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ComposeLoaderTests/Fixtures").path
    }

    /// Every compose file of the corpus and the fixtures, plus the corpus's two combined runs
    /// (scripts/corpus: an override on its base; `cat.yaml` with `FILE` set).
    static func cases() -> [ConfigCase] {
        var out: [ConfigCase] = []
        for root in [corpus, fixtures] {
            let names = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            for name in names.sorted() where (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && !name.contains("/.") {
                out.append(ConfigCase(files: [root + "/" + name], name: name))
            }
        }
        let oci = corpus + "/compose-e2e/publish/oci"
        out.append(ConfigCase(files: [oci + "/compose.yaml", oci + "/compose-override.yaml"], name: "compose-e2e/publish/oci (base + override)"))
        out.append(ConfigCase(files: [corpus + "/compose-e2e/logs-test/cat.yaml"], env: ["FILE": "./text_file.txt"], name: "compose-e2e/logs-test/cat.yaml (FILE set)"))
        return out
    }

    /// Where Berth deliberately prints something else than v2, or accepts or rejects otherwise:
    /// the one list of such decisions, each with its reason. `file` is a suffix of the case
    /// name (empty: every case), `path` a prefix of the field's dotted path with `*` for one
    /// name (empty: the accept/reject outcome).
    struct Decision {
        var file: String
        var path: String
        var reason: String
    }

    static let decisions: [Decision] = [
        Decision(
            file: "build-test/ssh/compose.yaml", path: "",
            reason: "v2 cannot print build.ssh as JSON (compose-go's SSHKey.MarshalJSON writes invalid JSON); Berth prints it"),
        Decision(
            file: "", path: "services.*.build.ssh",
            reason: "v2's YAML prints an ssh entry as the string 'id: /abs/path' (SSHKey.MarshalYAML), which no compose file accepts; Berth prints the `id=path` form that it reads"),
    ]

    static func isAllowed(_ caseName: String, path: String) -> Bool {
        decisions.contains { d in
            (d.file.isEmpty || caseName.hasSuffix(d.file)) && !d.path.isEmpty && matches(path, prefix: d.path)
        }
    }

    static func outcomeAllowed(_ caseName: String) -> Bool {
        decisions.contains { d in d.path.isEmpty && caseName.hasSuffix(d.file) }
    }

    /// Whether the dotted `path` starts with `prefix`, where a `*` segment matches one name.
    static func matches(_ path: String, prefix: String) -> Bool {
        let p = path.split(separator: ".", omittingEmptySubsequences: false)
        let q = prefix.split(separator: ".", omittingEmptySubsequences: false)
        guard p.count >= q.count else { return false }
        for (a, b) in zip(p, q) where b != "*" && a != b {
            // `ssh[0]` is under `ssh`.
            guard a.hasPrefix(b + "[") else { return false }
        }
        return true
    }

    /// Compares both tools over `cases`; returns the field comparison and the outcome
    /// disagreements.
    static func compare(_ cases: [ConfigCase], format: Berth.Config.Format) async throws -> (FieldComparison, [String]) {
        async let v2 = Task.detached { try ConfigDifferential.runV2(cases, format: format.rawValue) }.value
        let berth = await ConfigDifferential.runBerth(cases, format: format)
        let reference = try await v2
        var fields = FieldComparison()
        var outcomes: [String] = []
        for (i, c) in cases.enumerated() {
            switch (reference[i].output, berth[i].output) {
            case (let a?, let b?):
                let ta = try ConfigTree(parsing: a), tb = try ConfigTree(parsing: b)
                fields.compare(v2: ta, berth: tb, label: c.name) { isAllowed(c.name, path: $0) }
            case (nil, nil):
                continue
            case (let a, _):
                if outcomeAllowed(c.name) { continue }
                outcomes.append(a == nil
                    ? "\(c.name): v2 rejects (\(reference[i].message.prefix(300))), Berth accepts"
                    : "\(c.name): v2 accepts, Berth rejects (\(berth[i].message.prefix(300)))")
            }
        }
        return (fields, outcomes)
    }

    @Test(arguments: [Berth.Config.Format.json, .yaml])
    func configEqualsComposeV2(format: Berth.Config.Format) async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ConfigDifferential.composeV2), "compose-v2 is not installed (scripts/compose-v2)")
        let cases = Self.cases()
        #expect(cases.count > 90)
        let (fields, outcomes) = try await Self.compare(cases, format: format)
        print("config --format \(format.rawValue): \(fields.equal) of \(fields.total) fields equal to Compose v2 over \(cases.count) cases")
        #expect(fields.total > 1500)
        #expect(fields.differences.isEmpty, "\(fields.differences.count) fields differ:\n\(fields.differences.prefix(60).joined(separator: "\n"))")
        #expect(outcomes.isEmpty, "accept/reject differs:\n\(outcomes.joined(separator: "\n"))")
    }

    /// The allowlist's path matching.
    @Test func decisionPathsMatchByPrefixAndWildcard() {
        #expect(Self.matches("services.app.build.ssh[0]", prefix: "services.*.build.ssh"))
        #expect(!Self.matches("services.app.build.context", prefix: "services.*.build.ssh"))
        #expect(!Self.matches("services.app", prefix: "services.*.build"))
    }
}
