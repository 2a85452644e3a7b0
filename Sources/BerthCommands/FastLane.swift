import ArgumentParser

/// The invocations scripts and CI run most — `up -d`, `ps`, `config -q`, with project flags —
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
        do {
            try command?.validate()
        } catch {
            return nil
        }
        return command
    }

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
