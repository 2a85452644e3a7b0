import ComposeLint
import Foundation
import Testing

@Suite struct ReportTests {
    static func sample() throws -> [LintFinding] {
        try LintFixtures.lintText(
            "services:\n  web:\n    image: nginx\n    privileged: true\n    environment:\n      API_KEY: \"abc\\\"def\"\n",
            extra: [".berth-lint.yaml": "rules:\n  BL102: info\n"]
        ).findings
    }

    /// SARIF output validates against the published SARIF 2.1.0 schema (python3 jsonschema).
    @Test func sarifValidatesAgainstTheSchema() throws {
        let findings = try Self.sample()
        let sarif = LintReport.render(findings, format: .sarif, display: { $0 }, toolVersion: "0.1.0")
        let dir = try LintFixtures.temporaryDirectory()
        try sarif.write(toFile: dir + "/out.sarif", atomically: true, encoding: .utf8)
        let schema = LintFixtures.directory("sarif-schema-2.1.0.json")
        let script = """
            import json, sys
            import jsonschema
            schema = json.load(open(sys.argv[1])); doc = json.load(open(sys.argv[2]))
            jsonschema.Draft7Validator.check_schema(schema)
            errors = list(jsonschema.Draft7Validator(schema).iter_errors(doc))
            for e in errors: print(e.message, list(e.path))
            assert doc["runs"][0]["results"], "no results"
            sys.exit(1 if errors else 0)
            """
        let python = ProcessInfo.processInfo.environment["LINT_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-c", script, schema, dir + "/out.sarif"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(output)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try #require((doc["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == findings.count)
    }

    @Test func jsonAndGithubAndText() throws {
        let findings = try Self.sample()
        let json = LintReport.render(findings, format: .json, display: { ($0 as NSString).lastPathComponent }, toolVersion: "0")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(items.count == findings.count)
        let privileged = try #require(items.first { $0["rule"] as? String == "BL109" })
        #expect(privileged["file"] as? String == "compose.yaml")
        #expect(privileged["line"] as? Int == 4)
        #expect(privileged["column"] as? Int == 5)
        #expect(privileged["severity"] as? String == "critical")
        let github = LintReport.render(findings, format: .github, display: { ($0 as NSString).lastPathComponent }, toolVersion: "0")
        #expect(github.contains("::error file=compose.yaml,line=4,col=5,title=BL109 privileged::"))
        let text = LintReport.render(findings, format: .text, display: { ($0 as NSString).lastPathComponent }, toolVersion: "0")
        #expect(text.contains("compose.yaml:4:5: critical: service \"web\" runs privileged"))
    }

    @Test func everyRuleExplainsItself() {
        for rule in RuleCatalog.all {
            #expect(!rule.why.isEmpty && !rule.fix.isEmpty && !rule.reference.isEmpty)
            #expect(rule.explanation.contains(rule.id))
        }
        #expect(Set(RuleCatalog.all.map(\.id)).count == RuleCatalog.all.count)
    }
}
