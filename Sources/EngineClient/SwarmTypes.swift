// Swarm objects of the Engine API (1.41): services, tasks, nodes, secrets and configs.
// Durations are nanoseconds, as the API sends them.

/// `Version` of a swarm object: the index an update must quote.
public struct SwarmVersion: Codable, Sendable, Hashable {
    public var index: UInt64?
    public init(index: UInt64? = nil) { self.index = index }
    enum CodingKeys: String, CodingKey { case index = "Index" }
}

/// `ServiceSpec`.
public struct ServiceSpec: Codable, Sendable, Hashable {
    public var name: String?
    public var labels: [String: String]?
    public var taskTemplate: TaskSpec?
    public var mode: ServiceMode?
    public var updateConfig: ServiceUpdateConfig?
    public var rollbackConfig: ServiceUpdateConfig?
    public var endpointSpec: EndpointSpec?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case name = "Name", labels = "Labels", taskTemplate = "TaskTemplate", mode = "Mode"
        case updateConfig = "UpdateConfig", rollbackConfig = "RollbackConfig", endpointSpec = "EndpointSpec"
    }
}

/// `TaskSpec`: what each task of a service runs.
public struct TaskSpec: Codable, Sendable, Hashable {
    public var containerSpec: SwarmContainerSpec?
    public var resources: SwarmResourceRequirements?
    public var restartPolicy: SwarmRestartPolicy?
    public var placement: SwarmPlacement?
    public var networks: [NetworkAttachmentConfig]?
    public var logDriver: SwarmDriver?
    public var forceUpdate: UInt64?
    public var runtime: String?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case containerSpec = "ContainerSpec", resources = "Resources", restartPolicy = "RestartPolicy"
        case placement = "Placement", networks = "Networks", logDriver = "LogDriver", forceUpdate = "ForceUpdate"
        case runtime = "Runtime"
    }
}

/// `ContainerSpec` of a task.
public struct SwarmContainerSpec: Codable, Sendable, Hashable {
    public var image: String?
    public var labels: [String: String]?
    public var command: [String]?
    public var args: [String]?
    public var hostname: String?
    public var env: [String]?
    public var dir: String?
    public var user: String?
    public var groups: [String]?
    public var tty: Bool?
    public var openStdin: Bool?
    public var readOnly: Bool?
    public var mounts: [SwarmMount]?
    public var stopSignal: String?
    public var stopGracePeriod: Int64?
    public var healthCheck: SwarmHealthConfig?
    public var hosts: [String]?
    public var dnsConfig: SwarmDNSConfig?
    public var secrets: [SwarmFileReference]?
    public var configs: [SwarmFileReference]?
    public var isolation: String?
    public var initProcess: Bool?
    public var sysctls: [String: String]?
    public var capabilityAdd: [String]?
    public var capabilityDrop: [String]?
    public var ulimits: [SwarmUlimit]?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case image = "Image", labels = "Labels", command = "Command", args = "Args", hostname = "Hostname"
        case env = "Env", dir = "Dir", user = "User", groups = "Groups", tty = "TTY", openStdin = "OpenStdin"
        case readOnly = "ReadOnly", mounts = "Mounts", stopSignal = "StopSignal", stopGracePeriod = "StopGracePeriod"
        case healthCheck = "Healthcheck", hosts = "Hosts", dnsConfig = "DNSConfig", secrets = "Secrets"
        case configs = "Configs", isolation = "Isolation", initProcess = "Init", sysctls = "Sysctls"
        case capabilityAdd = "CapabilityAdd", capabilityDrop = "CapabilityDrop", ulimits = "Ulimits"
    }
}

/// `HealthConfig`.
public struct SwarmHealthConfig: Codable, Sendable, Hashable {
    public var test: [String]?
    public var interval: Int64?
    public var timeout: Int64?
    public var startPeriod: Int64?
    public var retries: Int?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case test = "Test", interval = "Interval", timeout = "Timeout", startPeriod = "StartPeriod", retries = "Retries"
    }
}

