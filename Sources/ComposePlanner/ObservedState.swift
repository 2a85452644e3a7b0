/// A container's engine state (`State.Status`).
public enum ContainerState: Sendable, Hashable, CustomStringConvertible {
    /// The engine's own states.
    case created, running, paused, restarting, removing, exited, dead
    /// A state this version does not know.
    case other(String)

    /// From the engine's status word.
    public init(engine: String) {
        switch engine {
        case "created": self = .created
        case "running": self = .running
        case "paused": self = .paused
        case "restarting": self = .restarting
        case "removing": self = .removing
        case "exited": self = .exited
        case "dead": self = .dead
        default: self = .other(engine)
        }
    }

    /// The engine's word for it.
    public var description: String {
        switch self {
        case .created: "created"
        case .running: "running"
        case .paused: "paused"
        case .restarting: "restarting"
        case .removing: "removing"
        case .exited: "exited"
        case .dead: "dead"
        case .other(let s): s
        }
    }
}

/// A container's health (`State.Health.Status`), `none` without a healthcheck.
public enum ContainerHealth: String, Sendable, Hashable {
    case none, starting, healthy, unhealthy
}

/// A container of the project as the engine reports it (list + labels).
public struct ObservedContainer: Sendable, Hashable {
    /// Engine ID (full).
    public var id: String
    /// Without the leading `/`.
    public var name: String
    /// `com.docker.compose.service`.
    public var service: String
    /// `com.docker.compose.container-number`; `nil` when missing or not a number.
    public var number: Int?
    /// `State.Status`.
    public var state: ContainerState
    /// `State.ExitCode`, when exited.
    public var exitCode: Int?
    /// `State.Health.Status`, `none` without a healthcheck.
    public var health: ContainerHealth
    /// `com.docker.compose.config-hash`.
    public var configHash: String?
    /// The image reference it was created from.
    public var image: String
    /// The image ID it runs, when known.
    public var imageID: String?
    /// All its labels.
    public var labels: [String: String]
    /// Creation time, seconds since the epoch (the engine list's `Created`).
    public var created: Int64
    /// Networks the container is attached to: engine name → network ID. `nil` when not
    /// inspected; then the planner skips the "not attached to its network" check.
    public var networks: [String: String]?
    /// Names of the named volumes it mounts. `nil` when not inspected; then the planner skips
    /// the "named volume missing" check.
    public var volumeNames: [String]?

    /// Plain values (tests, callers that parsed labels themselves).
    public init(
        id: String, name: String, service: String, number: Int?, state: ContainerState,
        exitCode: Int? = nil, health: ContainerHealth = .none, configHash: String?, image: String = "",
        imageID: String? = nil, labels: [String: String] = [:], created: Int64 = 0,
        networks: [String: String]? = nil, volumeNames: [String]? = nil
    ) {
        self.id = id
        self.name = name
        self.service = service
        self.number = number
        self.state = state
        self.exitCode = exitCode
        self.health = health
        self.configHash = configHash
        self.image = image
        self.imageID = imageID
        self.labels = labels
        self.created = created
        self.networks = networks
        self.volumeNames = volumeNames
    }

    /// Built from engine labels: service, number and hash come from the Compose labels.
    public init(
        id: String, name: String, state: ContainerState, labels: [String: String],
        exitCode: Int? = nil, health: ContainerHealth = .none, image: String = "", imageID: String? = nil,
        created: Int64 = 0, networks: [String: String]? = nil, volumeNames: [String]? = nil
    ) {
        self.init(
            id: id, name: name.hasPrefix("/") ? String(name.dropFirst()) : name,
            service: labels[ComposeLabels.service] ?? "",
            number: labels[ComposeLabels.containerNumber].flatMap { Int($0) },
            state: state, exitCode: exitCode, health: health, configHash: labels[ComposeLabels.configHash],
            image: image, imageID: imageID, labels: labels, created: created, networks: networks,
            volumeNames: volumeNames)
    }

    /// `com.docker.compose.oneoff=True` (a `run` container).
    public var isOneoff: Bool { labels[ComposeLabels.oneoff] == "True" }
}

/// A network the engine has that belongs to the project or carries a declared name.
public struct ObservedNetwork: Sendable, Hashable {
    /// Engine ID.
    public var id: String
    /// Engine name.
    public var name: String
    /// `com.docker.compose.network`.
    public var key: String?
    /// `com.docker.compose.config-hash`.
    public var configHash: String?
    /// All its labels.
    public var labels: [String: String]
    /// IDs of the containers attached.
    public var containerIDs: [String]

    /// Key and hash default to the Compose labels.
    public init(
        id: String, name: String, key: String? = nil, configHash: String? = nil,
        labels: [String: String] = [:], containerIDs: [String] = []
    ) {
        self.id = id
        self.name = name
        self.key = key ?? labels[ComposeLabels.network]
        self.configHash = configHash ?? labels[ComposeLabels.configHash]
        self.labels = labels
        self.containerIDs = containerIDs
    }
}

/// A volume the engine has that belongs to the project or carries a declared name.
public struct ObservedVolume: Sendable, Hashable {
    /// Engine name.
    public var name: String
    /// `com.docker.compose.volume`.
    public var key: String?
    /// `com.docker.compose.config-hash`.
    public var configHash: String?
    /// Volume driver.
    public var driver: String
    /// All its labels.
    public var labels: [String: String]

    /// Key and hash default to the Compose labels.
    public init(
        name: String, key: String? = nil, configHash: String? = nil, driver: String = "local",
        labels: [String: String] = [:]
    ) {
        self.name = name
        self.key = key ?? labels[ComposeLabels.volume]
        self.configHash = configHash ?? labels[ComposeLabels.configHash]
        self.driver = driver
        self.labels = labels
    }
}

/// One snapshot of the engine, as the planner needs it. `containers`: every container with the
/// project label and a config-hash label (one-offs included). `networks` and `volumes`: those
/// with the project label, plus any other found under a declared name (external ones
/// included), so the planner can tell "missing" from "exists".
public struct ObservedState: Sendable, Hashable {
    /// The project's containers, one-offs included.
    public var containers: [ObservedContainer]
    /// Networks labelled for the project or found under a declared name.
    public var networks: [ObservedNetwork]
    /// Volumes labelled for the project or found under a declared name.
    public var volumes: [ObservedVolume]

    /// Key and hash default to the Compose labels.
    public init(containers: [ObservedContainer] = [], networks: [ObservedNetwork] = [], volumes: [ObservedVolume] = []) {
        self.containers = containers
        self.networks = networks
        self.volumes = volumes
    }

    /// The project's containers of one service (one-offs excluded).
    public func containers(of service: String) -> [ObservedContainer] {
        containers.filter { $0.service == service && !$0.isOneoff }
    }

    /// The network with this engine name.
    public func network(named name: String) -> ObservedNetwork? { networks.first { $0.name == name } }
    /// The volume with this engine name.
    public func volume(named name: String) -> ObservedVolume? { volumes.first { $0.name == name } }
}
