// Generated from a field list; Docker Engine API 1.41–1.47 names.

/// The container's own configuration (`Config` in create and inspect).
public struct ContainerConfig: Codable, Sendable, Hashable {
    /// `Hostname`.
    public var hostname: String?
    /// `Domainname`.
    public var domainname: String?
    /// `User`.
    public var user: String?
    /// `AttachStdin`.
    public var attachStdin: Bool?
    /// `AttachStdout`.
    public var attachStdout: Bool?
    /// `AttachStderr`.
    public var attachStderr: Bool?
    /// Ports the image or container exposes, as `80/tcp` keys.
    public var exposedPorts: [String: EmptyObject]?
    /// `Tty`.
    public var tty: Bool?
    /// `OpenStdin`.
    public var openStdin: Bool?
    /// `StdinOnce`.
    public var stdinOnce: Bool?
    /// `NAME=value` entries.
    public var env: [String]?
    /// `Cmd`.
    public var cmd: [String]?
    /// `Healthcheck`.
    public var healthcheck: HealthConfig?
    /// `ArgsEscaped`.
    public var argsEscaped: Bool?
    /// `Image`.
    public var image: String?
    /// Anonymous volume mount points.
    public var volumes: [String: EmptyObject]?
    /// `WorkingDir`.
    public var workingDir: String?
    /// `Entrypoint`.
    public var entrypoint: [String]?
    /// `NetworkDisabled`.
    public var networkDisabled: Bool?
    /// `MacAddress`.
    public var macAddress: String?
    /// `OnBuild`.
    public var onBuild: [String]?
    /// `Labels`.
    public var labels: [String: String]?
    /// `StopSignal`.
    public var stopSignal: String?
    /// Seconds to wait after the stop signal before SIGKILL.
    public var stopTimeout: Int?
    /// `Shell`.
    public var shell: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case hostname = "Hostname"
        case domainname = "Domainname"
        case user = "User"
        case attachStdin = "AttachStdin"
        case attachStdout = "AttachStdout"
        case attachStderr = "AttachStderr"
        case exposedPorts = "ExposedPorts"
        case tty = "Tty"
        case openStdin = "OpenStdin"
        case stdinOnce = "StdinOnce"
        case env = "Env"
        case cmd = "Cmd"
        case healthcheck = "Healthcheck"
        case argsEscaped = "ArgsEscaped"
        case image = "Image"
        case volumes = "Volumes"
        case workingDir = "WorkingDir"
        case entrypoint = "Entrypoint"
        case networkDisabled = "NetworkDisabled"
        case macAddress = "MacAddress"
        case onBuild = "OnBuild"
        case labels = "Labels"
        case stopSignal = "StopSignal"
        case stopTimeout = "StopTimeout"
        case shell = "Shell"
    }
}

/// A healthcheck. Durations are nanoseconds; `Test` is `[\"NONE\"]`, `[\"CMD\", …]` or `[\"CMD-SHELL\", cmd]`.
public struct HealthConfig: Codable, Sendable, Hashable {
    /// `Test`.
    public var test: [String]?
    /// `Interval`.
    public var interval: Int64?
    /// `Timeout`.
    public var timeout: Int64?
    /// `Retries`.
    public var retries: Int?
    /// `StartPeriod`.
    public var startPeriod: Int64?
    /// API 1.44 and newer.
    public var startInterval: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case test = "Test"
        case interval = "Interval"
        case timeout = "Timeout"
        case retries = "Retries"
        case startPeriod = "StartPeriod"
        case startInterval = "StartInterval"
    }
}

