import ArgumentParser

/// The invocations scripts and CI run most — `up -d`, `ps`, `config -q`, `exec`, `run` and
/// `lint`, with project flags —
/// parsed without ArgumentParser. Its parse reflects over the command tree and, before that,
/// over two completion-script commands; in a binary this size every first protocol-conformance
/// lookup scans all conformance records, and that was about a fifth of a no-op `up -d`
/// (`perf record -g`). ArgumentParser still defines the CLI: anything this lane does not
/// recognise exactly (another flag, `--help`, a service name, a bad value) goes to it, so help,
/// completion and every error message are unchanged. The commands built here hold exactly
/// what ArgumentParser would give them for the same arguments (a test compares the two).
enum FastLane {
    /// The command for `args` (already hoisted: subcommand first), or nil when ArgumentParser
    /// must parse them.
    static func command(_ args: [String]) -> (any ParsableCommand)? {
        guard let sub = args.first else { return nil }
        if sub == "exec" { return validated(exec(args)) }
        if sub == "run" { return validated(run(args)) }
        if sub == "lint" { return validated(lint(args)) }
        var scanner = Scanner()
        var rest: [String] = []
        var i = 1
        while i < args.count {
            switch scanner.take(args, at: i) {
            case .consumed(let n): i += n
            case .invalid: return nil
            case .notGlobal:
                rest.append(args[i])
                i += 1
            }
        }
        guard let global = scanner.global else { return nil }
        var command: (any ParsableCommand)?
        switch sub {
        case "up": command = up(global, rest)
        case "ps": command = ps(global, rest)
        case "config": command = config(global, rest)
        default: return nil
        }
        return validated(command)
    }

    private static func validated(_ command: (any ParsableCommand)?) -> (any ParsableCommand)? {
        var command = command
        do {
            try command?.validate()
        } catch {
            return nil
        }
        return command
    }

    /// `exec [-d] [-T] [-i] [-t] [--privileged] [-e KEY=VAL]… [-u USER] [-w DIR] [--index N]
    /// SERVICE COMMAND…`, with the project flags before the service. Everything after the
    /// service is the command, as ArgumentParser's passthrough has it; a `--`, `-h` or
    /// `--help` anywhere, a flag given twice, a value that looks like a flag or any other
    /// flag sends the whole line to ArgumentParser.
    private static func exec(_ args: [String]) -> Berth.Exec? {
        var scanner = Scanner()
        var exec = Berth.Exec()
        exec.detach = false
        exec.env = []
        exec.index = 1
        exec.privileged = false
        exec.user = nil
        exec.workdir = nil
        exec.noTTY = false
        exec.interactive = false
        exec.tty = false
        let valued: Set<String> = ["--env", "--user", "--workdir", "--index"]
        let at = flagLoop(args, spellings: execSpellings, repeatable: ["--env"], valued: valued, scanner: &scanner) { flag, value in
            switch flag {
            case "--detach": exec.detach = true
            case "--no-TTY": exec.noTTY = true
            case "-i": exec.interactive = true
            case "-t": exec.tty = true
            case "--privileged": exec.privileged = true
            case "--env": exec.env.append(value ?? "")
            case "--user": exec.user = value
            case "--workdir": exec.workdir = value
            case "--index":
                guard let n = value.flatMap({ Int($0) }) else { return false }
                exec.index = n
            default: return false
            }
            return true
        }
        // After the service, everything is the command.
        guard let at, at + 1 < args.count, let global = scanner.global else { return nil }
        exec.global = global
        exec.service = args[at]
        exec.command = Array(args[(at + 1)...])
        return exec
    }

