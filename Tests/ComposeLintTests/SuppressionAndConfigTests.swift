import ComposeLint
import Foundation
import Testing

@Suite struct SuppressionAndConfigTests {
    @Test func commentOnTheLineOrTheLineAbove() throws {
        let compose = """
            services:
              web:
                image: app:1
                privileged: true # berth-lint-disable BL109
                # berth-lint-disable BL123
                container_name: web
              api:
                image: app:1
                privileged: true

            """
        let (_, findings) = try LintFixtures.lintText(compose)
        #expect(findings.filter { $0.rule == "BL109" }.map(\.line) == [9])
        #expect(!findings.contains { $0.rule == "BL123" })
    }

    @Test func fileWideSuppression() throws {
        let (_, findings) = try LintFixtures.lintText("# berth-lint-disable-file BL113, BL111\nservices:\n  web:\n    image: app:1\n")
        #expect(!findings.contains { $0.rule == "BL113" || $0.rule == "BL111" })
        #expect(findings.contains { $0.rule == "BL112" })
    }

    @Test func dockerfileSuppression() throws {
        let (_, findings) = try LintFixtures.lintText(
            "services:\n  app:\n    build: .\n",
            extra: ["Dockerfile": "# berth-lint-disable BL201\nFROM alpine\nRUN apk add curl\n", ".dockerignore": ".git\n.env\n"])
        #expect(!findings.contains { $0.rule == "BL201" })
        #expect(findings.contains { $0.rule == "BL211" })
    }

    @Test func unknownRuleInASuppressionIsLocated() throws {
        let (_, findings) = try LintFixtures.lintText("services:\n  web:\n    image: app:1 # berth-lint-disable BL999\n")
        let problem = findings.first { $0.rule == "BL001" }
        #expect(problem?.line == 3)
        #expect(problem?.column == 39)
    }

    @Test func configFileSetsSeveritiesAndServiceExclusions() throws {
        let config = "rules:\n  BL113: off\n  BL106: critical\nservices:\n  legacy: [BL107, no-cap-drop-all]\n"
        let (_, findings) = try LintFixtures.lintText(
            "services:\n  web:\n    image: app:1\n  legacy:\n    image: app:1\n", extra: [".berth-lint.yaml": config])
        #expect(!findings.contains { $0.rule == "BL113" })
        #expect(findings.filter { $0.rule == "BL106" }.allSatisfy { $0.severity == .critical })
        #expect(findings.filter { $0.rule == "BL107" }.map(\.service) == ["web"])
        #expect(findings.filter { $0.rule == "BL111" }.map(\.service) == ["web"])
    }

    @Test func unknownRuleInConfigIsALocatedError() throws {
        let (dir, findings) = try LintFixtures.lintText(
            "services:\n  web:\n    image: app:1\nx-lint:\n  rules:\n    BL113: off\n    BL4242: low\n", extra: [".berth-lint.yaml": "rules:\n  nope: high\n"])
        let problems = findings.filter { $0.rule == "BL001" }.sorted { $0.file < $1.file }
        #expect(problems.map { "\(($0.file as NSString).lastPathComponent):\($0.line):\($0.column)" } == [".berth-lint.yaml:2:3", "compose.yaml:7:5"])
        #expect(problems.allSatisfy { $0.severity == .high })
        #expect(!findings.contains { $0.rule == "BL113" })
        _ = dir
    }

    @Test func ruleFilter() throws {
        let (dir, _) = try LintFixtures.lintText("services:\n  web:\n    image: app\n")
        let findings = Linter.lint(try LintFixtures.load(dir: dir), only: ["BL101"])
        #expect(Set(findings.map(\.rule)) == ["BL101"])
    }
}
