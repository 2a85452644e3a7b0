import ComposeModel
import YAMLSyntax

/// Everything that decides how compose files are found and read: the CLI flags and the
/// process environment. The file system is passed separately.
public struct LoadOptions: Sendable {
    /// `-f` files in order; `-` reads `stdin`. Empty: `COMPOSE_FILE`, then discovery.
    public var configFiles: [String] = []
    /// `-p`; must already be a valid project name.
    public var projectName: String?
    /// `--project-directory`.
    public var projectDirectory: String?
    /// `--profile`; empty means `COMPOSE_PROFILES`.
    public var profiles: [String] = []
    /// `--env-file`; empty means `COMPOSE_ENV_FILES`, then `<project dir>/.env`.
    public var envFiles: [String] = []
    /// Services named on the command line: their profiles are enabled.
    public var services: [String] = []
    /// `--no-interpolate` turns this off.
    public var interpolate = true
    /// Turn `env_file` into `environment` entries.
    public var resolveEnvironment = true
    /// Cross-reference checks (undefined networks, cycles, …).
    public var consistency = true
    /// The process environment.
    public var environment: [String: String] = [:]
    /// What `-f -` reads.
    public var stdin: [UInt8]?

    public init(environment: [String: String] = [:]) {
        self.environment = environment
    }
}

/// A loaded project: the typed model plus the facts the loader worked out on the way.
public struct LoadedProject: Sendable {
    public var project: Project
    /// Absolute project directory; relative paths in the files resolve against it.
    public var workingDirectory: String
    /// Absolute paths of the compose files read, in merge order.
    public var configFiles: [String]
    /// The interpolation environment (process env, then env files), with COMPOSE_PROJECT_NAME set.
    public var environment: [String: String]
    /// Profiles that are active.
    public var activeProfiles: [String]
    /// Every profile named by any service, enabled or not, sorted.
    public var allProfiles: [String]
    /// Services that profiles turned off (not in `project.services`).
    public var disabledServices: [String: Service]
    /// Warnings found while loading (errors are thrown).
    public var warnings: [Diagnostic]
    /// The merged compose tree, for locating things in later diagnostics.
    public var root: Node
}
