import ArgumentParser
@testable import BerthCommands
import Testing

@Suite("the fast lane: up -d, ps, config -q, exec, run and lint without ArgumentParser")
struct FastLaneTests {
    static let taken: [[String]] = [
        ["up", "-d"],
        ["up", "--detach"],
        ["up"],
        ["up", "--file", "a.yml", "--file=b.yml", "-p", "x", "-d"],
        ["up", "-d", "-f", "c.yml", "--project-directory", "/tmp/x", "--parallel", "3"],
        ["ps"],
        ["ps", "-a", "-q"],
        ["ps", "--all", "--project-name=y", "--profile", "a", "--profile=b", "--env-file", "e"],
        ["config", "-q"],
        ["config", "--quiet", "--progress", "quiet"],
        ["ps", "--progress", "none"],
        ["config"],
        ["exec", "svc", "true"],
        ["exec", "-T", "svc", "true"],
        ["exec", "--no-TTY", "-d", "svc", "sh", "-c", "echo hi"],
        ["exec", "-i", "-t", "--privileged", "-e", "A=1", "--env", "B", "-u", "0", "-w", "/tmp", "--index", "2", "svc", "ls", "-la"],
        ["exec", "--project-name", "x", "-f", "a.yml", "--user", "nobody", "--workdir", "/", "svc", "id"],
        // After the service everything is the command, flags included.
        ["exec", "svc", "ls", "-T", "-p", "x", "-e", "Y"],
        ["run", "svc"],
        ["run", "--rm", "-T", "svc", "true"],
        ["run", "--rm", "-d", "-q", "--no-deps", "--build", "--use-aliases", "-i", "-t", "svc"],
        ["run", "-e", "A=1", "--env", "B", "--name", "one", "-u", "0", "-w", "/w", "--entrypoint", "sh -c", "svc", "x"],
        ["run", "-l", "a=b", "--label", "c=d", "-v", "/a:/b", "--volume", "v:/c", "-p", "8080:80", "--publish", "9090:90", "svc"],
        ["run", "--cap-add", "NET_ADMIN", "--cap-drop", "ALL", "--env-from-file", "e.env", "-P", "svc"],
        ["run", "--project-name", "x", "-f", "a.yml", "--file=b.yml", "--rm", "svc", "ls", "-p", "-e"],
        ["lint"],
        ["lint", "--format", "json"],
        ["lint", "-f", "a.yml", "--format", "sarif", "--fail-on", "critical", "--file=b.yml"],
        ["lint", "--rule", "BL101", "--rule", "image-not-pinned", "--engine", "-p", "x"],
        ["lint", "--fix", "--dry-run", "--profile", "a"],
        ["lint", "--fail-on", "medium", "--format", "github", "--project-directory", "/tmp"],
    ]

    @Test(arguments: taken)
    func buildsExactlyWhatArgumentParserBuilds(args: [String]) throws {
        let fast = try #require(FastLane.command(args))
        let parsed = try Berth.parseAsRoot(args)
        #expect(type(of: fast) == type(of: parsed))
        // Every property wrapper prints its value, or "*definition*" when it was never set.
        #expect(String(describing: fast) == String(describing: parsed))
        #expect(!String(describing: fast).contains("*definition*"))
    }

    static let declined: [[String]] = [
        ["up", "-d", "web"],
        ["up", "--help"],
        ["up", "-h"],
        ["up", "-dV"],
        ["up", "--wait"],
        ["up", "--parallel", "many"],
        ["up", "--progress", "loud"],
        ["up", "-f", "-"],
        ["up", "--", "-d"],
        ["ps", "--format", "json"],
        ["ps", "web"],
        ["config", "-q", "-p", "a", "-p", "b"],
        ["config", "--file="],
        ["config", "--services"],
        ["down"],
        ["exec"],
        ["exec", "svc"],
        ["exec", "-T", "-T", "svc", "true"],
        ["exec", "--index", "two", "svc", "true"],
        ["exec", "-e", "-x", "svc", "true"],
        ["exec", "-dT", "svc", "true"],
        ["exec", "--env=A=1", "svc", "true"],
        ["exec", "--help"],
        ["exec", "svc", "--", "true"],
        ["exec", "--no-such-flag", "svc", "true"],
        ["run"],
        ["run", "--rm", "--rm", "svc"],
        ["run", "--pull", "always", "svc"],
        ["run", "-P", "-p", "80:80", "svc"],
        ["run", "--name", "a", "--name", "b", "svc"],
        ["run", "--name=a", "svc"],
        ["run", "-p", "-1", "svc"],
        ["run", "svc", "--", "ls"],
        ["lint", "--explain", "all"],
        ["lint", "--format", "yaml"],
        ["lint", "--format=json"],
        ["lint", "--fail-on", "loud"],
        ["lint", "--rule", "NO-SUCH-RULE"],
        ["lint", "--dry-run"],
        ["lint", "--fix", "--fix"],
        ["lint", "--format", "json", "--format", "text"],
        ["lint", "--fail-on"],
        ["lint", "-h"],
        ["lint", "web"],
        ["--version"],
        [],
    ]

    @Test(arguments: declined)
    func leavesEverythingElseToArgumentParser(args: [String]) {
        #expect(FastLane.command(args) == nil)
    }

    @Test func theHoistedFormOfProjectFlagsBeforeTheSubcommandIsTaken() throws {
        let args = GlobalArguments.hoist(["-f", "a.yml", "-p", "x", "up", "-d"])
        let up = try #require(FastLane.command(args) as? Berth.Up)
        #expect(up.detach)
        #expect(up.global.file == ["a.yml"])
        #expect(up.global.projectName == "x")
    }
}