/// How the host runs the container: mounts, ports, resources, security, networking mode.
public struct HostConfig: Codable, Sendable, Hashable {
    /// `source:target[:options]` bind and volume mounts.
    public var binds: [String]?
    /// `ContainerIDFile`.
    public var containerIDFile: String?
    /// `LogConfig`.
    public var logConfig: LogConfig?
    /// `bridge`, `host`, `none`, `container:<id>` or a network name.
    public var networkMode: String?
    /// Keyed by `port/proto`.
    public var portBindings: [String: [PortBinding]]?
    /// `RestartPolicy`.
    public var restartPolicy: RestartPolicy?
    /// `AutoRemove`.
    public var autoRemove: Bool?
    /// `VolumeDriver`.
    public var volumeDriver: String?
    /// `VolumesFrom`.
    public var volumesFrom: [String]?
    /// `Mounts`.
    public var mounts: [Mount]?
    /// `ConsoleSize`.
    public var consoleSize: [Int]?
    /// `Annotations`.
    public var annotations: [String: String]?
    /// `CapAdd`.
    public var capAdd: [String]?
    /// `CapDrop`.
    public var capDrop: [String]?
    /// `CgroupnsMode`.
    public var cgroupnsMode: String?
    /// `Dns`.
    public var dns: [String]?
    /// `DnsOptions`.
    public var dnsOptions: [String]?
    /// `DnsSearch`.
    public var dnsSearch: [String]?
    /// `host:ip` entries.
    public var extraHosts: [String]?
    /// `GroupAdd`.
    public var groupAdd: [String]?
    /// `IpcMode`.
    public var ipcMode: String?
    /// `Cgroup`.
    public var cgroup: String?
    /// `Links`.
    public var links: [String]?
    /// `OomScoreAdj`.
    public var oomScoreAdj: Int?
    /// `PidMode`.
    public var pidMode: String?
    /// `Privileged`.
    public var privileged: Bool?
    /// `PublishAllPorts`.
    public var publishAllPorts: Bool?
    /// `ReadonlyRootfs`.
    public var readonlyRootfs: Bool?
    /// `SecurityOpt`.
    public var securityOpt: [String]?
    /// `StorageOpt`.
    public var storageOpt: [String: String]?
    /// Mount point to options.
    public var tmpfs: [String: String]?
    /// `UTSMode`.
    public var utsMode: String?
    /// `UsernsMode`.
    public var usernsMode: String?
    /// Bytes.
    public var shmSize: Int64?
    /// `Sysctls`.
    public var sysctls: [String: String]?
    /// `Runtime`.
    public var runtime: String?
    /// `Isolation`.
    public var isolation: String?
    /// `MaskedPaths`.
    public var maskedPaths: [String]?
    /// `ReadonlyPaths`.
    public var readonlyPaths: [String]?
    /// Run an init process (tini) as PID 1.
    public var initProcess: Bool?
    /// `CpuShares`.
    public var cpuShares: Int?
    /// Bytes.
    public var memory: Int64?
    /// CPUs × 10⁹.
    public var nanoCpus: Int64?
    /// `CgroupParent`.
    public var cgroupParent: String?
    /// `BlkioWeight`.
    public var blkioWeight: Int?
    /// `CpuPeriod`.
    public var cpuPeriod: Int64?
    /// `CpuQuota`.
    public var cpuQuota: Int64?
    /// `CpuRealtimePeriod`.
    public var cpuRealtimePeriod: Int64?
    /// `CpuRealtimeRuntime`.
    public var cpuRealtimeRuntime: Int64?
    /// `CpusetCpus`.
    public var cpusetCpus: String?
    /// `CpusetMems`.
    public var cpusetMems: String?
    /// `Devices`.
    public var devices: [DeviceMapping]?
    /// `DeviceCgroupRules`.
    public var deviceCgroupRules: [String]?
    /// `DeviceRequests`.
    public var deviceRequests: [DeviceRequest]?
    /// `MemoryReservation`.
    public var memoryReservation: Int64?
    /// `MemorySwap`.
    public var memorySwap: Int64?
    /// `MemorySwappiness`.
    public var memorySwappiness: Int64?
    /// `OomKillDisable`.
    public var oomKillDisable: Bool?
    /// `PidsLimit`.
    public var pidsLimit: Int64?
    /// `Ulimits`.
    public var ulimits: [Ulimit]?
    /// `CpuCount`.
    public var cpuCount: Int64?
    /// `CpuPercent`.
    public var cpuPercent: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case binds = "Binds"
        case containerIDFile = "ContainerIDFile"
        case logConfig = "LogConfig"
        case networkMode = "NetworkMode"
        case portBindings = "PortBindings"
        case restartPolicy = "RestartPolicy"
        case autoRemove = "AutoRemove"
        case volumeDriver = "VolumeDriver"
        case volumesFrom = "VolumesFrom"
        case mounts = "Mounts"
        case consoleSize = "ConsoleSize"
        case annotations = "Annotations"
        case capAdd = "CapAdd"
        case capDrop = "CapDrop"
        case cgroupnsMode = "CgroupnsMode"
        case dns = "Dns"
        case dnsOptions = "DnsOptions"
        case dnsSearch = "DnsSearch"
        case extraHosts = "ExtraHosts"
        case groupAdd = "GroupAdd"
        case ipcMode = "IpcMode"
        case cgroup = "Cgroup"
        case links = "Links"
        case oomScoreAdj = "OomScoreAdj"
        case pidMode = "PidMode"
        case privileged = "Privileged"
        case publishAllPorts = "PublishAllPorts"
        case readonlyRootfs = "ReadonlyRootfs"
        case securityOpt = "SecurityOpt"
        case storageOpt = "StorageOpt"
        case tmpfs = "Tmpfs"
        case utsMode = "UTSMode"
        case usernsMode = "UsernsMode"
        case shmSize = "ShmSize"
        case sysctls = "Sysctls"
        case runtime = "Runtime"
        case isolation = "Isolation"
        case maskedPaths = "MaskedPaths"
        case readonlyPaths = "ReadonlyPaths"
        case initProcess = "Init"
        case cpuShares = "CpuShares"
        case memory = "Memory"
        case nanoCpus = "NanoCpus"
        case cgroupParent = "CgroupParent"
        case blkioWeight = "BlkioWeight"
        case cpuPeriod = "CpuPeriod"
        case cpuQuota = "CpuQuota"
        case cpuRealtimePeriod = "CpuRealtimePeriod"
        case cpuRealtimeRuntime = "CpuRealtimeRuntime"
        case cpusetCpus = "CpusetCpus"
        case cpusetMems = "CpusetMems"
        case devices = "Devices"
        case deviceCgroupRules = "DeviceCgroupRules"
        case deviceRequests = "DeviceRequests"
        case memoryReservation = "MemoryReservation"
        case memorySwap = "MemorySwap"
        case memorySwappiness = "MemorySwappiness"
        case oomKillDisable = "OomKillDisable"
        case pidsLimit = "PidsLimit"
        case ulimits = "Ulimits"
        case cpuCount = "CpuCount"
        case cpuPercent = "CpuPercent"
    }
}

