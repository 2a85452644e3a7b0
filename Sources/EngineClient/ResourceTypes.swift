// Generated from a field list; Docker Engine API 1.41–1.47 names.

/// `POST /networks/create`.
public struct NetworkCreateRequest: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `CheckDuplicate`.
    public var checkDuplicate: Bool?
    /// `Driver`.
    public var driver: String?
    /// `Scope`.
    public var scope: String?
    /// `Internal`.
    public var `internal`: Bool?
    /// `Attachable`.
    public var attachable: Bool?
    /// `Ingress`.
    public var ingress: Bool?
    /// `IPAM`.
    public var ipam: IPAM?
    /// `EnableIPv6`.
    public var enableIPv6: Bool?
    /// `Options`.
    public var options: [String: String]?
    /// `Labels`.
    public var labels: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case checkDuplicate = "CheckDuplicate"
        case driver = "Driver"
        case scope = "Scope"
        case `internal` = "Internal"
        case attachable = "Attachable"
        case ingress = "Ingress"
        case ipam = "IPAM"
        case enableIPv6 = "EnableIPv6"
        case options = "Options"
        case labels = "Labels"
    }
}

/// IP address management of a network.
public struct IPAM: Codable, Sendable, Hashable {
    /// `Driver`.
    public var driver: String?
    /// `Config`.
    public var config: [IPAMPool]?
    /// `Options`.
    public var options: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case driver = "Driver"
        case config = "Config"
        case options = "Options"
    }
}

/// One subnet of a network.
public struct IPAMPool: Codable, Sendable, Hashable {
    /// `Subnet`.
    public var subnet: String?
    /// `IPRange`.
    public var ipRange: String?
    /// `Gateway`.
    public var gateway: String?
    /// `AuxiliaryAddresses`.
    public var auxiliaryAddresses: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case subnet = "Subnet"
        case ipRange = "IPRange"
        case gateway = "Gateway"
        case auxiliaryAddresses = "AuxiliaryAddresses"
    }
}

/// `GET /networks/{id}` and the entries of `GET /networks`.
public struct Network: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `Id`.
    public var id: String?
    /// `Created`.
    public var created: String?
    /// `Scope`.
    public var scope: String?
    /// `Driver`.
    public var driver: String?
    /// `EnableIPv6`.
    public var enableIPv6: Bool?
    /// `IPAM`.
    public var ipam: IPAM?
    /// `Internal`.
    public var `internal`: Bool?
    /// `Attachable`.
    public var attachable: Bool?
    /// `Ingress`.
    public var ingress: Bool?
    /// `Containers`.
    public var containers: [String: NetworkContainer]?
    /// `Options`.
    public var options: [String: String]?
    /// `Labels`.
    public var labels: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case id = "Id"
        case created = "Created"
        case scope = "Scope"
        case driver = "Driver"
        case enableIPv6 = "EnableIPv6"
        case ipam = "IPAM"
        case `internal` = "Internal"
        case attachable = "Attachable"
        case ingress = "Ingress"
        case containers = "Containers"
        case options = "Options"
        case labels = "Labels"
    }
}

/// A container attached to a network, as the network reports it.
public struct NetworkContainer: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `EndpointID`.
    public var endpointID: String?
    /// `MacAddress`.
    public var macAddress: String?
    /// `IPv4Address`.
    public var ipv4Address: String?
    /// `IPv6Address`.
    public var ipv6Address: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case endpointID = "EndpointID"
        case macAddress = "MacAddress"
        case ipv4Address = "IPv4Address"
        case ipv6Address = "IPv6Address"
    }
}

/// `POST /networks/{id}/connect`.
public struct NetworkConnectRequest: Codable, Sendable, Hashable {
    /// `Container`.
    public var container: String?
    /// `EndpointConfig`.
    public var endpointConfig: EndpointSettings?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case container = "Container"
        case endpointConfig = "EndpointConfig"
    }
}

/// `POST /networks/{id}/disconnect`.
public struct NetworkDisconnectRequest: Codable, Sendable, Hashable {
    /// `Container`.
    public var container: String?
    /// `Force`.
    public var force: Bool?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case container = "Container"
        case force = "Force"
    }
}

