import ComposeLint
import ComposeLoader
import ComposeModel
import Foundation
import Testing

/// `--fix` inserts text at node positions; everything else in the file stays as written.
@Suite struct FixTests {
    static let compose = """
        # Production stack
        services:
          web:   # the front end
            image: nginx:1.27
            security_opt:
              - label:type:svc_t
            ports:
              - "127.0.0.1:8080:80"

          # the worker has no ports
          worker:
            image: app:1
            command: ["run", "--fast"]   # keep this comment
        volumes:
          data: {}

        """

    func fixed(_ text: String) throws -> (dir: String, fix: Fixer.FileFix, before: LintInput) {
        let (dir, findings) = try LintFixtures.lintText(text)
        let input = try LintFixtures.load(dir: dir)
        let fixes = Fixer.fixes(for: findings, input: input)
        let fix = try #require(fixes.first)
        #expect(fixes.count == 1)
        return (dir, fix, input)
    }

    @Test func insertsFixesAndKeepsCommentsAndFormatting() throws {
        let (dir, fix, before) = try fixed(Self.compose)
        // Every original line survives, in order.
        let originalLines = Self.compose.split(separator: "\n", omittingEmptySubsequences: false)
        var remaining = fix.fixed.split(separator: "\n", omittingEmptySubsequences: false)[...]
        for line in originalLines {
            guard let i = remaining.firstIndex(of: line) else { Issue.record("line lost: \(line)"); return }
            remaining = remaining[(i + 1)...]
        }
        #expect(fix.fixed.contains("      - label:type:svc_t\n      - no-new-privileges:true\n"))
        #expect(fix.fixed.contains("    command: [\"run\", \"--fast\"]   # keep this comment\n    restart: unless-stopped\n"))

        // The fixed file loads to the same model, apart from the fixes.
        try fix.fixed.write(toFile: dir + "/compose.yaml", atomically: true, encoding: .utf8)
        let after = try LintFixtures.load(dir: dir)
        var expected = before.project
        for name in ["web", "worker"] {
            expected.services[name]?.capDrop = ["ALL"]
            expected.services[name]?.readOnly = true
            expected.services[name]?.restart = "unless-stopped"
            expected.services[name]?.logging = after.project.services[name]?.logging
        }
        expected.services["web"]?.securityOpt = ["label:type:svc_t", "no-new-privileges:true"]
        expected.services["worker"]?.securityOpt = ["no-new-privileges:true"]
        #expect(after.project == expected)
        #expect(after.project.services["web"]?.logging?.options["max-size"] == "10m")

        // And the fixed rules no longer fire.
        let again = Linter.lint(after)
        for rule in ["BL106", "BL111", "BL112", "BL113", "BL121"] {
            #expect(!again.contains { $0.rule == rule }, "\(rule)")
        }
    }

    @Test func dryRunDiff() throws {
        let (_, fix, _) = try fixed("services:\n  web:\n    image: app:1\n    read_only: false\n    cap_drop: [ALL]\n    restart: always\n    logging: {driver: local}\n")
        #expect(fix.diff(displayName: "compose.yaml") == """
            --- a/compose.yaml
            +++ b/compose.yaml
            @@ -5,3 +5,4 @@
                 cap_drop: [ALL]
                 restart: always
                 logging: {driver: local}
            +    security_opt: ["no-new-privileges:true"]

            """)
    }

    @Test func flowStyleServiceIsLeftAlone() throws {
        let (dir, findings) = try LintFixtures.lintText("services:\n  web: {image: app:1}\n")
        let fixes = Fixer.fixes(for: findings, input: try LintFixtures.load(dir: dir))
        #expect(fixes.isEmpty)
    }
}