/// `DNSConfig`.
public struct SwarmDNSConfig: Codable, Sendable, Hashable {
    public var nameservers: [String]?
    public var search: [String]?
    public var options: [String]?
    public init() {}
    enum CodingKeys: String, CodingKey { case nameservers = "Nameservers", search = "Search", options = "Options" }
}

/// `Ulimit`.
public struct SwarmUlimit: Codable, Sendable, Hashable {
    public var name: String?
    public var soft: Int64?
    public var hard: Int64?
    public init(name: String? = nil, soft: Int64? = nil, hard: Int64? = nil) {
        self.name = name
        self.soft = soft
        self.hard = hard
    }
    enum CodingKeys: String, CodingKey { case name = "Name", soft = "Soft", hard = "Hard" }
}

/// A `SecretReference` or `ConfigReference`: the object and the file it becomes.
public struct SwarmFileReference: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        public var name: String?
        public var uid: String?
        public var gid: String?
        public var mode: UInt32?
        public init() {}
        enum CodingKeys: String, CodingKey { case name = "Name", uid = "UID", gid = "GID", mode = "Mode" }
    }
    public var file: File?
    public var secretID: String?
    public var secretName: String?
    public var configID: String?
    public var configName: String?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case file = "File", secretID = "SecretID", secretName = "SecretName", configID = "ConfigID", configName = "ConfigName"
    }
}

/// `Mount` of a task's container.
public struct SwarmMount: Codable, Sendable, Hashable {
    public struct BindOptions: Codable, Sendable, Hashable {
        public var propagation: String?
        public init() {}
        enum CodingKeys: String, CodingKey { case propagation = "Propagation" }
    }
    public struct VolumeOptions: Codable, Sendable, Hashable {
        public var noCopy: Bool?
        public var labels: [String: String]?
        public var driverConfig: SwarmDriver?
        public init() {}
        enum CodingKeys: String, CodingKey { case noCopy = "NoCopy", labels = "Labels", driverConfig = "DriverConfig" }
    }
    public struct TmpfsOptions: Codable, Sendable, Hashable {
        public var sizeBytes: Int64?
        public var mode: UInt32?
        public init() {}
        enum CodingKeys: String, CodingKey { case sizeBytes = "SizeBytes", mode = "Mode" }
    }
    public var type: String?
    public var source: String?
    public var target: String?
    public var readOnly: Bool?
    public var consistency: String?
    public var bindOptions: BindOptions?
    public var volumeOptions: VolumeOptions?
    public var tmpfsOptions: TmpfsOptions?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case type = "Type", source = "Source", target = "Target", readOnly = "ReadOnly", consistency = "Consistency"
        case bindOptions = "BindOptions", volumeOptions = "VolumeOptions", tmpfsOptions = "TmpfsOptions"
    }
}

/// A driver with options (`LogDriver`, a volume's `DriverConfig`, a secret's `Driver`).
public struct SwarmDriver: Codable, Sendable, Hashable {
    public var name: String?
    public var options: [String: String]?
    public init(name: String? = nil, options: [String: String]? = nil) {
        self.name = name
        self.options = options
    }
    enum CodingKeys: String, CodingKey { case name = "Name", options = "Options" }
}