    /// `run [FLAGS] SERVICE [COMMAND…]` with the flags scripts use (`--rm`, `-d`, `-T`, `-q`,
    /// `--no-deps`, `--build`, `-P`, `-e`, `--name`, `-u`, `-w`, `--entrypoint`, `-l`, `-v`,
    /// `-p`, `--cap-add`, `--cap-drop`, `--env-from-file`) and the project flags (`-f`,
    /// `--project-name`: `-p` is `--publish` here). Anything else goes to ArgumentParser, as
    /// for `exec`.
    private static func run(_ args: [String]) -> Berth.Run? {
        var scanner = Scanner()
        var run = Berth.Run()
        run.rm = false
        run.detach = false
        run.name = nil
        run.env = []
        run.envFromFile = []
        run.label = []
        run.volume = []
        run.publish = []
        run.servicePorts = false
        run.entrypoint = nil
        run.user = nil
        run.workdir = nil
        run.capAdd = []
        run.capDrop = []
        run.useAliases = false
        run.noDeps = false
        run.pull = nil
        run.build = false
        run.noTTY = false
        run.interactive = false
        run.tty = false
        run.quiet = false
        let valued: Set<String> = runRepeatable.union(["--name", "--entrypoint", "--user", "--workdir"])
        // A project flag (`-f`, `--file=a.yml`, `--project-name x`…) goes to the scanner; `-p`
        // is --publish here.
        let at = flagLoop(args, spellings: runSpellings, repeatable: runRepeatable, valued: valued, scanner: &scanner) { flag, value in
            switch flag {
            case "--rm": run.rm = true
            case "--detach": run.detach = true
            case "--service-ports": run.servicePorts = true
            case "--use-aliases": run.useAliases = true
            case "--no-deps": run.noDeps = true
            case "--build": run.build = true
            case "--no-TTY": run.noTTY = true
            case "-i": run.interactive = true
            case "-t": run.tty = true
            case "--quiet": run.quiet = true
            case "--env": run.env.append(value ?? "")
            case "--env-from-file": run.envFromFile.append(value ?? "")
            case "--label": run.label.append(value ?? "")
            case "--volume": run.volume.append(value ?? "")
            case "--publish": run.publish.append(value ?? "")
            case "--cap-add": run.capAdd.append(value ?? "")
            case "--cap-drop": run.capDrop.append(value ?? "")
            case "--name": run.name = value
            case "--entrypoint": run.entrypoint = value
            case "--user": run.user = value
            case "--workdir": run.workdir = value
            default: return false
            }
            return true
        }
        guard let at, at < args.count, let global = scanner.global else { return nil }
        var options = RunProjectOptions()
        options.file = global.file
        options.projectName = global.projectName
        options.shared = global.shared
        run.global = options
        run.service = args[at]
        run.command = Array(args[(at + 1)...])
        return run
    }

    /// `lint [--format F] [--fail-on S] [--rule ID]… [--fix] [--dry-run] [--engine]`, with the
    /// project flags: what a CI step runs. ArgumentParser's parse was a tenth of linting a
    /// 500-service file (`callgrind`). `--explain`, a repeated flag, a `--x=y` form of lint's
    /// own options, a bad format or anything else goes to ArgumentParser, as for `exec`.
    private static func lint(_ args: [String]) -> Berth.Lint? {
        var scanner = Scanner()
        var lint = Berth.Lint()
        lint.format = .text
        lint.failOn = "high"
        lint.rules = []
        lint.explain = nil
        lint.fix = false
        lint.dryRun = false
        lint.engine = false
        let valued: Set<String> = ["--format", "--fail-on", "--rule"]
        let at = flagLoop(args, repeatable: ["--rule"], valued: valued, scanner: &scanner) { flag, value in
            switch flag {
            case "--fix": lint.fix = true
            case "--dry-run": lint.dryRun = true
            case "--engine": lint.engine = true
            case "--format":
                guard let format = value.flatMap(Berth.Lint.Format.init(rawValue:)) else { return false }
                lint.format = format
            case "--fail-on": lint.failOn = value ?? ""
            case "--rule": lint.rules.append(value ?? "")
            default: return false
            }
            return true
        }
        // lint takes no positional argument.
        guard at == args.count, let global = scanner.global else { return nil }
        lint.global = global
        return lint
    }

    /// The flag loop exec, run and lint share, from index 1. A positional argument ends it: its
    /// index is returned (`args.count` when there is none). A flag (after `spellings`) goes to
    /// `apply`, with the argument after it as its value when it is `valued`; one that `apply`
    /// does not take must be a project flag for `scanner`. Nil, so that ArgumentParser parses
    /// the line, for `--`, `-h`, `--help`, a flag given twice that is not `repeatable`, a
    /// missing value or one that looks like a flag, a value `apply` refuses, or any other flag.
    private static func flagLoop(
        _ args: [String], spellings: [String: String] = [:], repeatable: Set<String>, valued: Set<String>,
        scanner: inout Scanner, apply: (_ flag: String, _ value: String?) -> Bool
    ) -> Int? {
        guard !args.contains("--"), !args.contains("-h"), !args.contains("--help") else { return nil }
        var seen: Set<String> = []
        var i = 1
        while i < args.count {
            let arg = args[i]
            guard arg.hasPrefix("-") else { return i }
            let flag = spellings[arg] ?? arg
            if !repeatable.contains(flag) {
                guard seen.insert(flag).inserted else { return nil }
            }
            if valued.contains(flag) {
                guard let value = optionValue(args, i), apply(flag, value) else { return nil }
                i += 2
            } else if apply(flag, nil) {
                i += 1
            } else {
                switch scanner.take(args, at: i) {
                case .consumed(let n): i += n
                case .notGlobal, .invalid: return nil
                }
            }
        }
        return i
    }

    /// The value after the option at `i`, unless it is missing or looks like a flag (then
    /// ArgumentParser judges the line).
    private static func optionValue(_ args: [String], _ i: Int) -> String? {
        guard i + 1 < args.count, !args[i + 1].hasPrefix("-") else { return nil }
        return args[i + 1]
    }

    /// run's options that may be given more than once.
    private static let runRepeatable: Set<String> = ["--env", "--env-from-file", "--label", "--volume", "--publish", "--cap-add", "--cap-drop"]

