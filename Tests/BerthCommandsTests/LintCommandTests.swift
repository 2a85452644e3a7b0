import Foundation
import Testing

@Suite("berth lint, through the binary")
struct LintCommandTests {
    static let compose = """
        services:
          web:   # front end
            image: nginx:1.27
            privileged: true
          db:
            image: postgres:16
            restart: always

        """

    @Test func exitStatusFollowsFailOn() throws {
        let dir = try TempProject(["compose.yaml": Self.compose])
        defer { dir.cleanup() }
        let failing = try BerthBinary.run(["lint"], in: dir.path)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("compose.yaml:4:5: critical: service \"web\" runs privileged"))
        let passing = try BerthBinary.run(["lint", "--rule", "BL123"], in: dir.path)
        #expect(passing.status == 0, "\(passing.stderr)")
        let low = try BerthBinary.run(["lint", "--rule", "BL106", "--fail-on", "low"], in: dir.path)
        #expect(low.status == 1)
        #expect(low.stderr.contains("compose.yaml:2:3: low: service \"web\" has no restart policy"))
    }

    @Test func usageErrorsExit64() throws {
        let dir = try TempProject(["compose.yaml": Self.compose])
        defer { dir.cleanup() }
        #expect(try BerthBinary.run(["lint", "--rule", "BL999"], in: dir.path).status == 64)
        #expect(try BerthBinary.run(["lint", "--fail-on", "severe"], in: dir.path).status == 64)
        #expect(try BerthBinary.run(["lint", "--dry-run"], in: dir.path).status == 64)
    }

    @Test func brokenFileGetsValidateErrors() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n    image: nginx\n    environmnet: {}\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["lint", "--format", "json"], in: dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("compose.yaml:4:5: error:"))
        #expect(r.stdout.isEmpty)
    }

    @Test func explain() throws {
        let dir = try TempProject(["compose.yaml": Self.compose])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["lint", "--explain", "BL112"], in: dir.path)
        #expect(r.status == 0)
        #expect(r.stdout.contains("no-new-privileges") && r.stdout.contains("Why:") && r.stdout.contains("Fix:") && r.stdout.contains("Reference:"))
    }

    @Test func fixWritesAndDryRunOnlyPrints() throws {
        let dir = try TempProject(["compose.yaml": Self.compose])
        defer { dir.cleanup() }
        let dry = try BerthBinary.run(["lint", "--fix", "--dry-run"], in: dir.path)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("+    cap_drop: [ALL]"))
        let untouched = try String(contentsOfFile: dir.path + "/compose.yaml", encoding: .utf8)
        #expect(untouched == Self.compose)
        let fixed = try BerthBinary.run(["lint", "--fix", "--rule", "BL111", "--rule", "BL113"], in: dir.path)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        let text = try String(contentsOfFile: dir.path + "/compose.yaml", encoding: .utf8)
        #expect(text.contains("  web:   # front end\n    image: nginx:1.27\n    privileged: true\n    cap_drop: [ALL]\n    read_only: true\n"))
        let again = try BerthBinary.run(["lint", "--rule", "BL111", "--rule", "BL113"], in: dir.path)
        #expect(again.status == 0)
        #expect(!again.stderr.contains("BL111"))
    }

    /// Needs the engine: the image's own user comes from an image inspect.
    @Test func engineReportsARootImage() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  box:\n    image: berth-test/busybox:1\n"])
        defer { dir.cleanup() }
        let offline = try BerthBinary.run(["lint", "--rule", "BL108", "--rule", "BL107", "--fail-on", "low"], in: dir.path)
        #expect(offline.stderr.contains("[BL107]") && !offline.stderr.contains("[BL108]"))
        let r = try BerthBinary.run(["lint", "--engine", "--rule", "BL108", "--fail-on", "medium"], in: dir.path)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("compose.yaml:2:3: medium: service \"box\" runs as root: it sets no user and image berth-test/busybox:1 runs as root (no USER) [BL108]"))
    }
}
