import ArgumentParser

/// The `berth` command line.
public struct Berth: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "A fast compose-file orchestrator for the Docker Engine.",
        discussion: """
            Reads the Compose files Docker Compose reads (compose.yaml, docker-compose.yml, -f, \
            COMPOSE_FILE) and gives them the same meaning. Project flags (-f, -p, --profile, \
            --env-file, --project-directory, --progress, --parallel) go before or after the \
            subcommand, as with `docker compose`.
            """,
        version: "0.1.0",
        subcommands: [
            Up.self, Down.self, Ps.self, Logs.self, Config.self, Validate.self, PlanCommand.self,
            Create.self, Start.self, Stop.self, Restart.self, Kill.self, Pause.self, Unpause.self,
            Rm.self, Scale.self, Wait.self, Ls.self, Build.self, Pull.self, Push.self, Images.self, Stack.self,
        ]
    )

    public init() {}
}

/// Entry point for the `berth` executable, so it needs to import nothing else.
public enum BerthMain {
    public static func run() async {
        let args = GlobalArguments.hoist(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try Berth.parseAsRoot(args)
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
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
                prefix += [arg == "-f" ? "--file" : arg, args[i + 1]]
                i += 2
            } else if let eq = arg.firstIndex(of: "="), withValue.contains(String(arg[..<eq])) {
                prefix.append(arg)
                i += 1
            } else if arg.count > 2, arg.hasPrefix("-f") || arg.hasPrefix("-p"), !arg.hasPrefix("--") {
                prefix.append(arg.hasPrefix("-f") ? "--file=" + arg.dropFirst(2) : arg)
                i += 1
            } else {
                break
            }
        }
        guard !prefix.isEmpty, i < args.count, !args[i].hasPrefix("-") else { return args }
        return [args[i]] + prefix + args[(i + 1)...]
    }
}