/// `ResourceRequirements`.
public struct SwarmResourceRequirements: Codable, Sendable, Hashable {
    public struct Limit: Codable, Sendable, Hashable {
        public var nanoCPUs: Int64?
        public var memoryBytes: Int64?
        public var pids: Int64?
        public init() {}
        enum CodingKeys: String, CodingKey { case nanoCPUs = "NanoCPUs", memoryBytes = "MemoryBytes", pids = "Pids" }
    }
    public struct GenericResource: Codable, Sendable, Hashable {
        public struct Discrete: Codable, Sendable, Hashable {
            public var kind: String?
            public var value: Int64?
            public init(kind: String? = nil, value: Int64? = nil) {
                self.kind = kind
                self.value = value
            }
            enum CodingKeys: String, CodingKey { case kind = "Kind", value = "Value" }
        }
        public var discreteResourceSpec: Discrete?
        public init(discreteResourceSpec: Discrete? = nil) { self.discreteResourceSpec = discreteResourceSpec }
        enum CodingKeys: String, CodingKey { case discreteResourceSpec = "DiscreteResourceSpec" }
    }
    public struct Reservation: Codable, Sendable, Hashable {
        public var nanoCPUs: Int64?
        public var memoryBytes: Int64?
        public var genericResources: [GenericResource]?
        public init() {}
        enum CodingKeys: String, CodingKey {
            case nanoCPUs = "NanoCPUs", memoryBytes = "MemoryBytes", genericResources = "GenericResources"
        }
    }
    public var limits: Limit?
    public var reservations: Reservation?
    public init() {}
    enum CodingKeys: String, CodingKey { case limits = "Limits", reservations = "Reservations" }
}

/// `RestartPolicy` of a task.
public struct SwarmRestartPolicy: Codable, Sendable, Hashable {
    public var condition: String?
    public var delay: Int64?
    public var maxAttempts: UInt64?
    public var window: Int64?
    public init() {}
    enum CodingKeys: String, CodingKey { case condition = "Condition", delay = "Delay", maxAttempts = "MaxAttempts", window = "Window" }
}

/// `Placement`.
public struct SwarmPlacement: Codable, Sendable, Hashable {
    public struct Preference: Codable, Sendable, Hashable {
        public struct Spread: Codable, Sendable, Hashable {
            public var spreadDescriptor: String?
            public init(spreadDescriptor: String? = nil) { self.spreadDescriptor = spreadDescriptor }
            enum CodingKeys: String, CodingKey { case spreadDescriptor = "SpreadDescriptor" }
        }
        public var spread: Spread?
        public init(spread: Spread? = nil) { self.spread = spread }
        enum CodingKeys: String, CodingKey { case spread = "Spread" }
    }
    public var constraints: [String]?
    public var preferences: [Preference]?
    public var maxReplicas: UInt64?
    public init() {}
    enum CodingKeys: String, CodingKey { case constraints = "Constraints", preferences = "Preferences", maxReplicas = "MaxReplicas" }
}

/// `NetworkAttachmentConfig`.
public struct NetworkAttachmentConfig: Codable, Sendable, Hashable {
    public var target: String?
    public var aliases: [String]?
    public var driverOpts: [String: String]?
    public init(target: String? = nil, aliases: [String]? = nil) {
        self.target = target
        self.aliases = aliases
    }
    enum CodingKeys: String, CodingKey { case target = "Target", aliases = "Aliases", driverOpts = "DriverOpts" }
}

/// `ServiceMode`: exactly one member is set.
public struct ServiceMode: Codable, Sendable, Hashable {
    public struct Replicated: Codable, Sendable, Hashable {
        public var replicas: UInt64?
        public init(replicas: UInt64? = nil) { self.replicas = replicas }
        enum CodingKeys: String, CodingKey { case replicas = "Replicas" }
    }
    public struct ReplicatedJob: Codable, Sendable, Hashable {
        public var maxConcurrent: UInt64?
        public var totalCompletions: UInt64?
        public init(maxConcurrent: UInt64? = nil, totalCompletions: UInt64? = nil) {
            self.maxConcurrent = maxConcurrent
            self.totalCompletions = totalCompletions
        }
        enum CodingKeys: String, CodingKey { case maxConcurrent = "MaxConcurrent", totalCompletions = "TotalCompletions" }
    }
    public var replicated: Replicated?
    public var global: EmptyObject?
    public var replicatedJob: ReplicatedJob?
    public var globalJob: EmptyObject?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case replicated = "Replicated", global = "Global", replicatedJob = "ReplicatedJob", globalJob = "GlobalJob"
    }
}

