import ComposeLint
import Foundation
import Testing

/// Findings point where the user must edit: through anchors, `-f` overrides and `extends`.
@Suite struct LocationTests {
    @Test func overrideReplacesLatestSoTheBaseIsNotReported() throws {
        let dir = try LintFixtures.temporaryDirectory()
        try LintFixtures.write([
            "compose.yaml": "services:\n  web:\n    image: nginx:latest\n    privileged: false\n",
            "override.yaml": "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n",
        ], to: dir)
        let findings = try LintFixtures.lint(dir: dir, files: ["compose.yaml", "override.yaml"])
        #expect(!findings.contains { $0.rule == "BL101" })
        let privileged = findings.filter { $0.rule == "BL109" }
        #expect(privileged.map(\.file) == [dir + "/override.yaml"])
        #expect(privileged.first?.line == 4)
        #expect(privileged.first?.column == 17)
    }

    @Test func valueFromAnAnchorPointsIntoTheAnchor() throws {
        let compose = """
            x-base: &base
              image: app:1
              privileged: true
            services:
              web:
                <<: *base
              api: *base
            """
        let (_, findings) = try LintFixtures.lintText(compose + "\n")
        let privileged = findings.filter { $0.rule == "BL109" }
        #expect(privileged.count == 2)
        #expect(privileged.allSatisfy { $0.line == 3 && $0.column == 3 })
        // Something missing points at each service's own key line.
        let noDrop = findings.filter { $0.rule == "BL111" }.sorted { $0.line < $1.line }
        #expect(noDrop.map(\.line) == [5, 7])
    }

    @Test func extendsPointsAtTheExtendedFile() throws {
        let dir = try LintFixtures.temporaryDirectory()
        try LintFixtures.write([
            "compose.yaml": "services:\n  web:\n    extends:\n      file: common.yaml\n      service: base\n",
            "common.yaml": "services:\n  base:\n    image: app:1\n    cap_add: [SYS_ADMIN]\n",
        ], to: dir)
        let findings = try LintFixtures.lint(dir: dir)
        let caps = findings.filter { $0.rule == "BL110" }
        #expect(caps.count == 1)
        #expect(caps.first?.file == dir + "/common.yaml")
        #expect(caps.first?.line == 4)
    }

    @Test func variableDefaultingToLatest() throws {
        let (_, findings) = try LintFixtures.lintText("services:\n  web:\n    image: \"nginx:${TAG:-latest}\"\n")
        let hit = findings.filter { $0.rule == "BL101" }
        #expect(hit.count == 1)
        #expect(hit.first.map { ($0.line, $0.column) } ?? (0, 0) == (3, 12))
    }

    @Test func missingThingsPointAtTheServiceKey() throws {
        let (_, findings) = try LintFixtures.lintText("services:\n  # the web tier\n  web:\n    image: app:1\n")
        for rule in ["BL105", "BL106", "BL107", "BL111", "BL112", "BL113", "BL121"] {
            let f = findings.first { $0.rule == rule }
            #expect(f?.line == 3 && f?.column == 3, "\(rule): \(String(describing: f))")
        }
    }

    @Test func projectThatDoesNotLoadIsNotLinted() throws {
        let dir = try LintFixtures.temporaryDirectory()
        try LintFixtures.write(["compose.yaml": "services:\n  web:\n    image: [\n"], to: dir)
        #expect(throws: (any Error).self) { try LintFixtures.lint(dir: dir) }
    }

    @Test func inlineDockerfileIsLocatedInTheComposeFile() throws {
        let compose = "services:\n  app:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine\n        RUN apk add curl\n"
        let (dir, findings) = try LintFixtures.lintText(compose, extra: [".dockerignore": ".git\n.env\n"])
        let from = findings.first { $0.rule == "BL201" }
        #expect(from?.file == dir + "/compose.yaml")
        #expect(from?.line == 6)
        #expect(from?.column == 9)
        #expect(findings.first { $0.rule == "BL211" }?.line == 7)
    }
}
