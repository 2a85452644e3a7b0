@testable import BerthCommands
import Foundation
import Testing

/// `berth stack` as users type it: project flags before `stack`, and the engine errors.
@Suite("berth stack command line")
struct StackCommandTests {
    static let swarmHost = ProcessInfo.processInfo.environment["BERTH_SWARM_HOST"] ?? "unix:///run/berth-swarm/docker.sock"

    @Test(
        "project flags before a command group go after its subcommand",
        arguments: [
            (["-f", "x.yml", "stack", "deploy", "s"], ["stack", "deploy", "--file", "x.yml", "s"]),
            (["-p", "n", "--env-file", "e", "stack", "deploy"], ["stack", "deploy", "--project-name", "n", "--env-file", "e"]),
            (["--file=x.yml", "stack", "deploy", "--dry-run"], ["stack", "deploy", "--file=x.yml", "--dry-run"]),
            (["-f", "x.yml", "up", "-d"], ["up", "--file", "x.yml", "-d"]),
            (["stack", "deploy", "-f", "x.yml"], ["stack", "deploy", "-f", "x.yml"]),
        ])
    func hoist(typed: [String], parsed: [String]) {
        #expect(GlobalArguments.hoist(typed) == parsed)
    }

    @Test func hoistedFlagsReachStackDeploy() throws {
        let command = try Berth.parseAsRoot(GlobalArguments.hoist(["-f", "a.yml", "-f", "b.yml", "-p", "app", "stack", "deploy", "--dry-run"]))
        let deploy = try #require(command as? Berth.StackDeploy)
        #expect(deploy.global.file == ["a.yml", "b.yml"])
        #expect(deploy.global.projectName == "app")
        #expect(deploy.dryRun)
    }

    @Test("berth -f FILE -p NAME --env-file ENV stack deploy --dry-run plans against the swarm engine")
    func flagsBeforeStack() throws {
        let project = try TempProject([
            "other.yml": "services:\n  web:\n    image: ${STK_IMAGE}\n    command: [\"sleep\", \"60\"]\n",
            "stk.env": "STK_IMAGE=berth-test/busybox:1\n",
        ])
        defer { project.cleanup() }
        let stack = "stk-cli" + String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        let result = try BerthBinary.run(
            ["-f", "other.yml", "-p", stack, "--env-file", "stk.env", "stack", "deploy", "--dry-run"], in: project.path,
            env: ["DOCKER_HOST": Self.swarmHost])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("create service \(stack)_web"), "\(result.stdout)")
        #expect(result.stdout.contains("create network \(stack)_default"), "\(result.stdout)")
        #expect(!result.stderr.contains("STK_IMAGE"), "\(result.stderr)")
    }

    @Test("an engine that is not a swarm manager is named, with the command that fixes it")
    func notAManager() throws {
        // The main engine is never put in swarm mode; a dry run only lists.
        let project = try TempProject(["compose.yaml": "services:\n  web:\n    image: berth-test/busybox:1\n"])
        defer { project.cleanup() }
        let result = try BerthBinary.run(["stack", "deploy", "--dry-run", "stk-nomanager"], in: project.path, env: ["DOCKER_HOST": "unix:///var/run/docker.sock"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("not a swarm manager"), "\(result.stderr)")
        #expect(result.stderr.contains("docker swarm init"), "\(result.stderr)")
    }
}
