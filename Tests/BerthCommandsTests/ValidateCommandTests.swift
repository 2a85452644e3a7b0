import Foundation
import Testing

@Suite("berth validate and berth config, through the binary")
struct ValidateCommandTests {
    static let broken = """
        services:
          web:
            image: nginx
            networks: [backend]
          db:
            image: postgres
            environmnet:
              A: "1"
        """

    @Test func textFormatLocatesEveryProblem() throws {
        let dir = try TempProject(["compose.yaml": Self.broken])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["validate"], in: dir.path)
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("compose.yaml:7:5: error: ") && $0.contains("environmnet") && $0.contains("environment") })
        #expect(lines.contains { $0.hasPrefix("compose.yaml:4:") && $0.contains("undefined network backend") })
        // Sorted by line.
        let numbers = lines.compactMap { Int($0.split(separator: ":").dropFirst().first ?? "") }
        #expect(numbers == numbers.sorted())
    }

    @Test func jsonFormat() throws {
        let dir = try TempProject(["compose.yaml": Self.broken])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["validate", "--format", "json"], in: dir.path)
        #expect(r.status == 1)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let typo = try #require(items.first { ($0["message"] as? String)?.contains("environmnet") == true })
        #expect(typo["file"] as? String == "compose.yaml")
        #expect(typo["line"] as? Int == 7)
        #expect(typo["column"] as? Int == 5)
        #expect(typo["severity"] as? String == "error")
        #expect(typo["path"] as? String == "services.db.environmnet")
    }

    @Test func githubFormat() throws {
        let dir = try TempProject(["compose.yaml": Self.broken])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["validate", "--format", "github"], in: dir.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("::error file=compose.yaml,line=7,col=5"))
    }

    @Test func validFileExitsZero() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n    image: nginx\n"])
        defer { dir.cleanup() }
        #expect(try BerthBinary.run(["validate"], in: dir.path).status == 0)
        #expect(try BerthBinary.run(["config", "-q"], in: dir.path).status == 0)
    }

    @Test func warningsDoNotFailButStrictDoes() throws {
        let dir = try TempProject(["compose.yaml": "version: '3'\nservices:\n  web:\n    image: nginx\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["validate"], in: dir.path)
        #expect(r.status == 0)
        #expect(r.stderr.contains("compose.yaml:1:1: warning: "))
        #expect(try BerthBinary.run(["validate", "--strict"], in: dir.path).status == 1)
    }

    @Test func syntaxErrorIsLocated() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n    image: nginx\n   bad: [\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["config", "-q"], in: dir.path)
        #expect(r.status == 1)
        #expect(r.stderr.range(of: #"compose\.yaml:\d+:\d+: error: "#, options: .regularExpression) != nil)
    }

    @Test func globalFlagsBeforeTheSubcommand() throws {
        let dir = try TempProject(["other.yml": "services:\n  api:\n    image: x\n  db:\n    image: y\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["-f", "other.yml", "-p", "demo", "config", "--services"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "api\ndb\n")
    }

    @Test func configJSONShape() throws {
        let dir = try TempProject(["compose.yaml": """
            services:
              web:
                image: nginx
                ports: ["8080:80"]
                environment: [UNSET_HERE]
                healthcheck:
                  test: curl -f http://localhost
                  interval: 90s
            """])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["config", "--format", "json"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let web = try #require((root["services"] as? [String: Any])?["web"] as? [String: Any])
        let port = try #require((web["ports"] as? [[String: Any]])?.first)
        #expect(port["published"] as? String == "8080")
        #expect(port["target"] as? Int == 80)
        #expect((web["environment"] as? [String: Any])?["UNSET_HERE"] is NSNull)
        let health = try #require(web["healthcheck"] as? [String: Any])
        #expect(health["interval"] as? String == "1m30s")
        #expect(health["test"] as? [String] == ["CMD-SHELL", "curl -f http://localhost"])
        #expect((root["networks"] as? [String: Any])?["default"] != nil)
    }

    @Test func configYAMLReloads() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n    image: nginx\n    command: echo 'a b' \"$$HOME\"\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["config", "-o", "out.yaml"], in: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let again = try BerthBinary.run(["-f", "out.yaml", "config", "--format", "json"], in: dir.path)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("\"$$HOME\""))
        #expect(again.stdout.contains("\"a b\""))
    }

    @Test func stdinCompose() throws {
        let dir = try TempProject([:])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["-f", "-", "config", "--images"], in: dir.path, stdin: "name: p\nservices:\n  web:\n    image: nginx\n  app:\n    build: .\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "p-app\nnginx\n")
    }

    @Test func unreachableEngineSaysHowToStartOneAndExits2() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n    image: nginx\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["ps"], in: dir.path, env: ["DOCKER_HOST": "unix://\(dir.path)/no-engine.sock"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no-engine.sock"))
        #expect(r.stderr.contains("scripts/engine"))
    }

    @Test func usageErrorsExit64() throws {
        let dir = try TempProject(["compose.yaml": "services:\n  web:\n    image: nginx\n"])
        defer { dir.cleanup() }
        let r = try BerthBinary.run(["up", "--force-recreate", "--no-recreate"], in: dir.path)
        #expect(r.status == 64)
        #expect(r.stderr.contains("incompatible"))
    }
}
