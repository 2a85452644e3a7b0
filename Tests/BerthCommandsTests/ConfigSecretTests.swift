import Foundation
import Testing

/// `config` never prints a secret's value, as Compose v2 (issue 9).
struct ConfigSecretTests {
    @Test func secretValuesAreNotPrinted() throws {
        let dir = try TempProject(["compose.yaml": """
            services:
              web: {image: x, secrets: [fromenv]}
            secrets:
              fromenv: {environment: V2R_TOKEN}
            """])
        defer { dir.cleanup() }
        for format in ["json", "yaml"] {
            let r = try BerthBinary.run(["config", "--format", format], in: dir.path, env: ["V2R_TOKEN": "hunter2"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stdout.contains("hunter2"), "\(r.stdout)")
            #expect(r.stdout.contains("V2R_TOKEN"))
        }
    }
}
