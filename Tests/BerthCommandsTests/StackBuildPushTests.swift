import Foundation
import Testing

/// `stack deploy --build --push` against the project's swarm engine and a real registry
/// (Debian's docker-registry on 127.0.0.1, started by scripts/registry).
@Suite("berth stack deploy --build --push")
struct StackBuildPushTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs a program; returns its status and stdout without surrounding blanks.
    static func sh(_ arguments: [String]) throws -> (Int32, String) {
        let (status, stdout) = try runProgram(arguments)
        return (status, stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("a service with build: and image: is built, pushed to its registry and deployed")
    func buildAndPush() throws {
        let registryDir = NSTemporaryDirectory() + "stk-registry-" + UUID().uuidString
        let (started, address) = try Self.sh([Self.root + "/scripts/registry", "start", registryDir])
        try #require(started == 0 && !address.isEmpty, "scripts/registry did not start")
        defer { _ = try? Self.sh([Self.root + "/scripts/registry", "stop", registryDir]) }

        let stack = "stk-bp" + String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let tag = "t" + String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let image = "\(address)/\(stack)/web:\(tag)"
        let project = try TempProject([
            "Dockerfile": "FROM berth-test/busybox:1\nRUN echo \(tag) > /built\n",
            "compose.yaml": """
                services:
                  web:
                    build: .
                    image: \(image)
                    command: ["sh", "-c", "test \\"$$(cat /built)\\" = \(tag) && exec sleep 600"]
                """,
        ])
        defer { project.cleanup() }
        let env = ["DOCKER_HOST": StackCommandTests.swarmHost]
        defer {
            _ = try? BerthBinary.run(["stack", "rm", stack], in: project.path, env: env)
            _ = try? Self.sh(["docker", "-H", StackCommandTests.swarmHost, "rmi", image])
        }

        // --build alone is refused: the nodes pull from the registry.
        let alone = try BerthBinary.run(["stack", "deploy", "--build", "--detach", stack], in: project.path, env: env)
        #expect(alone.status != 0)
        #expect(alone.stderr.contains("--build and --push go together"), "\(alone.stderr)")

        let dry = try BerthBinary.run(["stack", "deploy", "--build", "--push", "--dry-run", stack], in: project.path, env: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("build and push image \(image) (service web)"), "\(dry.stdout)")

        let result = try BerthBinary.run(["stack", "deploy", "--build", "--push", "--wait", "--wait-timeout", "120", stack], in: project.path, env: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("image \(image): pushed"), "\(result.stderr)")
        #expect(!result.stderr.contains("build is ignored"), "\(result.stderr)")
        let (listed, tags) = try Self.sh(["curl", "-s", "http://\(address)/v2/\(stack)/web/tags/list"])
        #expect(listed == 0 && tags.contains(tag), "registry tags: \(tags)")
        let (_, running) = try Self.sh(["docker", "-H", StackCommandTests.swarmHost, "service", "ps", "\(stack)_web", "--filter", "desired-state=running", "--format", "{{.Image}} {{.CurrentState}}"])
        #expect(running.hasPrefix(image) && running.contains("Running"), "\(running)")
    }

    @Test("a service with only build: is a located error, with or without --build --push")
    func buildOnlyIsLocated() throws {
        let project = try TempProject(["compose.yaml": "services:\n  web:\n    build: .\n"])
        defer { project.cleanup() }
        let env = ["DOCKER_HOST": StackCommandTests.swarmHost]
        let plain = try BerthBinary.run(["stack", "deploy", "--dry-run", "stk-buildonly"], in: project.path, env: env)
        #expect(plain.status != 0)
        #expect(plain.stderr.contains("compose.yaml:3:5"), "\(plain.stderr)")
        #expect(plain.stderr.contains("has only build:") && plain.stderr.contains("--build --push"), "\(plain.stderr)")
        let flagged = try BerthBinary.run(["stack", "deploy", "--build", "--push", "--dry-run", "stk-buildonly"], in: project.path, env: env)
        #expect(flagged.status != 0)
        #expect(flagged.stderr.contains("compose.yaml:3:5") && flagged.stderr.contains("needs an image: to push it to"), "\(flagged.stderr)")
    }
}
