import ComposeModel
import ComposePlanner
import EngineClient

/// What the loader knows about a project that the runtime needs: the model, where it came
/// from (for container labels), and the services profiles left out (not orphans).
public struct ProjectInfo: Sendable {
    /// The loaded, normalised project.
    public var project: Project
    /// The absolute project directory (`com.docker.compose.project.working_dir`).
    public var workingDir: String
    /// The compose files, absolute (`com.docker.compose.project.config_files`).
    public var configFiles: [String]
    /// The env files given with `--env-file` (empty when none: then no label).
    public var envFiles: [String]
    /// Services disabled by profiles: their containers are left alone.
    public var disabledServices: [String: Service]

    /// A project as the loader returned it.
    public init(
        project: Project, workingDir: String, configFiles: [String], envFiles: [String] = [],
        disabledServices: [String: Service] = [:]
    ) {
        self.project = project
        self.workingDir = workingDir
        self.configFiles = configFiles
        self.envFiles = envFiles
        self.disabledServices = disabledServices
    }
}

/// The state of one progress line.
public enum ProgressStatus: String, Sendable {
    case working, done, warning, error
}

/// One step the runtime reports: `Container p-web-1  Started`.
public struct ProgressEvent: Sendable, Hashable {
    /// `Container p-web-1`, `Network p_default`, `Volume p_data`, or `Project p` for warnings.
    public var resource: String
    /// Compose's word: Creating, Created, Starting, Started, Running, Recreate, Recreated,
    /// Waiting, Healthy, Exited, Stopping, Stopped, Removing, Removed, Killing, Killed, …
    public var text: String
    /// Working, done, warning or error.
    public var status: ProgressStatus
    /// Extra words (a warning's message, an error's cause).
    public var detail: String?

    /// An event from its parts.
    public init(resource: String, text: String, status: ProgressStatus, detail: String? = nil) {
        self.resource = resource
        self.text = text
        self.status = status
        self.detail = detail
    }
}

/// Receives progress events, possibly from several tasks at once.
public typealias ProgressHandler = @Sendable (ProgressEvent) -> Void

/// How `up` runs, beyond what the planner needs.
public struct UpOptions: Sendable {
    /// What to converge (scale, recreate flags, services…).
    public var plan: PlanOptions
    /// `false` for `--no-start` (and `create`).
    public var start: Bool
    /// `--wait`: return only once every service is running/healthy (or completed).
    public var wait: Bool
    /// `--wait-timeout`.
    public var waitTimeout: Duration?

    /// Defaults are `up -d` without flags.
    public init(plan: PlanOptions = PlanOptions(), start: Bool = true, wait: Bool = false, waitTimeout: Duration? = nil) {
        self.plan = plan
        self.start = start
        self.wait = wait
        self.waitTimeout = waitTimeout
    }
}

/// A failure while running a plan or a command, in Compose's words: it names the container
/// or service and the cause.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public enum Kind: String, Sendable {
        /// A container reported unhealthy.
        case unhealthy
        /// A container exited while it was expected to run (or be healthy).
        case exited
        /// A `service_completed_successfully` dependency exited non-zero.
        case notCompleted
        /// `service_healthy` on a container without a healthcheck.
        case noHealthcheck
        /// A dependency's condition failed (`cause` holds why).
        case dependencyFailed
        /// `--wait-timeout` ran out.
        case timeout
        /// An engine call failed.
        case engine
        /// The event stream ended (the engine went away).
        case engineGone
        /// Something the project asks for that Berth or the engine cannot do.
        case unsupported
        /// Anything else.
        case other
    }

    /// The kind.
    public var kind: Kind
    /// The whole message.
    public var message: String
    /// The container concerned, when there is one.
    public var container: String?
    /// The service concerned, when there is one.
    public var service: String?
    /// When several actions of one run failed: each failure, in the order they happened (the
    /// message then lists them all).
    public var failures: [RuntimeError] = []

    /// An error from its parts.
    public init(_ kind: Kind, _ message: String, container: String? = nil, service: String? = nil) {
        self.kind = kind
        self.message = message
        self.container = container
        self.service = service
    }

    /// Several failures of one run as one error: the first one's kind (so the exit code is the
    /// same as for it alone), and a message that lists every one, a line each.
    public static func aggregate(_ errors: [RuntimeError]) -> RuntimeError {
        guard errors.count > 1, let first = errors.first else { return errors.first ?? RuntimeError(.other, "no failure") }
        let lines = errors.map { "  - " + $0.message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ") }
        var e = RuntimeError(first.kind, "\(errors.count) actions failed:\n" + lines.joined(separator: "\n"))
        e.failures = errors
        return e
    }

    /// The message.
    public var description: String { message }

    /// An engine error with the action it interrupted: `creating container p-web-1: …`.
    static func engine(_ error: any Error, while doing: String, container: String? = nil, service: String? = nil) -> RuntimeError {
        if let r = error as? RuntimeError { return r }
        if let e = error as? EngineError {
            if case .notReachable = e { return RuntimeError(.engineGone, "\(doing): \(e.description)", container: container, service: service) }
            return RuntimeError(.engine, "\(doing): \(e.description)", container: container, service: service)
        }
        return RuntimeError(.engine, "\(doing): \(error)", container: container, service: service)
    }
}

/// One line of a container's output.
public struct LogLine: Sendable, Hashable {
    /// The container's name (`p-web-1`).
    public var container: String
    /// Its service.
    public var service: String
    /// Its replica number (0 when it has none).
    public var number: Int
    /// stdout or stderr.
    public var stream: OutputStream
    /// One line, without its line break.
    public var text: String
    /// The engine's timestamp when `timestamps` was asked for (RFC 3339 with nanoseconds).
    public var timestamp: String?

    /// A line from its parts.
    public init(container: String, service: String, number: Int, stream: OutputStream, text: String, timestamp: String? = nil) {
        self.container = container
        self.service = service
        self.number = number
        self.stream = stream
        self.text = text
        self.timestamp = timestamp
    }
}

/// A project container exited (a `die` event).
public struct ContainerExit: Sendable, Hashable {
    /// The container's name.
    public var container: String
    /// Its service.
    public var service: String
    /// The exit code from the event.
    public var exitCode: Int

    /// An exit from its parts.
    public init(container: String, service: String, exitCode: Int) {
        self.container = container
        self.service = service
        self.exitCode = exitCode
    }
}

/// A project found from container labels (`berth ls`).
public struct ProjectSummary: Sendable, Hashable, Codable {
    /// The project name.
    public var name: String
    /// `running(2), exited(1)`: container states and counts, sorted by state.
    public var status: String
    /// The config files label of its containers, comma-joined.
    public var configFiles: String

    /// A summary from its parts.
    public init(name: String, status: String, configFiles: String) {
        self.name = name
        self.status = status
        self.configFiles = configFiles
    }
}