/// `POST /volumes/create`.
public struct VolumeCreateRequest: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `Driver`.
    public var driver: String?
    /// `DriverOpts`.
    public var driverOpts: [String: String]?
    /// `Labels`.
    public var labels: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case driver = "Driver"
        case driverOpts = "DriverOpts"
        case labels = "Labels"
    }
}

/// A volume.
public struct Volume: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `Driver`.
    public var driver: String?
    /// `Mountpoint`.
    public var mountpoint: String?
    /// `CreatedAt`.
    public var createdAt: String?
    /// `Status`.
    public var status: [String: String]?
    /// `Labels`.
    public var labels: [String: String]?
    /// `Scope`.
    public var scope: String?
    /// `Options`.
    public var options: [String: String]?
    /// `UsageData`.
    public var usageData: VolumeUsage?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case driver = "Driver"
        case mountpoint = "Mountpoint"
        case createdAt = "CreatedAt"
        case status = "Status"
        case labels = "Labels"
        case scope = "Scope"
        case options = "Options"
        case usageData = "UsageData"
    }
}

/// Size and reference count of a volume (from `system df`).
public struct VolumeUsage: Codable, Sendable, Hashable {
    /// `Size`.
    public var size: Int64?
    /// `RefCount`.
    public var refCount: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case size = "Size"
        case refCount = "RefCount"
    }
}

/// `GET /volumes`.
public struct VolumeListResponse: Codable, Sendable, Hashable {
    /// `Volumes`.
    public var volumes: [Volume]?
    /// `Warnings`.
    public var warnings: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case volumes = "Volumes"
        case warnings = "Warnings"
    }
}

/// `GET /images/{name}/json`.
public struct ImageInspect: Codable, Sendable, Hashable {
    /// `Id`.
    public var id: String?
    /// `RepoTags`.
    public var repoTags: [String]?
    /// `RepoDigests`.
    public var repoDigests: [String]?
    /// `Parent`.
    public var parent: String?
    /// `Comment`.
    public var comment: String?
    /// `Created`.
    public var created: String?
    /// `DockerVersion`.
    public var dockerVersion: String?
    /// `Author`.
    public var author: String?
    /// `Config`.
    public var config: ContainerConfig?
    /// `Architecture`.
    public var architecture: String?
    /// `Variant`.
    public var variant: String?
    /// `Os`.
    public var os: String?
    /// `Size`.
    public var size: Int64?
    /// `VirtualSize`.
    public var virtualSize: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case repoTags = "RepoTags"
        case repoDigests = "RepoDigests"
        case parent = "Parent"
        case comment = "Comment"
        case created = "Created"
        case dockerVersion = "DockerVersion"
        case author = "Author"
        case config = "Config"
        case architecture = "Architecture"
        case variant = "Variant"
        case os = "Os"
        case size = "Size"
        case virtualSize = "VirtualSize"
    }
}

/// One entry of `GET /images/json`.
public struct ImageSummary: Codable, Sendable, Hashable {
    /// `Id`.
    public var id: String?
    /// `ParentId`.
    public var parentId: String?
    /// `RepoTags`.
    public var repoTags: [String]?
    /// `RepoDigests`.
    public var repoDigests: [String]?
    /// `Created`.
    public var created: Int64?
    /// `Size`.
    public var size: Int64?
    /// `SharedSize`.
    public var sharedSize: Int64?
    /// `VirtualSize`.
    public var virtualSize: Int64?
    /// `Labels`.
    public var labels: [String: String]?
    /// `Containers`.
    public var containers: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case parentId = "ParentId"
        case repoTags = "RepoTags"
        case repoDigests = "RepoDigests"
        case created = "Created"
        case size = "Size"
        case sharedSize = "SharedSize"
        case virtualSize = "VirtualSize"
        case labels = "Labels"
        case containers = "Containers"
    }
}

/// One line of `DELETE /images/{name}`.
public struct ImageDeleteItem: Codable, Sendable, Hashable {
    /// `Untagged`.
    public var untagged: String?
    /// `Deleted`.
    public var deleted: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case untagged = "Untagged"
        case deleted = "Deleted"
    }
}