/// A logging driver and its options.
public struct LogConfig: Codable, Sendable, Hashable {
    /// `Type`.
    public var type: String?
    /// `Config`.
    public var config: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case config = "Config"
    }
}

/// A host address and port for a container port.
public struct PortBinding: Codable, Sendable, Hashable {
    /// `HostIp`.
    public var hostIp: String?
    /// `HostPort`.
    public var hostPort: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case hostIp = "HostIp"
        case hostPort = "HostPort"
    }
}

/// `no`, `always`, `unless-stopped` or `on-failure` with a retry limit.
public struct RestartPolicy: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `MaximumRetryCount`.
    public var maximumRetryCount: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case maximumRetryCount = "MaximumRetryCount"
    }
}

/// A mount in `HostConfig.Mounts`.
public struct Mount: Codable, Sendable, Hashable {
    /// `Target`.
    public var target: String?
    /// `Source`.
    public var source: String?
    /// `bind`, `volume`, `tmpfs`, `npipe`.
    public var type: String?
    /// `ReadOnly`.
    public var readOnly: Bool?
    /// `Consistency`.
    public var consistency: String?
    /// `BindOptions`.
    public var bindOptions: BindOptions?
    /// `VolumeOptions`.
    public var volumeOptions: VolumeOptions?
    /// `TmpfsOptions`.
    public var tmpfsOptions: TmpfsOptions?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case target = "Target"
        case source = "Source"
        case type = "Type"
        case readOnly = "ReadOnly"
        case consistency = "Consistency"
        case bindOptions = "BindOptions"
        case volumeOptions = "VolumeOptions"
        case tmpfsOptions = "TmpfsOptions"
    }
}

/// Options of a bind mount.
public struct BindOptions: Codable, Sendable, Hashable {
    /// `Propagation`.
    public var propagation: String?
    /// `NonRecursive`.
    public var nonRecursive: Bool?
    /// API 1.42 and newer.
    public var createMountpoint: Bool?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case propagation = "Propagation"
        case nonRecursive = "NonRecursive"
        case createMountpoint = "CreateMountpoint"
    }
}

/// Options of a volume mount.
public struct VolumeOptions: Codable, Sendable, Hashable {
    /// `NoCopy`.
    public var noCopy: Bool?
    /// `Labels`.
    public var labels: [String: String]?
    /// `DriverConfig`.
    public var driverConfig: VolumeDriverConfig?
    /// API 1.45 and newer.
    public var subpath: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case noCopy = "NoCopy"
        case labels = "Labels"
        case driverConfig = "DriverConfig"
        case subpath = "Subpath"
    }
}