/// `UpdateConfig` / `RollbackConfig`.
public struct ServiceUpdateConfig: Codable, Sendable, Hashable {
    public var parallelism: UInt64?
    public var delay: Int64?
    public var failureAction: String?
    public var monitor: Int64?
    public var maxFailureRatio: Double?
    public var order: String?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case parallelism = "Parallelism", delay = "Delay", failureAction = "FailureAction", monitor = "Monitor"
        case maxFailureRatio = "MaxFailureRatio", order = "Order"
    }
}

/// `EndpointSpec`.
public struct EndpointSpec: Codable, Sendable, Hashable {
    public var mode: String?
    public var ports: [SwarmPortConfig]?
    public init() {}
    enum CodingKeys: String, CodingKey { case mode = "Mode", ports = "Ports" }
}

/// `PortConfig` of a service.
public struct SwarmPortConfig: Codable, Sendable, Hashable {
    public var name: String?
    public var `protocol`: String?
    public var targetPort: UInt32?
    public var publishedPort: UInt32?
    public var publishMode: String?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case name = "Name", `protocol` = "Protocol", targetPort = "TargetPort", publishedPort = "PublishedPort"
        case publishMode = "PublishMode"
    }
}

/// A service as `GET /services` returns it.
public struct SwarmService: Codable, Sendable, Hashable {
    public struct UpdateStatus: Codable, Sendable, Hashable {
        /// `updating`, `paused`, `completed`, `rollback_started`, `rollback_paused`, `rollback_completed`.
        public var state: String?
        public var startedAt: String?
        public var message: String?
        public init() {}
        enum CodingKeys: String, CodingKey { case state = "State", startedAt = "StartedAt", message = "Message" }
    }
    public struct Status: Codable, Sendable, Hashable {
        public var runningTasks: UInt64?
        public var desiredTasks: UInt64?
        public var completedTasks: UInt64?
        public init() {}
        enum CodingKeys: String, CodingKey {
            case runningTasks = "RunningTasks", desiredTasks = "DesiredTasks", completedTasks = "CompletedTasks"
        }
    }
    public var id: String?
    public var version: SwarmVersion?
    public var createdAt: String?
    public var updatedAt: String?
    public var spec: ServiceSpec?
    public var previousSpec: ServiceSpec?
    public var updateStatus: UpdateStatus?
    public var serviceStatus: Status?
    public var jobStatus: JobStatus?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case id = "ID", version = "Version", createdAt = "CreatedAt", updatedAt = "UpdatedAt", spec = "Spec"
        case previousSpec = "PreviousSpec", updateStatus = "UpdateStatus", serviceStatus = "ServiceStatus"
        case jobStatus = "JobStatus"
    }
}

/// `JobStatus` of a job service: which run is current.
public struct JobStatus: Codable, Sendable, Hashable {
    public var jobIteration: SwarmVersion?
    public init() {}
    enum CodingKeys: String, CodingKey { case jobIteration = "JobIteration" }
}

/// A task as `GET /tasks` returns it.
public struct SwarmTask: Codable, Sendable, Hashable {
    public struct Status: Codable, Sendable, Hashable {
        public struct Container: Codable, Sendable, Hashable {
            public var containerID: String?
            public var exitCode: Int?
            public init() {}
            enum CodingKeys: String, CodingKey { case containerID = "ContainerID", exitCode = "ExitCode" }
        }
        public var timestamp: String?
        /// `new` … `running`, `complete`, `failed`, `shutdown`, `rejected`, `orphaned`, `remove`.
        public var state: String?
        public var message: String?
        public var err: String?
        public var containerStatus: Container?
        public init() {}
        enum CodingKeys: String, CodingKey {
            case timestamp = "Timestamp", state = "State", message = "Message", err = "Err", containerStatus = "ContainerStatus"
        }
    }
    public var id: String?
    public var version: SwarmVersion?
    public var createdAt: String?
    public var updatedAt: String?
    public var serviceID: String?
    public var slot: Int?
    public var nodeID: String?
    public var status: Status?
    public var desiredState: String?
    public var spec: TaskSpec?
    public var jobIteration: SwarmVersion?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case id = "ID", version = "Version", createdAt = "CreatedAt", updatedAt = "UpdatedAt", serviceID = "ServiceID"
        case slot = "Slot", nodeID = "NodeID", status = "Status", desiredState = "DesiredState", spec = "Spec"
        case jobIteration = "JobIteration"
    }
}

