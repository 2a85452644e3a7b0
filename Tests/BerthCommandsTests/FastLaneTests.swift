import ArgumentParser
@testable import BerthCommands
import Testing

@Suite("the fast lane: up -d, ps and config -q without ArgumentParser")
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