/// A volume driver and its options.
public struct VolumeDriverConfig: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `Options`.
    public var options: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case options = "Options"
    }
}

/// Options of a tmpfs mount.
public struct TmpfsOptions: Codable, Sendable, Hashable {
    /// `SizeBytes`.
    public var sizeBytes: Int64?
    /// `Mode`.
    public var mode: Int?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case sizeBytes = "SizeBytes"
        case mode = "Mode"
    }
}

/// A host device made available in the container.
public struct DeviceMapping: Codable, Sendable, Hashable {
    /// `PathOnHost`.
    public var pathOnHost: String?
    /// `PathInContainer`.
    public var pathInContainer: String?
    /// `CgroupPermissions`.
    public var cgroupPermissions: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case pathOnHost = "PathOnHost"
        case pathInContainer = "PathInContainer"
        case cgroupPermissions = "CgroupPermissions"
    }
}

/// A request for devices from a driver (GPUs).
public struct DeviceRequest: Codable, Sendable, Hashable {
    /// `Driver`.
    public var driver: String?
    /// `Count`.
    public var count: Int?
    /// `DeviceIDs`.
    public var deviceIDs: [String]?
    /// `Capabilities`.
    public var capabilities: [[String]]?
    /// `Options`.
    public var options: [String: String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case driver = "Driver"
        case count = "Count"
        case deviceIDs = "DeviceIDs"
        case capabilities = "Capabilities"
        case options = "Options"
    }
}

/// A resource limit.
public struct Ulimit: Codable, Sendable, Hashable {
    /// `Name`.
    public var name: String?
    /// `Soft`.
    public var soft: Int64?
    /// `Hard`.
    public var hard: Int64?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case soft = "Soft"
        case hard = "Hard"
    }
}

/// Networks to connect at create time, keyed by network name.
public struct NetworkingConfig: Codable, Sendable, Hashable {
    /// `EndpointsConfig`.
    public var endpointsConfig: [String: EndpointSettings]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case endpointsConfig = "EndpointsConfig"
    }
}

/// A container's endpoint on one network (create, connect and inspect).
public struct EndpointSettings: Codable, Sendable, Hashable {
    /// `IPAMConfig`.
    public var ipamConfig: EndpointIPAMConfig?
    /// `Links`.
    public var links: [String]?
    /// `Aliases`.
    public var aliases: [String]?
    /// `MacAddress`.
    public var macAddress: String?
    /// `DriverOpts`.
    public var driverOpts: [String: String]?
    /// `NetworkID`.
    public var networkID: String?
    /// `EndpointID`.
    public var endpointID: String?
    /// `Gateway`.
    public var gateway: String?
    /// `IPAddress`.
    public var ipAddress: String?
    /// `IPPrefixLen`.
    public var ipPrefixLen: Int?
    /// `IPv6Gateway`.
    public var ipv6Gateway: String?
    /// `GlobalIPv6Address`.
    public var globalIPv6Address: String?
    /// `GlobalIPv6PrefixLen`.
    public var globalIPv6PrefixLen: Int?
    /// API 1.44 and newer.
    public var dnsNames: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ipamConfig = "IPAMConfig"
        case links = "Links"
        case aliases = "Aliases"
        case macAddress = "MacAddress"
        case driverOpts = "DriverOpts"
        case networkID = "NetworkID"
        case endpointID = "EndpointID"
        case gateway = "Gateway"
        case ipAddress = "IPAddress"
        case ipPrefixLen = "IPPrefixLen"
        case ipv6Gateway = "IPv6Gateway"
        case globalIPv6Address = "GlobalIPv6Address"
        case globalIPv6PrefixLen = "GlobalIPv6PrefixLen"
        case dnsNames = "DNSNames"
    }
}

/// Static addresses for an endpoint.
public struct EndpointIPAMConfig: Codable, Sendable, Hashable {
    /// `IPv4Address`.
    public var ipv4Address: String?
    /// `IPv6Address`.
    public var ipv6Address: String?
    /// `LinkLocalIPs`.
    public var linkLocalIPs: [String]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ipv4Address = "IPv4Address"
        case ipv6Address = "IPv6Address"
        case linkLocalIPs = "LinkLocalIPs"
    }
}