/// A node of the swarm.
public struct SwarmNode: Codable, Sendable, Hashable {
    public struct Description: Codable, Sendable, Hashable {
        public var hostname: String?
        public init() {}
        enum CodingKeys: String, CodingKey { case hostname = "Hostname" }
    }
    public struct Status: Codable, Sendable, Hashable {
        /// `ready`, `down`, `unknown`, `disconnected`.
        public var state: String?
        public var addr: String?
        public init() {}
        enum CodingKeys: String, CodingKey { case state = "State", addr = "Addr" }
    }
    public struct Spec: Codable, Sendable, Hashable {
        public var role: String?
        public var availability: String?
        public var labels: [String: String]?
        public init() {}
        enum CodingKeys: String, CodingKey { case role = "Role", availability = "Availability", labels = "Labels" }
    }
    public var id: String?
    public var description: Description?
    public var status: Status?
    public var spec: Spec?
    public init() {}
    enum CodingKeys: String, CodingKey { case id = "ID", description = "Description", status = "Status", spec = "Spec" }
}

/// The spec of a secret or a config. `data` is base64, as the API carries it.
public struct SwarmObjectSpec: Codable, Sendable, Hashable {
    public var name: String?
    public var labels: [String: String]?
    public var data: String?
    public var driver: SwarmDriver?
    public var templating: SwarmDriver?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case name = "Name", labels = "Labels", data = "Data", driver = "Driver", templating = "Templating"
    }
}

/// A secret or a config as the engine lists it.
public struct SwarmObject: Codable, Sendable, Hashable {
    public var id: String?
    public var version: SwarmVersion?
    public var createdAt: String?
    public var spec: SwarmObjectSpec?
    public init() {}
    enum CodingKeys: String, CodingKey { case id = "ID", version = "Version", createdAt = "CreatedAt", spec = "Spec" }
}

/// What `GET /info` says about this engine's swarm membership.
public struct SwarmInfo: Codable, Sendable, Hashable {
    /// `inactive`, `pending`, `active`, `error`, `locked`.
    public var localNodeState: String?
    /// True on a manager.
    public var controlAvailable: Bool?
    public var nodeID: String?
    public var error: String?
    public init() {}
    enum CodingKeys: String, CodingKey {
        case localNodeState = "LocalNodeState", controlAvailable = "ControlAvailable", nodeID = "NodeID", error = "Error"
    }
}

/// The part of `GET /info` Berth reads.
public struct SystemInfo: Codable, Sendable, Hashable {
    public var name: String?
    public var serverVersion: String?
    public var swarm: SwarmInfo?
    public init() {}
    enum CodingKeys: String, CodingKey { case name = "Name", serverVersion = "ServerVersion", swarm = "Swarm" }
}

/// The answer of `POST /services/create` (and the ID of a created secret or config).
public struct SwarmCreateResponse: Codable, Sendable, Hashable {
    public var id: String?
    public var warnings: [String]?
    public init() {}
    enum CodingKeys: String, CodingKey { case id = "ID", warnings = "Warnings" }
}

/// The answer of `POST /services/{id}/update`.
public struct ServiceUpdateResponse: Codable, Sendable, Hashable {
    public var warnings: [String]?
    public init() {}
    enum CodingKeys: String, CodingKey { case warnings = "Warnings" }
}