/// One JSON line of a pull, push or build stream.
public struct ProgressMessage: Codable, Sendable, Hashable {
    /// `status`.
    public var status: String?
    /// `id`.
    public var id: String?
    /// `progress`.
    public var progress: String?
    /// `progressDetail`.
    public var progressDetail: ProgressDetail?
    /// Build output text.
    public var stream: String?
    /// `aux`.
    public var aux: ProgressAux?
    /// `error`.
    public var error: String?
    /// `errorDetail`.
    public var errorDetail: ProgressErrorDetail?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case status = "status"
        case id = "id"
        case progress = "progress"
        case progressDetail = "progressDetail"
        case stream = "stream"
        case aux = "aux"
        case error = "error"
        case errorDetail = "errorDetail"
    }
}

/// Bytes done of a layer.
public struct ProgressDetail: Codable, Sendable, Hashable {
    /// `current`.
    public var current: Int64?
    /// `total`.
    public var total: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case current = "current"
        case total = "total"
    }
}

/// Auxiliary data: the built image ID, or a pushed digest.
public struct ProgressAux: Codable, Sendable, Hashable {
    /// `ID`.
    public var id: String?
    /// `Tag`.
    public var tag: String?
    /// `Digest`.
    public var digest: String?
    /// `Size`.
    public var size: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case tag = "Tag"
        case digest = "Digest"
        case size = "Size"
    }
}

/// An error inside a progress stream.
public struct ProgressErrorDetail: Codable, Sendable, Hashable {
    /// `code`.
    public var code: Int?
    /// `message`.
    public var message: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case code = "code"
        case message = "message"
    }
}

/// One event of `GET /events`.
public struct EngineEvent: Codable, Sendable, Hashable {
    /// `container`, `image`, `network`, `volume`, …
    public var type: String?
    /// `start`, `die`, `health_status: healthy`, `exec_start: sh -c …`, …
    public var action: String?
    /// `Actor`.
    public var actor: EventActor?
    /// `scope`.
    public var scope: String?
    /// `time`.
    public var time: Int64?
    /// `timeNano`.
    public var timeNano: Int64?
    /// `status`.
    public var status: String?
    /// `id`.
    public var id: String?
    /// `from`.
    public var from: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case action = "Action"
        case actor = "Actor"
        case scope = "scope"
        case time = "time"
        case timeNano = "timeNano"
        case status = "status"
        case id = "id"
        case from = "from"
    }
}

/// The object an event is about, with its attributes (labels, name, exit code…).
public struct EventActor: Codable, Sendable, Hashable {
    /// `ID`.
    public var id: String?
    /// `Attributes`.
    public var attributes: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case attributes = "Attributes"
    }
}

/// `POST /containers/{id}/exec`.
public struct ExecCreateRequest: Codable, Sendable, Hashable {
    /// `AttachStdin`.
    public var attachStdin: Bool?
    /// `AttachStdout`.
    public var attachStdout: Bool?
    /// `AttachStderr`.
    public var attachStderr: Bool?
    /// `DetachKeys`.
    public var detachKeys: String?
    /// `Tty`.
    public var tty: Bool?
    /// `Env`.
    public var env: [String]?
    /// `Cmd`.
    public var cmd: [String]?
    /// `Privileged`.
    public var privileged: Bool?
    /// `User`.
    public var user: String?
    /// `WorkingDir`.
    public var workingDir: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case detachKeys = "DetachKeys"
        case tty = "Tty"
        case env = "Env"
        case cmd = "Cmd"
        case privileged = "Privileged"
        case user = "User"
        case workingDir = "WorkingDir"
    }
}

/// `GET /exec/{id}/json`.
public struct ExecInspect: Codable, Sendable, Hashable {
    /// `ID`.
    public var id: String?
    /// `Running`.
    public var running: Bool?
    /// `ExitCode`.
    public var exitCode: Int?
    /// `OpenStdin`.
    public var openStdin: Bool?
    /// `OpenStderr`.
    public var openStderr: Bool?
    /// `OpenStdout`.
    public var openStdout: Bool?
    /// `ContainerID`.
    public var containerID: String?
    /// `Pid`.
    public var pid: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "ID"
        case running = "Running"
        case exitCode = "ExitCode"
        case openStdin = "OpenStdin"
        case openStderr = "OpenStderr"
        case openStdout = "OpenStdout"
        case containerID = "ContainerID"
        case pid = "Pid"
    }
}

