import ArgumentParser
import Foundation
import Testing

@testable import BerthCommands

/// Every command's `--help`, pinned: a change to a flag, its wording or a command's summary shows
/// up here as a diff to review. `BERTH_UPDATE_HELP=1 swift test --filter HelpSnapshotTests`
/// rewrites the snapshots in Tests/BerthCommandsTests/Help/.
@Suite struct HelpSnapshotTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Help")

    /// Every command path under `berth`, depth first: `[]` is berth itself, `["stack", "deploy"]`….
    static func commands(_ type: any ParsableCommand.Type = Berth.self, path: [String] = []) -> [(path: [String], type: any ParsableCommand.Type)] {
        var out: [(path: [String], type: any ParsableCommand.Type)] = [(path, type)]
        for sub in type.configuration.subcommands {
            let name = sub.configuration.commandName ?? String(describing: sub).lowercased()
            out += commands(sub, path: path + [name])
        }
        return out
    }

    static func snapshotName(_ path: [String]) -> String {
        (["berth"] + path).joined(separator: "-") + ".txt"
    }

    @Test func everyCommandHasHelpAndItIsPinned() throws {
        let update = ProcessInfo.processInfo.environment["BERTH_UPDATE_HELP"] == "1"
        let commands = Self.commands()
        #expect(commands.count > 40)
        var expectedFiles: Set<String> = []
        for (path, type) in commands {
            let help = Berth.helpMessage(for: type, columns: 100) + "\n"
            #expect(help.contains("USAGE: berth"), "\(path)")
            #expect(!help.contains("<options>") || help.contains("OPTIONS:"), "\(path)")
            let file = Self.directory.appendingPathComponent(Self.snapshotName(path))
            expectedFiles.insert(file.lastPathComponent)
            if update {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try Data(help.utf8).write(to: file)
                continue
            }
            let pinned = FileManager.default.contents(atPath: file.path).map { String(decoding: $0, as: UTF8.self) }
            #expect(pinned == help, "help of `berth \(path.joined(separator: " "))` changed; if intended, run BERTH_UPDATE_HELP=1 swift test --filter HelpSnapshotTests")
        }
        // No snapshot is left for a command that is gone.
        let present = Set((try? FileManager.default.contentsOfDirectory(atPath: Self.directory.path)) ?? [])
        #expect(update || present == expectedFiles, "stale snapshots: \(present.subtracting(expectedFiles).sorted())")
    }

    /// A closed set's bad value is ArgumentParser's usage error naming the allowed values.
    @Test(arguments: [
        (["ps", "--progress", "bogus"], "'auto', 'tty', 'plain', 'json' or 'quiet'"),
        (["up", "--pull", "sometimes"], "'always', 'missing', 'never' or 'policy'"),
        (["plan", "--format", "xml"], "'text' and 'json'"),
        (["volumes", "--format", "yaml"], "'table' and 'json'"),
        (["port", "--protocol", "icmp", "web", "80"], "'tcp', 'udp' or 'sctp'"),
    ])
    func closedSetsRejectBadValues(_ arguments: [String], _ allowed: String) {
        do {
            _ = try Berth.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(Berth.exitCode(for: error) == .validationFailure)
            #expect(Berth.message(for: error).contains(allowed), "\(Berth.message(for: error))")
        }
    }

    @Test func progressAcceptsComposeSpellings() throws {
        let none = try #require(try Berth.parseAsRoot(["ps", "--progress", "none"]) as? Berth.Ps)
        #expect(none.global.progressMode == .quiet)
        let pull = try #require(try Berth.parseAsRoot(["up", "--pull", "if_not_present"]) as? Berth.Up)
        #expect(pull.pull == .missing)
    }
}
