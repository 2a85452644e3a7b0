import ArgumentParser
import Foundation
import BerthBasics

/// The `berth` command line.
public struct Berth: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "A fast compose-file orchestrator for the Docker Engine.",
        discussion: """
            Reads the Compose files Docker Compose reads (compose.yaml, docker-compose.yml, -f, \
            COMPOSE_FILE) and gives them the same meaning. Project flags (-f, -p, --profile, \
            --env-file, --project-directory, --progress, --parallel) go before or after the \
            subcommand, as with `docker compose`. `--verbose` (or `--log-level debug`, or \
            BERTH_LOG_LEVEL=debug) prints every engine call with its status and time to stderr.
            """,
        version: BerthMain.version,
        subcommands: [
            Up.self, Down.self, Ps.self, Logs.self, Config.self, Validate.self, PlanCommand.self,
            Create.self, Start.self, Stop.self, Restart.self, Kill.self, Pause.self, Unpause.self,
            Rm.self, Scale.self, Wait.self, Ls.self, Build.self, Pull.self, Push.self, Images.self,
            Exec.self, Run.self, Attach.self, Cp.self, Top.self, Port.self, Events.self, Stats.self,
            VersionCommand.self, Volumes.self, Completion.self, Lint.self, Watch.self, Stack.self,
        ]
    )

    public init() {}
}

/// Entry point for the `berth` executable, so it needs to import nothing else.
public enum BerthMain {
    /// The version `--version`, `berth version` and `lint` report.
    static let version = "0.1.0"

    /// Answers what needs no parsing (`berth --version`) before ArgumentParser reflects over
    /// the command tree, which is most of the start-up cost. True when it answered.
    public static func answerWithoutParsing(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Bool {
        guard arguments == ["--version"] else { return false }
        // Not `Berth.configuration.version`: building the configuration instantiates the
        // metadata of every subcommand type, a third of this path's own time.
        print(version)
        return true
    }

    /// The `berth` process: answers `--version` without starting the concurrency runtime,
    /// otherwise runs the command on a task, which ends the process.
    ///
    /// The main thread waits in `pause()` rather than `dispatchMain()`: nothing in Berth uses the
    /// main queue, and `dispatchMain()` ends the main thread with `pthread_exit`, whose forced
    /// unwind in the fully static release binary first sorts every frame description in it
    /// (about 70 ms of a 2-core machine's time, `perf record`), before any command has begun.
    public static func main() -> Never {
        if answerWithoutParsing() { exit(0) }
        MallocTuning.oneArena()
        Task {
            await run()
            exit(0)
        }
        while true { pause() }
    }

    public static func run() async {
        do {
            let (rest, level) = try EngineLogging.extract(Array(CommandLine.arguments.dropFirst()), environment: ProcessEnvironment.values)
            if let level { EngineLogging.bootstrap(level) }
            let args = GlobalArguments.hoist(rest)
            var command: any ParsableCommand
            if let fast = FastLane.command(args) {
                command = fast
            } else {
                UnknownSubcommand.check(args)
                command = try Berth.parseAsRoot(args)
            }
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            // A status the command chose (lint's findings, a failed service): ArgumentParser's
            // exit would first build its help generator, reflecting over every command (a
            // millisecond and more, `perf record`), to print nothing.
            exit(code.rawValue)
        } catch {
            Berth.exit(withError: error)
        }
    }
}

/// `berth -f a.yml -p x up` is how Compose users write it: project flags before the
/// subcommand. ArgumentParser wants them after it, so they are moved there.
enum GlobalArguments {
    static let withValue: Set<String> = [
        "-f", "--file", "-p", "--project-name", "--profile", "--env-file", "--project-directory", "--progress", "--parallel",
    ]

    static func hoist(_ args: [String]) -> [String] {
        var prefix: [String] = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            if withValue.contains(arg), i + 1 < args.count {
                // `-f` after a subcommand can mean something else (`logs -f` follows).
                // `-p` too: `run -p` publishes a port.
                prefix += [arg == "-f" ? "--file" : arg == "-p" ? "--project-name" : arg, args[i + 1]]
                i += 2
            } else if let eq = arg.firstIndex(of: "="), withValue.contains(String(arg[..<eq])) {
                prefix.append(arg)
                i += 1
            } else if arg.count > 2, arg.hasPrefix("-f") || arg.hasPrefix("-p"), !arg.hasPrefix("--") {
                prefix.append((arg.hasPrefix("-f") ? "--file=" : "--project-name=") + arg.dropFirst(2))
                i += 1
            } else {
                break
            }
        }
        guard !prefix.isEmpty, i < args.count, !args[i].hasPrefix("-") else { return args }
        // A command group (`stack`) takes the flags after its own subcommand: `berth -f x.yml
        // stack deploy NAME` is `berth stack deploy --file x.yml NAME`.
        var end = i + 1
        if end < args.count, let group = Berth.configuration.subcommands.first(where: { $0.configuration.commandName == args[i] }),
            group.configuration.subcommands.contains(where: { $0.configuration.commandName == args[end] })
        {
            end += 1
        }
        return Array(args[i..<end]) + prefix + args[end...]
    }
}