/// `GET /containers/{id}/json`.
public struct ContainerInspect: Codable, Sendable, Hashable {
    /// `Id`.
    public var id: String?
    /// `Created`.
    public var created: String?
    /// `Path`.
    public var path: String?
    /// `Args`.
    public var args: [String]?
    /// `State`.
    public var state: ContainerState?
    /// The image ID.
    public var image: String?
    /// `ResolvConfPath`.
    public var resolvConfPath: String?
    /// `HostnamePath`.
    public var hostnamePath: String?
    /// `HostsPath`.
    public var hostsPath: String?
    /// `LogPath`.
    public var logPath: String?
    /// With a leading `/`.
    public var name: String?
    /// `RestartCount`.
    public var restartCount: Int?
    /// `Driver`.
    public var driver: String?
    /// `Platform`.
    public var platform: String?
    /// `MountLabel`.
    public var mountLabel: String?
    /// `ProcessLabel`.
    public var processLabel: String?
    /// `AppArmorProfile`.
    public var appArmorProfile: String?
    /// `ExecIDs`.
    public var execIDs: [String]?
    /// `HostConfig`.
    public var hostConfig: HostConfig?
    /// `Mounts`.
    public var mounts: [MountPoint]?
    /// `Config`.
    public var config: ContainerConfig?
    /// `NetworkSettings`.
    public var networkSettings: NetworkSettings?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case created = "Created"
        case path = "Path"
        case args = "Args"
        case state = "State"
        case image = "Image"
        case resolvConfPath = "ResolvConfPath"
        case hostnamePath = "HostnamePath"
        case hostsPath = "HostsPath"
        case logPath = "LogPath"
        case name = "Name"
        case restartCount = "RestartCount"
        case driver = "Driver"
        case platform = "Platform"
        case mountLabel = "MountLabel"
        case processLabel = "ProcessLabel"
        case appArmorProfile = "AppArmorProfile"
        case execIDs = "ExecIDs"
        case hostConfig = "HostConfig"
        case mounts = "Mounts"
        case config = "Config"
        case networkSettings = "NetworkSettings"
    }
}

/// The run state of a container.
public struct ContainerState: Codable, Sendable, Hashable {
    /// `created`, `running`, `paused`, `restarting`, `removing`, `exited`, `dead`.
    public var status: String?
    /// `Running`.
    public var running: Bool?
    /// `Paused`.
    public var paused: Bool?
    /// `Restarting`.
    public var restarting: Bool?
    /// `OOMKilled`.
    public var oomKilled: Bool?
    /// `Dead`.
    public var dead: Bool?
    /// `Pid`.
    public var pid: Int?
    /// `ExitCode`.
    public var exitCode: Int?
    /// `Error`.
    public var error: String?
    /// `StartedAt`.
    public var startedAt: String?
    /// `FinishedAt`.
    public var finishedAt: String?
    /// `Health`.
    public var health: HealthState?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case status = "Status"
        case running = "Running"
        case paused = "Paused"
        case restarting = "Restarting"
        case oomKilled = "OOMKilled"
        case dead = "Dead"
        case pid = "Pid"
        case exitCode = "ExitCode"
        case error = "Error"
        case startedAt = "StartedAt"
        case finishedAt = "FinishedAt"
        case health = "Health"
    }
}

/// Healthcheck results.
public struct HealthState: Codable, Sendable, Hashable {
    /// `starting`, `healthy`, `unhealthy`, `none`.
    public var status: String?
    /// `FailingStreak`.
    public var failingStreak: Int?
    /// `Log`.
    public var log: [HealthLogEntry]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case status = "Status"
        case failingStreak = "FailingStreak"
        case log = "Log"
    }
}

/// One healthcheck run.
public struct HealthLogEntry: Codable, Sendable, Hashable {
    /// `Start`.
    public var start: String?
    /// `End`.
    public var end: String?
    /// `ExitCode`.
    public var exitCode: Int?
    /// `Output`.
    public var output: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case start = "Start"
        case end = "End"
        case exitCode = "ExitCode"
        case output = "Output"
    }
}

/// A mount as inspect reports it.
public struct MountPoint: Codable, Sendable, Hashable {
    /// `Type`.
    public var type: String?
    /// `Name`.
    public var name: String?
    /// `Source`.
    public var source: String?
    /// `Destination`.
    public var destination: String?
    /// `Driver`.
    public var driver: String?
    /// `Mode`.
    public var mode: String?
    /// `RW`.
    public var rw: Bool?
    /// `Propagation`.
    public var propagation: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case name = "Name"
        case source = "Source"
        case destination = "Destination"
        case driver = "Driver"
        case mode = "Mode"
        case rw = "RW"
        case propagation = "Propagation"
    }
}