    /// run's short spellings, by the long form they mean.
    private static let runSpellings: [String: String] = [
        "-d": "--detach", "-P": "--service-ports", "-T": "--no-TTY", "-q": "--quiet", "-e": "--env", "-l": "--label",
        "-v": "--volume", "-p": "--publish", "-u": "--user", "-w": "--workdir", "-f": "--file",
    ]

    /// exec's short spellings, by the long form they mean.
    private static let execSpellings: [String: String] = [
        "-d": "--detach", "-T": "--no-TTY", "-e": "--env", "-u": "--user", "-w": "--workdir",
    ]

    /// `up` with only `-d`/`--detach`.
    private static func up(_ global: GlobalOptions, _ flags: [String]) -> Berth.Up? {
        guard Set(flags).isSubset(of: ["-d", "--detach"]) else { return nil }
        var up = Berth.Up()
        up.global = global
        up.detach = !flags.isEmpty
        up.wait = false
        up.waitTimeout = nil
        up.scale = []
        up.forceRecreate = false
        up.noRecreate = false
        up.alwaysRecreateDeps = false
        up.renewAnonVolumes = false
        up.removeOrphans = false
        up.noDeps = false
        up.noStart = false
        up.timeout = nil
        up.abortOnContainerExit = false
        up.abortOnContainerFailure = false
        up.exitCodeFrom = nil
        up.attach = []
        up.noAttach = []
        up.noColor = false
        up.noLogPrefix = false
        up.timestamps = false
        up.dryRun = false
        up.build = false
        up.noBuild = false
        up.pull = nil
        up.watch = false
        up.services = []
        return up
    }

    /// `ps` with only `-a`/`--all` and `-q`/`--quiet`.
    private static func ps(_ global: GlobalOptions, _ flags: [String]) -> Berth.Ps? {
        guard Set(flags).isSubset(of: ["-a", "--all", "-q", "--quiet"]) else { return nil }
        var ps = Berth.Ps()
        ps.global = global
        ps.all = flags.contains("-a") || flags.contains("--all")
        ps.quiet = flags.contains("-q") || flags.contains("--quiet")
        ps.services = false
        ps.status = []
        ps.format = .table
        ps.serviceNames = []
        return ps
    }

    /// `config` with only `-q`/`--quiet`.
    private static func config(_ global: GlobalOptions, _ flags: [String]) -> Berth.Config? {
        guard Set(flags).isSubset(of: ["-q", "--quiet"]) else { return nil }
        var config = Berth.Config()
        config.global = global
        config.format = .yaml
        config.quiet = !flags.isEmpty
        config.services = false
        config.volumes = false
        config.networks = false
        config.profiles = false
        config.images = false
        config.hash = nil
        config.hashInput = false
        config.environment = false
        config.noInterpolate = false
        config.output = nil
        config.serviceNames = []
        return config
    }

    /// The project flags (GlobalOptions), as `--name value`, `--name=value` or `-f`/`-p value`.
    private struct Scanner {
        enum Step { case consumed(Int), notGlobal, invalid }

        var file: [String] = []
        var profile: [String] = []
        var envFile: [String] = []
        var single: [String: String] = [:]

        static let repeatable: Set<String> = ["--file", "--profile", "--env-file"]
        static let singles: Set<String> = ["--project-name", "--project-directory", "--progress", "--parallel"]

        mutating func take(_ args: [String], at i: Int) -> Step {
            let arg = args[i]
            var name = arg == "-f" ? "--file" : arg == "-p" ? "--project-name" : arg
            var value: String?
            if let eq = arg.firstIndex(of: "="), arg.hasPrefix("--") {
                name = String(arg[..<eq])
                value = String(arg[arg.index(after: eq)...])
            }
            guard Self.repeatable.contains(name) || Self.singles.contains(name) else {
                return arg.hasPrefix("-") ? .notGlobal : .invalid
            }
            var used = 1
            if value == nil {
                // A value that looks like a flag is ArgumentParser's to judge.
                guard i + 1 < args.count, !args[i + 1].hasPrefix("-") else { return .invalid }
                value = args[i + 1]
                used = 2
            }
            guard let value, !value.isEmpty else { return .invalid }
            switch name {
            case "--file": file.append(value)
            case "--profile": profile.append(value)
            case "--env-file": envFile.append(value)
            default:
                guard single[name] == nil else { return .invalid }
                single[name] = value
            }
            return .consumed(used)
        }

        var global: GlobalOptions? {
            var parallel: Int?
            if let text = single["--parallel"] {
                guard let n = Int(text) else { return nil }
                parallel = n
            }
            var progress: ProgressDisplay.Mode?
            if let text = single["--progress"] {
                guard let mode = ProgressDisplay.Mode(argument: text) else { return nil }
                progress = mode
            }
            var shared = SharedProjectFlags()
            shared.profile = profile
            shared.envFile = envFile
            shared.projectDirectory = single["--project-directory"]
            shared.progress = progress
            shared.parallel = parallel
            var g = GlobalOptions()
            g.file = file
            g.projectName = single["--project-name"]
            g.shared = shared
            return g
        }
    }
}
