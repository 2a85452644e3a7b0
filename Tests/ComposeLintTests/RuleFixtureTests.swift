import ComposeLint
import Foundation
import Testing

/// One fixture pair per rule: `bad/` must produce the rule at the marked line, `good/` must not.
@Suite struct RuleFixtureTests {
    static let rules: [String] = RuleCatalog.all.map(\.id).filter { !["BL001", "BL125"].contains($0) }

    @Test(arguments: rules)
    func positive(_ rule: String) throws {
        let dir = LintFixtures.directory("rules/\(rule)/bad")
        let findings = try LintFixtures.lint(dir: dir).filter { $0.rule == rule }
        let expected = LintFixtures.expectations(in: dir, rule: rule)
        #expect(!expected.isEmpty, "fixture \(rule)/bad marks no expected line")
        for (file, line) in expected {
            #expect(findings.contains { $0.file == file && $0.line == line },
                    "\(rule) expected at \((file as NSString).lastPathComponent):\(line); got \(findings.map { "\($0.file):\($0.line):\($0.column)" })")
        }
        #expect(findings.count == expected.count, "\(findings)")
    }

    @Test(arguments: rules)
    func negative(_ rule: String) throws {
        let findings = try LintFixtures.lint(dir: LintFixtures.directory("rules/\(rule)/good")).filter { $0.rule == rule }
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func everyRuleHasAFixture() {
        for rule in Self.rules {
            #expect(FileManager.default.fileExists(atPath: LintFixtures.directory("rules/\(rule)/bad/compose.yaml")), "\(rule)")
            #expect(FileManager.default.fileExists(atPath: LintFixtures.directory("rules/\(rule)/good/compose.yaml")), "\(rule)")
        }
    }

    @Test func worldReadableSecretFile() throws {
        let compose = "services:\n  web:\n    image: app:1\n    secrets: [db]\nsecrets:\n  db:\n    file: ./db.txt\n"
        let open = try LintFixtures.lintText(compose, extra: ["db.txt": "x"], modes: ["db.txt": 0o644])
        let hit = open.findings.filter { $0.rule == "BL125" }
        #expect(hit.count == 1)
        #expect(hit.first?.line == 7)
        #expect(hit.first?.column == 5)
        let closed = try LintFixtures.lintText(compose, extra: ["db.txt": "x"], modes: ["db.txt": 0o600])
        #expect(!closed.findings.contains { $0.rule == "BL125" })
    }

    @Test func rootImageFromTheEngine() throws {
        let (dir, _) = try LintFixtures.lintText("services:\n  web:\n    image: app:1\n  ok:\n    image: nonroot:1\n")
        var input = try LintFixtures.load(dir: dir)
        input.imageUsers = ["app:1": "", "nonroot:1": "1000"]
        let findings = Linter.lint(input)
        #expect(findings.filter { $0.rule == "BL108" }.map(\.service) == ["web"])
        #expect(findings.filter { $0.rule == "BL107" }.isEmpty)
    }
}