/// A container's networks and published ports.
public struct NetworkSettings: Codable, Sendable, Hashable {
    /// `Bridge`.
    public var bridge: String?
    /// `SandboxID`.
    public var sandboxID: String?
    /// `SandboxKey`.
    public var sandboxKey: String?
    /// `port/proto` to bindings (null when not published).
    public var ports: [String: [PortBinding]?]?
    /// `IPAddress`.
    public var ipAddress: String?
    /// `Gateway`.
    public var gateway: String?
    /// `MacAddress`.
    public var macAddress: String?
    /// `Networks`.
    public var networks: [String: EndpointSettings]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case bridge = "Bridge"
        case sandboxID = "SandboxID"
        case sandboxKey = "SandboxKey"
        case ports = "Ports"
        case ipAddress = "IPAddress"
        case gateway = "Gateway"
        case macAddress = "MacAddress"
        case networks = "Networks"
    }
}

/// One entry of `GET /containers/json`.
public struct ContainerSummary: Codable, Sendable, Hashable {
    /// `Id`.
    public var id: String?
    /// With a leading `/`.
    public var names: [String]?
    /// `Image`.
    public var image: String?
    /// `ImageID`.
    public var imageID: String?
    /// `Command`.
    public var command: String?
    /// Unix seconds.
    public var created: Int64?
    /// `Ports`.
    public var ports: [PortSummary]?
    /// `SizeRw`.
    public var sizeRw: Int64?
    /// `SizeRootFs`.
    public var sizeRootFs: Int64?
    /// `Labels`.
    public var labels: [String: String]?
    /// `State`.
    public var state: String?
    /// `Status`.
    public var status: String?
    /// `HostConfig`.
    public var hostConfig: SummaryHostConfig?
    /// `NetworkSettings`.
    public var networkSettings: SummaryNetworkSettings?
    /// `Mounts`.
    public var mounts: [MountPoint]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case names = "Names"
        case image = "Image"
        case imageID = "ImageID"
        case command = "Command"
        case created = "Created"
        case ports = "Ports"
        case sizeRw = "SizeRw"
        case sizeRootFs = "SizeRootFs"
        case labels = "Labels"
        case state = "State"
        case status = "Status"
        case hostConfig = "HostConfig"
        case networkSettings = "NetworkSettings"
        case mounts = "Mounts"
    }
}

/// The network mode in a container summary.
public struct SummaryHostConfig: Codable, Sendable, Hashable {
    /// `NetworkMode`.
    public var networkMode: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case networkMode = "NetworkMode"
    }
}

/// The networks in a container summary.
public struct SummaryNetworkSettings: Codable, Sendable, Hashable {
    /// `Networks`.
    public var networks: [String: EndpointSettings]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case networks = "Networks"
    }
}

/// A port in a container summary.
public struct PortSummary: Codable, Sendable, Hashable {
    /// `IP`.
    public var ip: String?
    /// `PrivatePort`.
    public var privatePort: Int?
    /// `PublicPort`.
    public var publicPort: Int?
    /// `Type`.
    public var type: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ip = "IP"
        case privatePort = "PrivatePort"
        case publicPort = "PublicPort"
        case type = "Type"
    }
}

/// `POST /containers/{id}/wait`.
public struct ContainerWaitResponse: Codable, Sendable, Hashable {
    /// `StatusCode`.
    public var statusCode: Int?
    /// `Error`.
    public var error: WaitError?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode"
        case error = "Error"
    }
}

/// Why waiting failed.
public struct WaitError: Codable, Sendable, Hashable {
    /// `Message`.
    public var message: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case message = "Message"
    }
}

/// `GET /containers/{id}/top`: `ps` output.
public struct ContainerTop: Codable, Sendable, Hashable {
    /// `Titles`.
    public var titles: [String]?
    /// `Processes`.
    public var processes: [[String]]?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case titles = "Titles"
        case processes = "Processes"
    }
}

/// The ID (and warnings) of something just created.
public struct CreateResponse: Codable, Sendable, Hashable {
    /// `Id`.
    public var id: String?
    /// `Warnings`.
    public var warnings: [String]?
    /// `Warning`.
    public var warning: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case warnings = "Warnings"
        case warning = "Warning"
    }
}