/// `GET /containers/{id}/stats?stream=false` (keys are snake_case here).
public struct ContainerStats: Codable, Sendable, Hashable {
    /// `read`.
    public var read: String?
    /// `preread`.
    public var preread: String?
    /// `name`.
    public var name: String?
    /// `id`.
    public var id: String?
    /// `pids_stats`.
    public var pidsStats: PidsStats?
    /// `cpu_stats`.
    public var cpuStats: CPUStats?
    /// `precpu_stats`.
    public var precpuStats: CPUStats?
    /// `memory_stats`.
    public var memoryStats: MemoryStats?
    /// `networks`.
    public var networks: [String: NetworkStats]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case read = "read"
        case preread = "preread"
        case name = "name"
        case id = "id"
        case pidsStats = "pids_stats"
        case cpuStats = "cpu_stats"
        case precpuStats = "precpu_stats"
        case memoryStats = "memory_stats"
        case networks = "networks"
    }
}

/// Process counts.
public struct PidsStats: Codable, Sendable, Hashable {
    /// `current`.
    public var current: UInt64?
    /// `limit`.
    public var limit: UInt64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case current = "current"
        case limit = "limit"
    }
}

/// CPU usage counters.
public struct CPUStats: Codable, Sendable, Hashable {
    /// `cpu_usage`.
    public var cpuUsage: CPUUsage?
    /// `system_cpu_usage`.
    public var systemCPUUsage: UInt64?
    /// `online_cpus`.
    public var onlineCPUs: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case cpuUsage = "cpu_usage"
        case systemCPUUsage = "system_cpu_usage"
        case onlineCPUs = "online_cpus"
    }
}

/// CPU time, nanoseconds.
public struct CPUUsage: Codable, Sendable, Hashable {
    /// `total_usage`.
    public var totalUsage: UInt64?
    /// `percpu_usage`.
    public var percpuUsage: [UInt64]?
    /// `usage_in_kernelmode`.
    public var usageInKernelmode: UInt64?
    /// `usage_in_usermode`.
    public var usageInUsermode: UInt64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case totalUsage = "total_usage"
        case percpuUsage = "percpu_usage"
        case usageInKernelmode = "usage_in_kernelmode"
        case usageInUsermode = "usage_in_usermode"
    }
}

/// Memory usage, bytes.
public struct MemoryStats: Codable, Sendable, Hashable {
    /// `usage`.
    public var usage: UInt64?
    /// `max_usage`.
    public var maxUsage: UInt64?
    /// `limit`.
    public var limit: UInt64?
    /// `stats`.
    public var stats: [String: UInt64]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case usage = "usage"
        case maxUsage = "max_usage"
        case limit = "limit"
        case stats = "stats"
    }
}

/// Traffic of one interface.
public struct NetworkStats: Codable, Sendable, Hashable {
    /// `rx_bytes`.
    public var rxBytes: UInt64?
    /// `rx_packets`.
    public var rxPackets: UInt64?
    /// `tx_bytes`.
    public var txBytes: UInt64?
    /// `tx_packets`.
    public var txPackets: UInt64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rxBytes = "rx_bytes"
        case rxPackets = "rx_packets"
        case txBytes = "tx_bytes"
        case txPackets = "tx_packets"
    }
}

/// `GET /version`.
public struct SystemVersion: Codable, Sendable, Hashable {
    /// `Version`.
    public var version: String?
    /// `ApiVersion`.
    public var apiVersion: String?
    /// `MinAPIVersion`.
    public var minAPIVersion: String?
    /// `Os`.
    public var os: String?
    /// `Arch`.
    public var arch: String?
    /// `KernelVersion`.
    public var kernelVersion: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case version = "Version"
        case apiVersion = "ApiVersion"
        case minAPIVersion = "MinAPIVersion"
        case os = "Os"
        case arch = "Arch"
        case kernelVersion = "KernelVersion"
    }
}

