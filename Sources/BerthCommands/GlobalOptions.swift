import BerthBasics
import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposeRuntime
import Foundation

/// The project flags every command takes, whichever struct carries them: the file and the
/// project name are spelled differently where a subcommand's own flag takes their short name;
/// the rest (`SharedProjectFlags`) is declared once.
protocol ProjectOptions {
    var file: [String] { get }
    var projectName: String? { get }
    var shared: SharedProjectFlags { get }
}

extension ProjectOptions {
    var profile: [String] { shared.profile }
    var envFile: [String] { shared.envFile }
    var projectDirectory: String? { shared.projectDirectory }
    var progress: ProgressDisplay.Mode? { shared.progress }
    var parallel: Int? { shared.parallel }
}

/// The project flags spelled the same in every command.
struct SharedProjectFlags: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Enable a profile; repeatable.", valueName: "profile"))
    var profile: [String] = []

    @Option(name: .long, help: ArgumentHelp("Environment file; repeatable.", valueName: "path"))
    var envFile: [String] = []

    @Option(name: .long, help: "Alternate working directory (default: the directory of the first compose file).")
    var projectDirectory: String?

    @Option(name: .long, help: "Progress output (default from COMPOSE_PROGRESS, else auto).")
    var progress: ProgressDisplay.Mode?

    @Option(name: .long, help: "At most this many engine calls at once (default from COMPOSE_PARALLEL_LIMIT, else 4).")
    var parallel: Int?
}

/// The project flags every command takes, as Docker Compose spells them.
struct GlobalOptions: ParsableArguments, ProjectOptions {
    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Compose file; repeat to merge several ('-' reads stdin).", valueName: "file"))
    var file: [String] = []

    @Option(name: [.customShort("p"), .long], help: "Project name.")
    var projectName: String?

    @OptionGroup var shared: SharedProjectFlags
}

/// The project flags, for `logs`, where `-f` means `--follow`: the file is `--file` there
/// (or `-f` before the subcommand, as with `docker compose -f x.yml logs -f`).
struct LongFileOptions: ParsableArguments, ProjectOptions {
    @Option(name: .long, help: ArgumentHelp("Compose file; repeat to merge several ('-' reads stdin).", valueName: "file"))
    var file: [String] = []

    @Option(name: [.customShort("p"), .long], help: "Project name.")
    var projectName: String?

    @OptionGroup var shared: SharedProjectFlags
}

/// The project flags for `run`, where `-p` means `--publish`: the project name is
/// `--project-name` there (or `-p` before the subcommand, as with `docker compose -p x run`).
struct RunProjectOptions: ParsableArguments, ProjectOptions {
    @Option(name: [.customShort("f"), .long], help: ArgumentHelp("Compose file; repeat to merge several ('-' reads stdin).", valueName: "file"))
    var file: [String] = []

    @Option(name: .long, help: "Project name.")
    var projectName: String?

    @OptionGroup var shared: SharedProjectFlags
}

extension ProjectOptions {
    /// Loader options from the flags and the process environment.
    func loadOptions(services: [String] = [], interpolate: Bool = true, resolveEnvironment: Bool = true) -> LoadOptions {
        var options = LoadOptions(environment: ProcessEnvironment.values)
        options.configFiles = file
        options.projectName = projectName
        options.profiles = profile
        options.envFiles = envFile
        options.projectDirectory = projectDirectory
        options.services = services
        options.interpolate = interpolate
        options.resolveEnvironment = resolveEnvironment
        if file.contains("-") {
            options.stdin = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        return options
    }

    /// Loads the project, or prints every diagnostic and exits non-zero.
    func load(
        services: [String] = [], interpolate: Bool = true, resolveEnvironment: Bool = true, quietWarnings: Bool = false
    ) throws -> LoadedProject {
        do {
            let options = loadOptions(services: services, interpolate: interpolate, resolveEnvironment: resolveEnvironment)
            let loaded = try ProjectLoader.load(options, fileSystem: LocalFileSystem())
            if !quietWarnings { DiagnosticPrinter.printText(loaded.warnings, to: .standardError) }
            return loaded
        } catch {
            DiagnosticPrinter.printText(error.diagnostics, to: .standardError)
            throw ExitCode(BerthExit.invalidProject)
        }
    }
}

/// Berth's exit codes (documented in the README).
enum BerthExit {
    /// The compose files have errors.
    static let invalidProject: Int32 = 1
    /// The engine could not be reached or refused a call.
    static let engine: Int32 = 2
    /// Interrupted by the user (128 + SIGINT, as shells report it).
    static let interrupted: Int32 = 130

    /// The exit status of an attached `up`.
    static func status(of outcome: AttachedOutcome) -> Int32 {
        switch outcome {
        case .allStopped(let code), .aborted(_, let code): code
        case .interrupted: interrupted
        }
    }
}
