// Written from a field table (one line per key); keep the pattern when adding keys.

/// A whole Compose project after loading: what `config --format json` prints.
public struct Project: Sendable, Hashable, Codable {
    /// Project name.
    public var name: String
    /// Services by name.
    public var services: [String: Service]
    /// `networks`
    public var networks: [String: NetworkConfig]
    /// `volumes`
    public var volumes: [String: VolumeConfig]
    /// `secrets`
    public var secrets: [String: SecretConfig]
    /// `configs`
    public var configs: [String: ConfigObjConfig]
    /// `models`
    public var models: [String: ModelConfig]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String = "",
        services: [String: Service] = [:],
        networks: [String: NetworkConfig] = [:],
        volumes: [String: VolumeConfig] = [:],
        secrets: [String: SecretConfig] = [:],
        configs: [String: ConfigObjConfig] = [:],
        models: [String: ModelConfig] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.services = services
        self.networks = networks
        self.volumes = volumes
        self.secrets = secrets
        self.configs = configs
        self.models = models
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case services
        case networks
        case volumes
        case secrets
        case configs
        case models
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.name, forKey: .name)
        try c.encode(self.services, forKey: .services)
        if !self.networks.isEmpty { try c.encode(self.networks, forKey: .networks) }
        if !self.volumes.isEmpty { try c.encode(self.volumes, forKey: .volumes) }
        if !self.secrets.isEmpty { try c.encode(self.secrets, forKey: .secrets) }
        if !self.configs.isEmpty { try c.encode(self.configs, forKey: .configs) }
        if !self.models.isEmpty { try c.encode(self.models, forKey: .models) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        self.services = try c.decodeIfPresent([String: Service].self, forKey: .services) ?? [:]
        self.networks = try c.decodeIfPresent([String: NetworkConfig].self, forKey: .networks) ?? [:]
        self.volumes = try c.decodeIfPresent([String: VolumeConfig].self, forKey: .volumes) ?? [:]
        self.secrets = try c.decodeIfPresent([String: SecretConfig].self, forKey: .secrets) ?? [:]
        self.configs = try c.decodeIfPresent([String: ConfigObjConfig].self, forKey: .configs) ?? [:]
        self.models = try c.decodeIfPresent([String: ModelConfig].self, forKey: .models) ?? [:]
        extensions = try decodeExtensions(from: decoder)
        for key in services.keys { services[key]?.name = key }
    }
}

/// One service, in long syntax.
public struct Service: Sendable, Hashable, Codable {
    /// The service's key in `services`; not part of the encoding (the key is).
    public var name: String
    /// `annotations`
    public var annotations: [String: String]
    /// `attach`
    public var attach: Bool?
    /// `blkio_config`
    public var blkioConfig: BlkioConfig?
    /// `build`
    public var build: BuildConfig?
    /// `cap_add`
    public var capAdd: [String]
    /// `cap_drop`
    public var capDrop: [String]
    /// `cgroup`
    public var cgroup: String?
    /// `cgroup_parent`
    public var cgroupParent: String?
    /// `nil` = the image's default; `[]` = explicitly empty.
    public var command: [String]?
    /// `configs`
    public var configs: [FileReference]
    /// `container_name`
    public var containerName: String?
    /// `cpu_count`
    public var cpuCount: Int64?
    /// `cpu_percent`
    public var cpuPercent: Double?
    /// `cpu_period`
    public var cpuPeriod: Int64?
    /// `cpu_quota`
    public var cpuQuota: Int64?
    /// `cpu_rt_period`
    public var cpuRtPeriod: Int64?
    /// `cpu_rt_runtime`
    public var cpuRtRuntime: Int64?
    /// `cpu_shares`
    public var cpuShares: Int64?
    /// `cpus`
    public var cpus: Double?
    /// `cpuset`
    public var cpuset: String?
    /// `credential_spec`
    public var credentialSpec: CredentialSpecConfig?
    /// `depends_on`, always as a map.
    public var dependsOn: [String: ServiceDependency]
    /// `deploy`
    public var deploy: DeployConfig?
    /// `develop`
    public var develop: DevelopConfig?
    /// `device_cgroup_rules`
    public var deviceCgroupRules: [String]
    /// `devices`
    public var devices: [DeviceMapping]
    /// `dns`
    public var dns: [String]
    /// `dns_opt`
    public var dnsOpt: [String]
    /// `dns_search`
    public var dnsSearch: [String]
    /// `domainname`
    public var domainname: String?
    /// `nil` = the image's default; `[]` = explicitly empty.
    public var entrypoint: [String]?
    /// `env_file`
    public var envFile: [EnvFileConfig]
    /// `nil` value: declared but unset (passed as unset to the container).
    public var environment: [String: String?]
    /// `expose`
    public var expose: [String]
    /// `extends`
    public var extends: ExtendsConfig?
    /// `external_links`
    public var externalLinks: [String]
    /// `extra_hosts`: host → addresses.
    public var extraHosts: ExtraHosts
    /// `gpus`
    public var gpus: [DeviceRequest]
    /// `group_add`
    public var groupAdd: [String]
    /// `healthcheck`
    public var healthcheck: HealthCheckConfig?
    /// `hostname`
    public var hostname: String?
    /// `image`
    public var image: String?
    /// `init`.
    public var initProcess: Bool?
    /// `ipc`
    public var ipc: String?
    /// `isolation`
    public var isolation: String?
    /// `label_file`
    public var labelFile: [String]
    /// `labels`
    public var labels: [String: String]
    /// `links`
    public var links: [String]
    /// `logging`
    public var logging: LoggingConfig?
    /// `mac_address`
    public var macAddress: String?
    /// `mem_limit`, bytes.
    public var memLimit: Int64?
    /// `mem_reservation`, bytes.
    public var memReservation: Int64?
    /// `mem_swappiness`
    public var memSwappiness: Int64?
    /// `memswap_limit`, bytes (-1 = unlimited).
    public var memswapLimit: Int64?
    /// `models`
    public var models: [String: ServiceModelConfig?]
    /// `network_mode`
    public var networkMode: String?
    /// `networks`: name → options (`nil` when none).
    public var networks: [String: ServiceNetworkConfig?]
    /// `oom_kill_disable`
    public var oomKillDisable: Bool
    /// `oom_score_adj`
    public var oomScoreAdj: Int64?
    /// `pid`
    public var pid: String?
    /// `pids_limit`
    public var pidsLimit: Int64?
    /// `platform`
    public var platform: String?
    /// `ports`
    public var ports: [ServicePortConfig]
    /// `post_start`
    public var postStart: [ServiceHook]
    /// `pre_stop`
    public var preStop: [ServiceHook]
    /// `privileged`
    public var privileged: Bool
    /// `profiles`
    public var profiles: [String]
    /// `provider`
    public var provider: ServiceProviderConfig?
    /// `pull_policy`
    public var pullPolicy: String?
    /// `pull_refresh_after`
    public var pullRefreshAfter: String?
    /// `read_only`
    public var readOnly: Bool
    /// `restart`
    public var restart: String?
    /// `runtime`
    public var runtime: String?
    /// `scale`
    public var scale: Int?
    /// `secrets`
    public var secrets: [FileReference]
    /// `security_opt`
    public var securityOpt: [String]
    /// `shm_size`, bytes.
    public var shmSize: Int64?
    /// `stdin_open`
    public var stdinOpen: Bool
    /// `stop_grace_period`
    public var stopGracePeriod: ComposeDuration?
    /// `stop_signal`
    public var stopSignal: String?
    /// `storage_opt`
    public var storageOpt: [String: String]
    /// `sysctls`
    public var sysctls: [String: String]
    /// `tmpfs`
    public var tmpfs: [String]
    /// `tty`
    public var tty: Bool
    /// `ulimits`
    public var ulimits: [String: UlimitsConfig]
    /// `use_api_socket`
    public var useAPISocket: Bool
    /// `user`
    public var user: String?
    /// `userns_mode`
    public var usernsMode: String?
    /// `uts`
    public var uts: String?
    /// `volumes`
    public var volumes: [ServiceVolumeConfig]
    /// `volumes_from`
    public var volumesFrom: [String]
    /// `working_dir`
    public var workingDir: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String = "",
        annotations: [String: String] = [:],
        attach: Bool? = nil,
        blkioConfig: BlkioConfig? = nil,
        build: BuildConfig? = nil,
        capAdd: [String] = [],
        capDrop: [String] = [],
        cgroup: String? = nil,
        cgroupParent: String? = nil,
        command: [String]? = nil,
        configs: [FileReference] = [],
        containerName: String? = nil,
        cpuCount: Int64? = nil,
        cpuPercent: Double? = nil,
        cpuPeriod: Int64? = nil,
        cpuQuota: Int64? = nil,
        cpuRtPeriod: Int64? = nil,
        cpuRtRuntime: Int64? = nil,
        cpuShares: Int64? = nil,
        cpus: Double? = nil,
        cpuset: String? = nil,
        credentialSpec: CredentialSpecConfig? = nil,
        dependsOn: [String: ServiceDependency] = [:],
        deploy: DeployConfig? = nil,
        develop: DevelopConfig? = nil,
        deviceCgroupRules: [String] = [],
        devices: [DeviceMapping] = [],
        dns: [String] = [],
        dnsOpt: [String] = [],
        dnsSearch: [String] = [],
        domainname: String? = nil,
        entrypoint: [String]? = nil,
        envFile: [EnvFileConfig] = [],
        environment: [String: String?] = [:],
        expose: [String] = [],
        extends: ExtendsConfig? = nil,
        externalLinks: [String] = [],
        extraHosts: ExtraHosts = [:],
        gpus: [DeviceRequest] = [],
        groupAdd: [String] = [],
        healthcheck: HealthCheckConfig? = nil,
        hostname: String? = nil,
        image: String? = nil,
        initProcess: Bool? = nil,
        ipc: String? = nil,
        isolation: String? = nil,
        labelFile: [String] = [],
        labels: [String: String] = [:],
        links: [String] = [],
        logging: LoggingConfig? = nil,
        macAddress: String? = nil,
        memLimit: Int64? = nil,
        memReservation: Int64? = nil,
        memSwappiness: Int64? = nil,
        memswapLimit: Int64? = nil,
        models: [String: ServiceModelConfig?] = [:],
        networkMode: String? = nil,
        networks: [String: ServiceNetworkConfig?] = [:],
        oomKillDisable: Bool = false,
        oomScoreAdj: Int64? = nil,
        pid: String? = nil,
        pidsLimit: Int64? = nil,
        platform: String? = nil,
        ports: [ServicePortConfig] = [],
        postStart: [ServiceHook] = [],
        preStop: [ServiceHook] = [],
        privileged: Bool = false,
        profiles: [String] = [],
        provider: ServiceProviderConfig? = nil,
        pullPolicy: String? = nil,
        pullRefreshAfter: String? = nil,
        readOnly: Bool = false,
        restart: String? = nil,
        runtime: String? = nil,
        scale: Int? = nil,
        secrets: [FileReference] = [],
        securityOpt: [String] = [],
        shmSize: Int64? = nil,
        stdinOpen: Bool = false,
        stopGracePeriod: ComposeDuration? = nil,
        stopSignal: String? = nil,
        storageOpt: [String: String] = [:],
        sysctls: [String: String] = [:],
        tmpfs: [String] = [],
        tty: Bool = false,
        ulimits: [String: UlimitsConfig] = [:],
        useAPISocket: Bool = false,
        user: String? = nil,
        usernsMode: String? = nil,
        uts: String? = nil,
        volumes: [ServiceVolumeConfig] = [],
        volumesFrom: [String] = [],
        workingDir: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.annotations = annotations
        self.attach = attach
        self.blkioConfig = blkioConfig
        self.build = build
        self.capAdd = capAdd
        self.capDrop = capDrop
        self.cgroup = cgroup
        self.cgroupParent = cgroupParent
        self.command = command
        self.configs = configs
        self.containerName = containerName
        self.cpuCount = cpuCount
        self.cpuPercent = cpuPercent
        self.cpuPeriod = cpuPeriod
        self.cpuQuota = cpuQuota
        self.cpuRtPeriod = cpuRtPeriod
        self.cpuRtRuntime = cpuRtRuntime
        self.cpuShares = cpuShares
        self.cpus = cpus
        self.cpuset = cpuset
        self.credentialSpec = credentialSpec
        self.dependsOn = dependsOn
        self.deploy = deploy
        self.develop = develop
        self.deviceCgroupRules = deviceCgroupRules
        self.devices = devices
        self.dns = dns
        self.dnsOpt = dnsOpt
        self.dnsSearch = dnsSearch
        self.domainname = domainname
        self.entrypoint = entrypoint
        self.envFile = envFile
        self.environment = environment
        self.expose = expose
        self.extends = extends
        self.externalLinks = externalLinks
        self.extraHosts = extraHosts
        self.gpus = gpus
        self.groupAdd = groupAdd
        self.healthcheck = healthcheck
        self.hostname = hostname
        self.image = image
        self.initProcess = initProcess
        self.ipc = ipc
        self.isolation = isolation
        self.labelFile = labelFile
        self.labels = labels
        self.links = links
        self.logging = logging
        self.macAddress = macAddress
        self.memLimit = memLimit
        self.memReservation = memReservation
        self.memSwappiness = memSwappiness
        self.memswapLimit = memswapLimit
        self.models = models
        self.networkMode = networkMode
        self.networks = networks
        self.oomKillDisable = oomKillDisable
        self.oomScoreAdj = oomScoreAdj
        self.pid = pid
        self.pidsLimit = pidsLimit
        self.platform = platform
        self.ports = ports
        self.postStart = postStart
        self.preStop = preStop
        self.privileged = privileged
        self.profiles = profiles
        self.provider = provider
        self.pullPolicy = pullPolicy
        self.pullRefreshAfter = pullRefreshAfter
        self.readOnly = readOnly
        self.restart = restart
        self.runtime = runtime
        self.scale = scale
        self.secrets = secrets
        self.securityOpt = securityOpt
        self.shmSize = shmSize
        self.stdinOpen = stdinOpen
        self.stopGracePeriod = stopGracePeriod
        self.stopSignal = stopSignal
        self.storageOpt = storageOpt
        self.sysctls = sysctls
        self.tmpfs = tmpfs
        self.tty = tty
        self.ulimits = ulimits
        self.useAPISocket = useAPISocket
        self.user = user
        self.usernsMode = usernsMode
        self.uts = uts
        self.volumes = volumes
        self.volumesFrom = volumesFrom
        self.workingDir = workingDir
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case annotations
        case attach
        case blkioConfig = "blkio_config"
        case build
        case capAdd = "cap_add"
        case capDrop = "cap_drop"
        case cgroup
        case cgroupParent = "cgroup_parent"
        case command
        case configs
        case containerName = "container_name"
        case cpuCount = "cpu_count"
        case cpuPercent = "cpu_percent"
        case cpuPeriod = "cpu_period"
        case cpuQuota = "cpu_quota"
        case cpuRtPeriod = "cpu_rt_period"
        case cpuRtRuntime = "cpu_rt_runtime"
        case cpuShares = "cpu_shares"
        case cpus
        case cpuset
        case credentialSpec = "credential_spec"
        case dependsOn = "depends_on"
        case deploy
        case develop
        case deviceCgroupRules = "device_cgroup_rules"
        case devices
        case dns
        case dnsOpt = "dns_opt"
        case dnsSearch = "dns_search"
        case domainname
        case entrypoint
        case envFile = "env_file"
        case environment
        case expose
        case extends
        case externalLinks = "external_links"
        case extraHosts = "extra_hosts"
        case gpus
        case groupAdd = "group_add"
        case healthcheck
        case hostname
        case image
        case initProcess = "init"
        case ipc
        case isolation
        case labelFile = "label_file"
        case labels
        case links
        case logging
        case macAddress = "mac_address"
        case memLimit = "mem_limit"
        case memReservation = "mem_reservation"
        case memSwappiness = "mem_swappiness"
        case memswapLimit = "memswap_limit"
        case models
        case networkMode = "network_mode"
        case networks
        case oomKillDisable = "oom_kill_disable"
        case oomScoreAdj = "oom_score_adj"
        case pid
        case pidsLimit = "pids_limit"
        case platform
        case ports
        case postStart = "post_start"
        case preStop = "pre_stop"
        case privileged
        case profiles
        case provider
        case pullPolicy = "pull_policy"
        case pullRefreshAfter = "pull_refresh_after"
        case readOnly = "read_only"
        case restart
        case runtime
        case scale
        case secrets
        case securityOpt = "security_opt"
        case shmSize = "shm_size"
        case stdinOpen = "stdin_open"
        case stopGracePeriod = "stop_grace_period"
        case stopSignal = "stop_signal"
        case storageOpt = "storage_opt"
        case sysctls
        case tmpfs
        case tty
        case ulimits
        case useAPISocket = "use_api_socket"
        case user
        case usernsMode = "userns_mode"
        case uts
        case volumes
        case volumesFrom = "volumes_from"
        case workingDir = "working_dir"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.annotations.isEmpty { try c.encode(self.annotations, forKey: .annotations) }
        try c.encodeIfPresent(self.attach, forKey: .attach)
        try c.encodeIfPresent(self.blkioConfig, forKey: .blkioConfig)
        try c.encodeIfPresent(self.build, forKey: .build)
        if !self.capAdd.isEmpty { try c.encode(self.capAdd, forKey: .capAdd) }
        if !self.capDrop.isEmpty { try c.encode(self.capDrop, forKey: .capDrop) }
        try c.encodeIfPresent(self.cgroup, forKey: .cgroup)
        try c.encodeIfPresent(self.cgroupParent, forKey: .cgroupParent)
        try c.encode(self.command, forKey: .command)
        if !self.configs.isEmpty { try c.encode(self.configs, forKey: .configs) }
        try c.encodeIfPresent(self.containerName, forKey: .containerName)
        try c.encodeIfPresent(self.cpuCount, forKey: .cpuCount)
        try c.encodeIfPresent(self.cpuPercent, forKey: .cpuPercent)
        try c.encodeIfPresent(self.cpuPeriod, forKey: .cpuPeriod)
        try c.encodeIfPresent(self.cpuQuota, forKey: .cpuQuota)
        try c.encodeIfPresent(self.cpuRtPeriod, forKey: .cpuRtPeriod)
        try c.encodeIfPresent(self.cpuRtRuntime, forKey: .cpuRtRuntime)
        try c.encodeIfPresent(self.cpuShares, forKey: .cpuShares)
        try c.encodeIfPresent(self.cpus, forKey: .cpus)
        try c.encodeIfPresent(self.cpuset, forKey: .cpuset)
        try c.encodeIfPresent(self.credentialSpec, forKey: .credentialSpec)
        if !self.dependsOn.isEmpty { try c.encode(self.dependsOn, forKey: .dependsOn) }
        try c.encodeIfPresent(self.deploy, forKey: .deploy)
        try c.encodeIfPresent(self.develop, forKey: .develop)
        if !self.deviceCgroupRules.isEmpty { try c.encode(self.deviceCgroupRules, forKey: .deviceCgroupRules) }
        if !self.devices.isEmpty { try c.encode(self.devices, forKey: .devices) }
        if !self.dns.isEmpty { try c.encode(self.dns, forKey: .dns) }
        if !self.dnsOpt.isEmpty { try c.encode(self.dnsOpt, forKey: .dnsOpt) }
        if !self.dnsSearch.isEmpty { try c.encode(self.dnsSearch, forKey: .dnsSearch) }
        try c.encodeIfPresent(self.domainname, forKey: .domainname)
        try c.encode(self.entrypoint, forKey: .entrypoint)
        if !self.envFile.isEmpty { try c.encode(self.envFile, forKey: .envFile) }
        if !self.environment.isEmpty { try c.encode(self.environment, forKey: .environment) }
        if !self.expose.isEmpty { try c.encode(self.expose, forKey: .expose) }
        try c.encodeIfPresent(self.extends, forKey: .extends)
        if !self.externalLinks.isEmpty { try c.encode(self.externalLinks, forKey: .externalLinks) }
        if !self.extraHosts.isEmpty { try c.encode(self.extraHosts, forKey: .extraHosts) }
        if !self.gpus.isEmpty { try c.encode(self.gpus, forKey: .gpus) }
        if !self.groupAdd.isEmpty { try c.encode(self.groupAdd, forKey: .groupAdd) }
        try c.encodeIfPresent(self.healthcheck, forKey: .healthcheck)
        try c.encodeIfPresent(self.hostname, forKey: .hostname)
        try c.encodeIfPresent(self.image, forKey: .image)
        try c.encodeIfPresent(self.initProcess, forKey: .initProcess)
        try c.encodeIfPresent(self.ipc, forKey: .ipc)
        try c.encodeIfPresent(self.isolation, forKey: .isolation)
        if !self.labelFile.isEmpty { try c.encode(self.labelFile, forKey: .labelFile) }
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        if !self.links.isEmpty { try c.encode(self.links, forKey: .links) }
        try c.encodeIfPresent(self.logging, forKey: .logging)
        try c.encodeIfPresent(self.macAddress, forKey: .macAddress)
        try c.encodeIfPresent(self.memLimit, forKey: .memLimit)
        try c.encodeIfPresent(self.memReservation, forKey: .memReservation)
        try c.encodeIfPresent(self.memSwappiness, forKey: .memSwappiness)
        try c.encodeIfPresent(self.memswapLimit, forKey: .memswapLimit)
        if !self.models.isEmpty { try c.encode(self.models, forKey: .models) }
        try c.encodeIfPresent(self.networkMode, forKey: .networkMode)
        if !self.networks.isEmpty { try c.encode(self.networks, forKey: .networks) }
        if self.oomKillDisable { try c.encode(true, forKey: .oomKillDisable) }
        try c.encodeIfPresent(self.oomScoreAdj, forKey: .oomScoreAdj)
        try c.encodeIfPresent(self.pid, forKey: .pid)
        try c.encodeIfPresent(self.pidsLimit, forKey: .pidsLimit)
        try c.encodeIfPresent(self.platform, forKey: .platform)
        if !self.ports.isEmpty { try c.encode(self.ports, forKey: .ports) }
        if !self.postStart.isEmpty { try c.encode(self.postStart, forKey: .postStart) }
        if !self.preStop.isEmpty { try c.encode(self.preStop, forKey: .preStop) }
        if self.privileged { try c.encode(true, forKey: .privileged) }
        if !self.profiles.isEmpty { try c.encode(self.profiles, forKey: .profiles) }
        try c.encodeIfPresent(self.provider, forKey: .provider)
        try c.encodeIfPresent(self.pullPolicy, forKey: .pullPolicy)
        try c.encodeIfPresent(self.pullRefreshAfter, forKey: .pullRefreshAfter)
        if self.readOnly { try c.encode(true, forKey: .readOnly) }
        try c.encodeIfPresent(self.restart, forKey: .restart)
        try c.encodeIfPresent(self.runtime, forKey: .runtime)
        try c.encodeIfPresent(self.scale, forKey: .scale)
        if !self.secrets.isEmpty { try c.encode(self.secrets, forKey: .secrets) }
        if !self.securityOpt.isEmpty { try c.encode(self.securityOpt, forKey: .securityOpt) }
        try c.encodeIfPresent(self.shmSize, forKey: .shmSize)
        if self.stdinOpen { try c.encode(true, forKey: .stdinOpen) }
        try c.encodeIfPresent(self.stopGracePeriod, forKey: .stopGracePeriod)
        try c.encodeIfPresent(self.stopSignal, forKey: .stopSignal)
        if !self.storageOpt.isEmpty { try c.encode(self.storageOpt, forKey: .storageOpt) }
        if !self.sysctls.isEmpty { try c.encode(self.sysctls, forKey: .sysctls) }
        if !self.tmpfs.isEmpty { try c.encode(self.tmpfs, forKey: .tmpfs) }
        if self.tty { try c.encode(true, forKey: .tty) }
        if !self.ulimits.isEmpty { try c.encode(self.ulimits, forKey: .ulimits) }
        if self.useAPISocket { try c.encode(true, forKey: .useAPISocket) }
        try c.encodeIfPresent(self.user, forKey: .user)
        try c.encodeIfPresent(self.usernsMode, forKey: .usernsMode)
        try c.encodeIfPresent(self.uts, forKey: .uts)
        if !self.volumes.isEmpty { try c.encode(self.volumes, forKey: .volumes) }
        if !self.volumesFrom.isEmpty { try c.encode(self.volumesFrom, forKey: .volumesFrom) }
        try c.encodeIfPresent(self.workingDir, forKey: .workingDir)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = ""
        self.annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        self.attach = try c.decodeIfPresent(Bool.self, forKey: .attach)
        self.blkioConfig = try c.decodeIfPresent(BlkioConfig.self, forKey: .blkioConfig)
        self.build = try c.decodeIfPresent(BuildConfig.self, forKey: .build)
        self.capAdd = try c.decodeIfPresent([String].self, forKey: .capAdd) ?? []
        self.capDrop = try c.decodeIfPresent([String].self, forKey: .capDrop) ?? []
        self.cgroup = try c.decodeIfPresent(String.self, forKey: .cgroup)
        self.cgroupParent = try c.decodeIfPresent(String.self, forKey: .cgroupParent)
        self.command = try c.decodeIfPresent([String].self, forKey: .command)
        self.configs = try c.decodeIfPresent([FileReference].self, forKey: .configs) ?? []
        self.containerName = try c.decodeIfPresent(String.self, forKey: .containerName)
        self.cpuCount = try c.decodeIfPresent(Int64.self, forKey: .cpuCount)
        self.cpuPercent = try c.decodeIfPresent(Double.self, forKey: .cpuPercent)
        self.cpuPeriod = try c.decodeIfPresent(Int64.self, forKey: .cpuPeriod)
        self.cpuQuota = try c.decodeIfPresent(Int64.self, forKey: .cpuQuota)
        self.cpuRtPeriod = try c.decodeIfPresent(Int64.self, forKey: .cpuRtPeriod)
        self.cpuRtRuntime = try c.decodeIfPresent(Int64.self, forKey: .cpuRtRuntime)
        self.cpuShares = try c.decodeIfPresent(Int64.self, forKey: .cpuShares)
        self.cpus = try c.decodeIfPresent(Double.self, forKey: .cpus)
        self.cpuset = try c.decodeIfPresent(String.self, forKey: .cpuset)
        self.credentialSpec = try c.decodeIfPresent(CredentialSpecConfig.self, forKey: .credentialSpec)
        self.dependsOn = try c.decodeIfPresent([String: ServiceDependency].self, forKey: .dependsOn) ?? [:]
        self.deploy = try c.decodeIfPresent(DeployConfig.self, forKey: .deploy)
        self.develop = try c.decodeIfPresent(DevelopConfig.self, forKey: .develop)
        self.deviceCgroupRules = try c.decodeIfPresent([String].self, forKey: .deviceCgroupRules) ?? []
        self.devices = try c.decodeIfPresent([DeviceMapping].self, forKey: .devices) ?? []
        self.dns = try c.decodeIfPresent([String].self, forKey: .dns) ?? []
        self.dnsOpt = try c.decodeIfPresent([String].self, forKey: .dnsOpt) ?? []
        self.dnsSearch = try c.decodeIfPresent([String].self, forKey: .dnsSearch) ?? []
        self.domainname = try c.decodeIfPresent(String.self, forKey: .domainname)
        self.entrypoint = try c.decodeIfPresent([String].self, forKey: .entrypoint)
        self.envFile = try c.decodeIfPresent([EnvFileConfig].self, forKey: .envFile) ?? []
        self.environment = try c.decodeIfPresent([String: String?].self, forKey: .environment) ?? [:]
        self.expose = try c.decodeIfPresent([String].self, forKey: .expose) ?? []
        self.extends = try c.decodeIfPresent(ExtendsConfig.self, forKey: .extends)
        self.externalLinks = try c.decodeIfPresent([String].self, forKey: .externalLinks) ?? []
        self.extraHosts = try c.decodeIfPresent(ExtraHosts.self, forKey: .extraHosts) ?? [:]
        self.gpus = try c.decodeIfPresent([DeviceRequest].self, forKey: .gpus) ?? []
        self.groupAdd = try c.decodeIfPresent([String].self, forKey: .groupAdd) ?? []
        self.healthcheck = try c.decodeIfPresent(HealthCheckConfig.self, forKey: .healthcheck)
        self.hostname = try c.decodeIfPresent(String.self, forKey: .hostname)
        self.image = try c.decodeIfPresent(String.self, forKey: .image)
        self.initProcess = try c.decodeIfPresent(Bool.self, forKey: .initProcess)
        self.ipc = try c.decodeIfPresent(String.self, forKey: .ipc)
        self.isolation = try c.decodeIfPresent(String.self, forKey: .isolation)
        self.labelFile = try c.decodeIfPresent([String].self, forKey: .labelFile) ?? []
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.links = try c.decodeIfPresent([String].self, forKey: .links) ?? []
        self.logging = try c.decodeIfPresent(LoggingConfig.self, forKey: .logging)
        self.macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress)
        self.memLimit = try c.decodeIfPresent(Int64.self, forKey: .memLimit)
        self.memReservation = try c.decodeIfPresent(Int64.self, forKey: .memReservation)
        self.memSwappiness = try c.decodeIfPresent(Int64.self, forKey: .memSwappiness)
        self.memswapLimit = try c.decodeIfPresent(Int64.self, forKey: .memswapLimit)
        self.models = try c.decodeIfPresent([String: ServiceModelConfig?].self, forKey: .models) ?? [:]
        self.networkMode = try c.decodeIfPresent(String.self, forKey: .networkMode)
        self.networks = try c.decodeIfPresent([String: ServiceNetworkConfig?].self, forKey: .networks) ?? [:]
        self.oomKillDisable = try c.decodeIfPresent(Bool.self, forKey: .oomKillDisable) ?? false
        self.oomScoreAdj = try c.decodeIfPresent(Int64.self, forKey: .oomScoreAdj)
        self.pid = try c.decodeIfPresent(String.self, forKey: .pid)
        self.pidsLimit = try c.decodeIfPresent(Int64.self, forKey: .pidsLimit)
        self.platform = try c.decodeIfPresent(String.self, forKey: .platform)
        self.ports = try c.decodeIfPresent([ServicePortConfig].self, forKey: .ports) ?? []
        self.postStart = try c.decodeIfPresent([ServiceHook].self, forKey: .postStart) ?? []
        self.preStop = try c.decodeIfPresent([ServiceHook].self, forKey: .preStop) ?? []
        self.privileged = try c.decodeIfPresent(Bool.self, forKey: .privileged) ?? false
        self.profiles = try c.decodeIfPresent([String].self, forKey: .profiles) ?? []
        self.provider = try c.decodeIfPresent(ServiceProviderConfig.self, forKey: .provider)
        self.pullPolicy = try c.decodeIfPresent(String.self, forKey: .pullPolicy)
        self.pullRefreshAfter = try c.decodeIfPresent(String.self, forKey: .pullRefreshAfter)
        self.readOnly = try c.decodeIfPresent(Bool.self, forKey: .readOnly) ?? false
        self.restart = try c.decodeIfPresent(String.self, forKey: .restart)
        self.runtime = try c.decodeIfPresent(String.self, forKey: .runtime)
        self.scale = try c.decodeIfPresent(Int.self, forKey: .scale)
        self.secrets = try c.decodeIfPresent([FileReference].self, forKey: .secrets) ?? []
        self.securityOpt = try c.decodeIfPresent([String].self, forKey: .securityOpt) ?? []
        self.shmSize = try c.decodeIfPresent(Int64.self, forKey: .shmSize)
        self.stdinOpen = try c.decodeIfPresent(Bool.self, forKey: .stdinOpen) ?? false
        self.stopGracePeriod = try c.decodeIfPresent(ComposeDuration.self, forKey: .stopGracePeriod)
        self.stopSignal = try c.decodeIfPresent(String.self, forKey: .stopSignal)
        self.storageOpt = try c.decodeIfPresent([String: String].self, forKey: .storageOpt) ?? [:]
        self.sysctls = try c.decodeIfPresent([String: String].self, forKey: .sysctls) ?? [:]
        self.tmpfs = try c.decodeIfPresent([String].self, forKey: .tmpfs) ?? []
        self.tty = try c.decodeIfPresent(Bool.self, forKey: .tty) ?? false
        self.ulimits = try c.decodeIfPresent([String: UlimitsConfig].self, forKey: .ulimits) ?? [:]
        self.useAPISocket = try c.decodeIfPresent(Bool.self, forKey: .useAPISocket) ?? false
        self.user = try c.decodeIfPresent(String.self, forKey: .user)
        self.usernsMode = try c.decodeIfPresent(String.self, forKey: .usernsMode)
        self.uts = try c.decodeIfPresent(String.self, forKey: .uts)
        self.volumes = try c.decodeIfPresent([ServiceVolumeConfig].self, forKey: .volumes) ?? []
        self.volumesFrom = try c.decodeIfPresent([String].self, forKey: .volumesFrom) ?? []
        self.workingDir = try c.decodeIfPresent(String.self, forKey: .workingDir)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `build`, long syntax.
public struct BuildConfig: Sendable, Hashable, Codable {
    /// Absolute after loading, unless remote (URL, git).
    public var context: String?
    /// `dockerfile`
    public var dockerfile: String?
    /// `dockerfile_inline`
    public var dockerfileInline: String?
    /// `entitlements`
    public var entitlements: [String]
    /// Build args; unresolved `K` entries are dropped.
    public var args: [String: String]
    /// `default` or `id=path` entries.
    public var ssh: [String]
    /// `labels`
    public var labels: [String: String]
    /// `cache_from`
    public var cacheFrom: [String]
    /// `cache_to`
    public var cacheTo: [String]
    /// `no_cache`
    public var noCache: Bool
    /// `additional_contexts`
    public var additionalContexts: [String: String]
    /// `network`
    public var network: String?
    /// `provenance`
    public var provenance: String?
    /// `sbom`
    public var sbom: String?
    /// `pull`
    public var pull: Bool
    /// `target`
    public var target: String?
    /// `shm_size`
    public var shmSize: Int64?
    /// `extra_hosts`
    public var extraHosts: ExtraHosts
    /// `isolation`
    public var isolation: String?
    /// `privileged`
    public var privileged: Bool
    /// `secrets`
    public var secrets: [FileReference]
    /// `tags`
    public var tags: [String]
    /// `ulimits`
    public var ulimits: [String: UlimitsConfig]
    /// `platforms`
    public var platforms: [String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        context: String? = nil,
        dockerfile: String? = nil,
        dockerfileInline: String? = nil,
        entitlements: [String] = [],
        args: [String: String] = [:],
        ssh: [String] = [],
        labels: [String: String] = [:],
        cacheFrom: [String] = [],
        cacheTo: [String] = [],
        noCache: Bool = false,
        additionalContexts: [String: String] = [:],
        network: String? = nil,
        provenance: String? = nil,
        sbom: String? = nil,
        pull: Bool = false,
        target: String? = nil,
        shmSize: Int64? = nil,
        extraHosts: ExtraHosts = [:],
        isolation: String? = nil,
        privileged: Bool = false,
        secrets: [FileReference] = [],
        tags: [String] = [],
        ulimits: [String: UlimitsConfig] = [:],
        platforms: [String] = [],
        extensions: [String: JSONValue] = [:]
    ) {
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfileInline = dockerfileInline
        self.entitlements = entitlements
        self.args = args
        self.ssh = ssh
        self.labels = labels
        self.cacheFrom = cacheFrom
        self.cacheTo = cacheTo
        self.noCache = noCache
        self.additionalContexts = additionalContexts
        self.network = network
        self.provenance = provenance
        self.sbom = sbom
        self.pull = pull
        self.target = target
        self.shmSize = shmSize
        self.extraHosts = extraHosts
        self.isolation = isolation
        self.privileged = privileged
        self.secrets = secrets
        self.tags = tags
        self.ulimits = ulimits
        self.platforms = platforms
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case context
        case dockerfile
        case dockerfileInline = "dockerfile_inline"
        case entitlements
        case args
        case ssh
        case labels
        case cacheFrom = "cache_from"
        case cacheTo = "cache_to"
        case noCache = "no_cache"
        case additionalContexts = "additional_contexts"
        case network
        case provenance
        case sbom
        case pull
        case target
        case shmSize = "shm_size"
        case extraHosts = "extra_hosts"
        case isolation
        case privileged
        case secrets
        case tags
        case ulimits
        case platforms
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.context, forKey: .context)
        try c.encodeIfPresent(self.dockerfile, forKey: .dockerfile)
        try c.encodeIfPresent(self.dockerfileInline, forKey: .dockerfileInline)
        if !self.entitlements.isEmpty { try c.encode(self.entitlements, forKey: .entitlements) }
        if !self.args.isEmpty { try c.encode(self.args, forKey: .args) }
        if !self.ssh.isEmpty { try c.encode(self.ssh, forKey: .ssh) }
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        if !self.cacheFrom.isEmpty { try c.encode(self.cacheFrom, forKey: .cacheFrom) }
        if !self.cacheTo.isEmpty { try c.encode(self.cacheTo, forKey: .cacheTo) }
        if self.noCache { try c.encode(true, forKey: .noCache) }
        if !self.additionalContexts.isEmpty { try c.encode(self.additionalContexts, forKey: .additionalContexts) }
        try c.encodeIfPresent(self.network, forKey: .network)
        try c.encodeIfPresent(self.provenance, forKey: .provenance)
        try c.encodeIfPresent(self.sbom, forKey: .sbom)
        if self.pull { try c.encode(true, forKey: .pull) }
        try c.encodeIfPresent(self.target, forKey: .target)
        try c.encodeIfPresent(self.shmSize, forKey: .shmSize)
        if !self.extraHosts.isEmpty { try c.encode(self.extraHosts, forKey: .extraHosts) }
        try c.encodeIfPresent(self.isolation, forKey: .isolation)
        if self.privileged { try c.encode(true, forKey: .privileged) }
        if !self.secrets.isEmpty { try c.encode(self.secrets, forKey: .secrets) }
        if !self.tags.isEmpty { try c.encode(self.tags, forKey: .tags) }
        if !self.ulimits.isEmpty { try c.encode(self.ulimits, forKey: .ulimits) }
        if !self.platforms.isEmpty { try c.encode(self.platforms, forKey: .platforms) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.context = try c.decodeIfPresent(String.self, forKey: .context)
        self.dockerfile = try c.decodeIfPresent(String.self, forKey: .dockerfile)
        self.dockerfileInline = try c.decodeIfPresent(String.self, forKey: .dockerfileInline)
        self.entitlements = try c.decodeIfPresent([String].self, forKey: .entitlements) ?? []
        self.args = try c.decodeIfPresent([String: String].self, forKey: .args) ?? [:]
        self.ssh = try c.decodeIfPresent([String].self, forKey: .ssh) ?? []
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.cacheFrom = try c.decodeIfPresent([String].self, forKey: .cacheFrom) ?? []
        self.cacheTo = try c.decodeIfPresent([String].self, forKey: .cacheTo) ?? []
        self.noCache = try c.decodeIfPresent(Bool.self, forKey: .noCache) ?? false
        self.additionalContexts = try c.decodeIfPresent([String: String].self, forKey: .additionalContexts) ?? [:]
        self.network = try c.decodeIfPresent(String.self, forKey: .network)
        self.provenance = try c.decodeIfPresent(String.self, forKey: .provenance)
        self.sbom = try c.decodeIfPresent(String.self, forKey: .sbom)
        self.pull = try c.decodeIfPresent(Bool.self, forKey: .pull) ?? false
        self.target = try c.decodeIfPresent(String.self, forKey: .target)
        self.shmSize = try c.decodeIfPresent(Int64.self, forKey: .shmSize)
        self.extraHosts = try c.decodeIfPresent(ExtraHosts.self, forKey: .extraHosts) ?? [:]
        self.isolation = try c.decodeIfPresent(String.self, forKey: .isolation)
        self.privileged = try c.decodeIfPresent(Bool.self, forKey: .privileged) ?? false
        self.secrets = try c.decodeIfPresent([FileReference].self, forKey: .secrets) ?? []
        self.tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        self.ulimits = try c.decodeIfPresent([String: UlimitsConfig].self, forKey: .ulimits) ?? [:]
        self.platforms = try c.decodeIfPresent([String].self, forKey: .platforms) ?? []
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `blkio_config`.
public struct BlkioConfig: Sendable, Hashable, Codable {
    /// `device_read_bps`
    public var deviceReadBps: [ThrottleDevice]
    /// `device_read_iops`
    public var deviceReadIops: [ThrottleDevice]
    /// `device_write_bps`
    public var deviceWriteBps: [ThrottleDevice]
    /// `device_write_iops`
    public var deviceWriteIops: [ThrottleDevice]
    /// `weight`
    public var weight: Int?
    /// `weight_device`
    public var weightDevice: [WeightDevice]

    /// Memberwise initializer; every field has its empty default.
    public init(
        deviceReadBps: [ThrottleDevice] = [],
        deviceReadIops: [ThrottleDevice] = [],
        deviceWriteBps: [ThrottleDevice] = [],
        deviceWriteIops: [ThrottleDevice] = [],
        weight: Int? = nil,
        weightDevice: [WeightDevice] = []
    ) {
        self.deviceReadBps = deviceReadBps
        self.deviceReadIops = deviceReadIops
        self.deviceWriteBps = deviceWriteBps
        self.deviceWriteIops = deviceWriteIops
        self.weight = weight
        self.weightDevice = weightDevice
    }

    enum CodingKeys: String, CodingKey {
        case deviceReadBps = "device_read_bps"
        case deviceReadIops = "device_read_iops"
        case deviceWriteBps = "device_write_bps"
        case deviceWriteIops = "device_write_iops"
        case weight
        case weightDevice = "weight_device"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.deviceReadBps.isEmpty { try c.encode(self.deviceReadBps, forKey: .deviceReadBps) }
        if !self.deviceReadIops.isEmpty { try c.encode(self.deviceReadIops, forKey: .deviceReadIops) }
        if !self.deviceWriteBps.isEmpty { try c.encode(self.deviceWriteBps, forKey: .deviceWriteBps) }
        if !self.deviceWriteIops.isEmpty { try c.encode(self.deviceWriteIops, forKey: .deviceWriteIops) }
        try c.encodeIfPresent(self.weight, forKey: .weight)
        if !self.weightDevice.isEmpty { try c.encode(self.weightDevice, forKey: .weightDevice) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.deviceReadBps = try c.decodeIfPresent([ThrottleDevice].self, forKey: .deviceReadBps) ?? []
        self.deviceReadIops = try c.decodeIfPresent([ThrottleDevice].self, forKey: .deviceReadIops) ?? []
        self.deviceWriteBps = try c.decodeIfPresent([ThrottleDevice].self, forKey: .deviceWriteBps) ?? []
        self.deviceWriteIops = try c.decodeIfPresent([ThrottleDevice].self, forKey: .deviceWriteIops) ?? []
        self.weight = try c.decodeIfPresent(Int.self, forKey: .weight)
        self.weightDevice = try c.decodeIfPresent([WeightDevice].self, forKey: .weightDevice) ?? []
    }
}

/// A `blkio_config` rate limit for one device.
public struct ThrottleDevice: Sendable, Hashable, Codable {
    /// `path`
    public var path: String
    /// `rate`
    public var rate: Int64

    /// Memberwise initializer; every field has its empty default.
    public init(
        path: String = "",
        rate: Int64 = 0
    ) {
        self.path = path
        self.rate = rate
    }

    enum CodingKeys: String, CodingKey {
        case path
        case rate
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.path, forKey: .path)
        try c.encode(self.rate, forKey: .rate)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.path = try c.decodeIfPresent(String.self, forKey: .path) ?? ""
        self.rate = try c.decodeIfPresent(Int64.self, forKey: .rate) ?? 0
    }
}

/// A `blkio_config.weight_device` entry.
public struct WeightDevice: Sendable, Hashable, Codable {
    /// `path`
    public var path: String
    /// `weight`
    public var weight: Int

    /// Memberwise initializer; every field has its empty default.
    public init(
        path: String = "",
        weight: Int = 0
    ) {
        self.path = path
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey {
        case path
        case weight
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.path, forKey: .path)
        try c.encode(self.weight, forKey: .weight)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.path = try c.decodeIfPresent(String.self, forKey: .path) ?? ""
        self.weight = try c.decodeIfPresent(Int.self, forKey: .weight) ?? 0
    }
}

/// `credential_spec`.
public struct CredentialSpecConfig: Sendable, Hashable, Codable {
    /// `config`
    public var config: String?
    /// `file`
    public var file: String?
    /// `registry`
    public var registry: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        config: String? = nil,
        file: String? = nil,
        registry: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.config = config
        self.file = file
        self.registry = registry
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case config
        case file
        case registry
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.config, forKey: .config)
        try c.encodeIfPresent(self.file, forKey: .file)
        try c.encodeIfPresent(self.registry, forKey: .registry)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.config = try c.decodeIfPresent(String.self, forKey: .config)
        self.file = try c.decodeIfPresent(String.self, forKey: .file)
        self.registry = try c.decodeIfPresent(String.self, forKey: .registry)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// One `depends_on` entry.
public struct ServiceDependency: Sendable, Hashable, Codable {
    /// `condition`
    public var condition: DependencyCondition
    /// `restart`
    public var restart: Bool
    /// `required`
    public var required: Bool
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        condition: DependencyCondition = .serviceStarted,
        restart: Bool = false,
        required: Bool = true,
        extensions: [String: JSONValue] = [:]
    ) {
        self.condition = condition
        self.restart = restart
        self.required = required
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case condition
        case restart
        case required
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.condition, forKey: .condition)
        if self.restart { try c.encode(true, forKey: .restart) }
        try c.encode(self.required, forKey: .required)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.condition = try c.decodeIfPresent(DependencyCondition.self, forKey: .condition) ?? .serviceStarted
        self.restart = try c.decodeIfPresent(Bool.self, forKey: .restart) ?? false
        self.required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy`.
public struct DeployConfig: Sendable, Hashable, Codable {
    /// `mode`
    public var mode: String?
    /// `endpoint_mode`
    public var endpointMode: String?
    /// `replicas`
    public var replicas: Int?
    /// `labels`
    public var labels: [String: String]
    /// `rollback_config`
    public var rollbackConfig: UpdateConfig?
    /// `update_config`
    public var updateConfig: UpdateConfig?
    /// `resources`
    public var resources: ResourcesConfig?
    /// `restart_policy`
    public var restartPolicy: RestartPolicy?
    /// `placement`
    public var placement: Placement?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        mode: String? = nil,
        endpointMode: String? = nil,
        replicas: Int? = nil,
        labels: [String: String] = [:],
        rollbackConfig: UpdateConfig? = nil,
        updateConfig: UpdateConfig? = nil,
        resources: ResourcesConfig? = nil,
        restartPolicy: RestartPolicy? = nil,
        placement: Placement? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.mode = mode
        self.endpointMode = endpointMode
        self.replicas = replicas
        self.labels = labels
        self.rollbackConfig = rollbackConfig
        self.updateConfig = updateConfig
        self.resources = resources
        self.restartPolicy = restartPolicy
        self.placement = placement
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case endpointMode = "endpoint_mode"
        case replicas
        case labels
        case rollbackConfig = "rollback_config"
        case updateConfig = "update_config"
        case resources
        case restartPolicy = "restart_policy"
        case placement
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.mode, forKey: .mode)
        try c.encodeIfPresent(self.endpointMode, forKey: .endpointMode)
        try c.encodeIfPresent(self.replicas, forKey: .replicas)
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        try c.encodeIfPresent(self.rollbackConfig, forKey: .rollbackConfig)
        try c.encodeIfPresent(self.updateConfig, forKey: .updateConfig)
        try c.encodeIfPresent(self.resources, forKey: .resources)
        try c.encodeIfPresent(self.restartPolicy, forKey: .restartPolicy)
        try c.encodeIfPresent(self.placement, forKey: .placement)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.mode = try c.decodeIfPresent(String.self, forKey: .mode)
        self.endpointMode = try c.decodeIfPresent(String.self, forKey: .endpointMode)
        self.replicas = try c.decodeIfPresent(Int.self, forKey: .replicas)
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.rollbackConfig = try c.decodeIfPresent(UpdateConfig.self, forKey: .rollbackConfig)
        self.updateConfig = try c.decodeIfPresent(UpdateConfig.self, forKey: .updateConfig)
        self.resources = try c.decodeIfPresent(ResourcesConfig.self, forKey: .resources)
        self.restartPolicy = try c.decodeIfPresent(RestartPolicy.self, forKey: .restartPolicy)
        self.placement = try c.decodeIfPresent(Placement.self, forKey: .placement)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy.update_config` / `deploy.rollback_config`.
public struct UpdateConfig: Sendable, Hashable, Codable {
    /// `parallelism`
    public var parallelism: Int?
    /// `delay`
    public var delay: ComposeDuration?
    /// `failure_action`
    public var failureAction: String?
    /// `monitor`
    public var monitor: ComposeDuration?
    /// `max_failure_ratio`
    public var maxFailureRatio: Double?
    /// `order`
    public var order: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        parallelism: Int? = nil,
        delay: ComposeDuration? = nil,
        failureAction: String? = nil,
        monitor: ComposeDuration? = nil,
        maxFailureRatio: Double? = nil,
        order: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.parallelism = parallelism
        self.delay = delay
        self.failureAction = failureAction
        self.monitor = monitor
        self.maxFailureRatio = maxFailureRatio
        self.order = order
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case parallelism
        case delay
        case failureAction = "failure_action"
        case monitor
        case maxFailureRatio = "max_failure_ratio"
        case order
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.parallelism, forKey: .parallelism)
        try c.encodeIfPresent(self.delay, forKey: .delay)
        try c.encodeIfPresent(self.failureAction, forKey: .failureAction)
        try c.encodeIfPresent(self.monitor, forKey: .monitor)
        try c.encodeIfPresent(self.maxFailureRatio, forKey: .maxFailureRatio)
        try c.encodeIfPresent(self.order, forKey: .order)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.parallelism = try c.decodeIfPresent(Int.self, forKey: .parallelism)
        self.delay = try c.decodeIfPresent(ComposeDuration.self, forKey: .delay)
        self.failureAction = try c.decodeIfPresent(String.self, forKey: .failureAction)
        self.monitor = try c.decodeIfPresent(ComposeDuration.self, forKey: .monitor)
        self.maxFailureRatio = try c.decodeIfPresent(Double.self, forKey: .maxFailureRatio)
        self.order = try c.decodeIfPresent(String.self, forKey: .order)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy.resources`.
public struct ResourcesConfig: Sendable, Hashable, Codable {
    /// `limits`
    public var limits: ResourceSpec?
    /// `reservations`
    public var reservations: ResourceSpec?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        limits: ResourceSpec? = nil,
        reservations: ResourceSpec? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.limits = limits
        self.reservations = reservations
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case limits
        case reservations
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.limits, forKey: .limits)
        try c.encodeIfPresent(self.reservations, forKey: .reservations)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.limits = try c.decodeIfPresent(ResourceSpec.self, forKey: .limits)
        self.reservations = try c.decodeIfPresent(ResourceSpec.self, forKey: .reservations)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy.resources.limits` / `.reservations`.
public struct ResourceSpec: Sendable, Hashable, Codable {
    /// `cpus`
    public var cpus: Double?
    /// Bytes; encoded as a decimal string, as the schema requires for this field.
    public var memory: Int64?
    /// `pids`
    public var pids: Int64?
    /// `generic_resources`
    public var genericResources: [GenericResource]
    /// `devices`
    public var devices: [DeviceRequest]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        cpus: Double? = nil,
        memory: Int64? = nil,
        pids: Int64? = nil,
        genericResources: [GenericResource] = [],
        devices: [DeviceRequest] = [],
        extensions: [String: JSONValue] = [:]
    ) {
        self.cpus = cpus
        self.memory = memory
        self.pids = pids
        self.genericResources = genericResources
        self.devices = devices
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case cpus
        case memory
        case pids
        case genericResources = "generic_resources"
        case devices
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.cpus, forKey: .cpus)
        try c.encodeIfPresent(self.memory.map(String.init), forKey: .memory)
        try c.encodeIfPresent(self.pids, forKey: .pids)
        if !self.genericResources.isEmpty { try c.encode(self.genericResources, forKey: .genericResources) }
        if !self.devices.isEmpty { try c.encode(self.devices, forKey: .devices) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.cpus = try c.decodeIfPresent(Double.self, forKey: .cpus)
        self.memory = try decodeIntegerOrString(c, forKey: .memory)
        self.pids = try c.decodeIfPresent(Int64.self, forKey: .pids)
        self.genericResources = try c.decodeIfPresent([GenericResource].self, forKey: .genericResources) ?? []
        self.devices = try c.decodeIfPresent([DeviceRequest].self, forKey: .devices) ?? []
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `generic_resources` entry.
public struct GenericResource: Sendable, Hashable, Codable {
    /// `discrete_resource_spec`
    public var discreteResourceSpec: DiscreteResourceSpec?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        discreteResourceSpec: DiscreteResourceSpec? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.discreteResourceSpec = discreteResourceSpec
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case discreteResourceSpec = "discrete_resource_spec"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.discreteResourceSpec, forKey: .discreteResourceSpec)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.discreteResourceSpec = try c.decodeIfPresent(DiscreteResourceSpec.self, forKey: .discreteResourceSpec)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `discrete_resource_spec`.
public struct DiscreteResourceSpec: Sendable, Hashable, Codable {
    /// `kind`
    public var kind: String?
    /// `value`
    public var value: Int64?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        kind: String? = nil,
        value: Int64? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.kind = kind
        self.value = value
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.kind, forKey: .kind)
        try c.encodeIfPresent(self.value, forKey: .value)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.kind = try c.decodeIfPresent(String.self, forKey: .kind)
        self.value = try c.decodeIfPresent(Int64.self, forKey: .value)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A device reservation (`deploy.resources.reservations.devices`, `gpus`).
public struct DeviceRequest: Sendable, Hashable, Codable {
    /// `capabilities`
    public var capabilities: [String]
    /// -1 means `all`.
    public var count: Int?
    /// `device_ids`
    public var deviceIDs: [String]
    /// `driver`
    public var driver: String?
    /// `options`
    public var options: [String: String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        capabilities: [String] = [],
        count: Int? = nil,
        deviceIDs: [String] = [],
        driver: String? = nil,
        options: [String: String] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.capabilities = capabilities
        self.count = count
        self.deviceIDs = deviceIDs
        self.driver = driver
        self.options = options
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case capabilities
        case count
        case deviceIDs = "device_ids"
        case driver
        case options
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.capabilities.isEmpty { try c.encode(self.capabilities, forKey: .capabilities) }
        try c.encodeIfPresent(self.count, forKey: .count)
        if !self.deviceIDs.isEmpty { try c.encode(self.deviceIDs, forKey: .deviceIDs) }
        try c.encodeIfPresent(self.driver, forKey: .driver)
        if !self.options.isEmpty { try c.encode(self.options, forKey: .options) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.capabilities = try c.decodeIfPresent([String].self, forKey: .capabilities) ?? []
        self.count = try c.decodeIfPresent(Int.self, forKey: .count)
        self.deviceIDs = try c.decodeIfPresent([String].self, forKey: .deviceIDs) ?? []
        self.driver = try c.decodeIfPresent(String.self, forKey: .driver)
        self.options = try c.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy.restart_policy`.
public struct RestartPolicy: Sendable, Hashable, Codable {
    /// `condition`
    public var condition: String?
    /// `delay`
    public var delay: ComposeDuration?
    /// `max_attempts`
    public var maxAttempts: Int?
    /// `window`
    public var window: ComposeDuration?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        condition: String? = nil,
        delay: ComposeDuration? = nil,
        maxAttempts: Int? = nil,
        window: ComposeDuration? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.condition = condition
        self.delay = delay
        self.maxAttempts = maxAttempts
        self.window = window
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case condition
        case delay
        case maxAttempts = "max_attempts"
        case window
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.condition, forKey: .condition)
        try c.encodeIfPresent(self.delay, forKey: .delay)
        try c.encodeIfPresent(self.maxAttempts, forKey: .maxAttempts)
        try c.encodeIfPresent(self.window, forKey: .window)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.condition = try c.decodeIfPresent(String.self, forKey: .condition)
        self.delay = try c.decodeIfPresent(ComposeDuration.self, forKey: .delay)
        self.maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts)
        self.window = try c.decodeIfPresent(ComposeDuration.self, forKey: .window)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy.placement`.
public struct Placement: Sendable, Hashable, Codable {
    /// `constraints`
    public var constraints: [String]
    /// `preferences`
    public var preferences: [PlacementPreference]
    /// `max_replicas_per_node`
    public var maxReplicasPerNode: Int?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        constraints: [String] = [],
        preferences: [PlacementPreference] = [],
        maxReplicasPerNode: Int? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.constraints = constraints
        self.preferences = preferences
        self.maxReplicasPerNode = maxReplicasPerNode
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case constraints
        case preferences
        case maxReplicasPerNode = "max_replicas_per_node"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.constraints.isEmpty { try c.encode(self.constraints, forKey: .constraints) }
        if !self.preferences.isEmpty { try c.encode(self.preferences, forKey: .preferences) }
        try c.encodeIfPresent(self.maxReplicasPerNode, forKey: .maxReplicasPerNode)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.constraints = try c.decodeIfPresent([String].self, forKey: .constraints) ?? []
        self.preferences = try c.decodeIfPresent([PlacementPreference].self, forKey: .preferences) ?? []
        self.maxReplicasPerNode = try c.decodeIfPresent(Int.self, forKey: .maxReplicasPerNode)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `deploy.placement.preferences` entry.
public struct PlacementPreference: Sendable, Hashable, Codable {
    /// `spread`
    public var spread: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        spread: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.spread = spread
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case spread
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.spread, forKey: .spread)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.spread = try c.decodeIfPresent(String.self, forKey: .spread)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `develop`.
public struct DevelopConfig: Sendable, Hashable, Codable {
    /// `watch`
    public var watch: [WatchRule]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        watch: [WatchRule] = [],
        extensions: [String: JSONValue] = [:]
    ) {
        self.watch = watch
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case watch
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.watch.isEmpty { try c.encode(self.watch, forKey: .watch) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.watch = try c.decodeIfPresent([WatchRule].self, forKey: .watch) ?? []
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `develop.watch` entry.
public struct WatchRule: Sendable, Hashable, Codable {
    /// `path`
    public var path: String
    /// `action`
    public var action: String
    /// `target`
    public var target: String?
    /// `ignore`
    public var ignore: [String]
    /// `include`
    public var include: [String]
    /// `exec`
    public var exec: ServiceHook?
    /// `initial_sync`
    public var initialSync: Bool
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        path: String = "",
        action: String = "",
        target: String? = nil,
        ignore: [String] = [],
        include: [String] = [],
        exec: ServiceHook? = nil,
        initialSync: Bool = false,
        extensions: [String: JSONValue] = [:]
    ) {
        self.path = path
        self.action = action
        self.target = target
        self.ignore = ignore
        self.include = include
        self.exec = exec
        self.initialSync = initialSync
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case path
        case action
        case target
        case ignore
        case include
        case exec
        case initialSync = "initial_sync"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.path, forKey: .path)
        try c.encode(self.action, forKey: .action)
        try c.encodeIfPresent(self.target, forKey: .target)
        if !self.ignore.isEmpty { try c.encode(self.ignore, forKey: .ignore) }
        if !self.include.isEmpty { try c.encode(self.include, forKey: .include) }
        try c.encodeIfPresent(self.exec, forKey: .exec)
        if self.initialSync { try c.encode(true, forKey: .initialSync) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.path = try c.decodeIfPresent(String.self, forKey: .path) ?? ""
        self.action = try c.decodeIfPresent(String.self, forKey: .action) ?? ""
        self.target = try c.decodeIfPresent(String.self, forKey: .target)
        self.ignore = try c.decodeIfPresent([String].self, forKey: .ignore) ?? []
        self.include = try c.decodeIfPresent([String].self, forKey: .include) ?? []
        self.exec = try c.decodeIfPresent(ServiceHook.self, forKey: .exec)
        self.initialSync = try c.decodeIfPresent(Bool.self, forKey: .initialSync) ?? false
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `post_start` / `pre_stop` entry, or a watch `exec`.
public struct ServiceHook: Sendable, Hashable, Codable {
    /// `command`
    public var command: [String]?
    /// `user`
    public var user: String?
    /// `privileged`
    public var privileged: Bool
    /// `working_dir`
    public var workingDir: String?
    /// `environment`
    public var environment: [String: String?]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        command: [String]? = nil,
        user: String? = nil,
        privileged: Bool = false,
        workingDir: String? = nil,
        environment: [String: String?] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.command = command
        self.user = user
        self.privileged = privileged
        self.workingDir = workingDir
        self.environment = environment
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case command
        case user
        case privileged
        case workingDir = "working_dir"
        case environment
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.command, forKey: .command)
        try c.encodeIfPresent(self.user, forKey: .user)
        if self.privileged { try c.encode(true, forKey: .privileged) }
        try c.encodeIfPresent(self.workingDir, forKey: .workingDir)
        if !self.environment.isEmpty { try c.encode(self.environment, forKey: .environment) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.command = try c.decodeIfPresent([String].self, forKey: .command)
        self.user = try c.decodeIfPresent(String.self, forKey: .user)
        self.privileged = try c.decodeIfPresent(Bool.self, forKey: .privileged) ?? false
        self.workingDir = try c.decodeIfPresent(String.self, forKey: .workingDir)
        self.environment = try c.decodeIfPresent([String: String?].self, forKey: .environment) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `healthcheck`.
public struct HealthCheckConfig: Sendable, Hashable, Codable {
    /// `CMD-SHELL` + the string for the string form; `NONE` disables.
    public var test: [String]?
    /// `interval`
    public var interval: ComposeDuration?
    /// `timeout`
    public var timeout: ComposeDuration?
    /// `start_period`
    public var startPeriod: ComposeDuration?
    /// `start_interval`
    public var startInterval: ComposeDuration?
    /// `retries`
    public var retries: Int?
    /// `disable`
    public var disable: Bool
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        test: [String]? = nil,
        interval: ComposeDuration? = nil,
        timeout: ComposeDuration? = nil,
        startPeriod: ComposeDuration? = nil,
        startInterval: ComposeDuration? = nil,
        retries: Int? = nil,
        disable: Bool = false,
        extensions: [String: JSONValue] = [:]
    ) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
        self.disable = disable
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case test
        case interval
        case timeout
        case startPeriod = "start_period"
        case startInterval = "start_interval"
        case retries
        case disable
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.test, forKey: .test)
        try c.encodeIfPresent(self.interval, forKey: .interval)
        try c.encodeIfPresent(self.timeout, forKey: .timeout)
        try c.encodeIfPresent(self.startPeriod, forKey: .startPeriod)
        try c.encodeIfPresent(self.startInterval, forKey: .startInterval)
        try c.encodeIfPresent(self.retries, forKey: .retries)
        if self.disable { try c.encode(true, forKey: .disable) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.test = try c.decodeIfPresent([String].self, forKey: .test)
        self.interval = try c.decodeIfPresent(ComposeDuration.self, forKey: .interval)
        self.timeout = try c.decodeIfPresent(ComposeDuration.self, forKey: .timeout)
        self.startPeriod = try c.decodeIfPresent(ComposeDuration.self, forKey: .startPeriod)
        self.startInterval = try c.decodeIfPresent(ComposeDuration.self, forKey: .startInterval)
        self.retries = try c.decodeIfPresent(Int.self, forKey: .retries)
        self.disable = try c.decodeIfPresent(Bool.self, forKey: .disable) ?? false
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `logging`.
public struct LoggingConfig: Sendable, Hashable, Codable {
    /// `driver`
    public var driver: String?
    /// `options`
    public var options: [String: String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        driver: String? = nil,
        options: [String: String] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.driver = driver
        self.options = options
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case driver
        case options
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.driver, forKey: .driver)
        if !self.options.isEmpty { try c.encode(self.options, forKey: .options) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.driver = try c.decodeIfPresent(String.self, forKey: .driver)
        self.options = try c.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// One port, long syntax (short entries expand to one or more).
public struct ServicePortConfig: Sendable, Hashable, Codable {
    /// `name`
    public var name: String?
    /// `mode`
    public var mode: String
    /// `host_ip`
    public var hostIP: String?
    /// `target`
    public var target: Int
    /// A port or a range (`8000-9000`), always a string.
    public var published: String?
    /// `protocol`
    public var `protocol`: String
    /// `app_protocol`
    public var appProtocol: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String? = nil,
        mode: String = "ingress",
        hostIP: String? = nil,
        target: Int = 0,
        published: String? = nil,
        `protocol`: String = "tcp",
        appProtocol: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.mode = mode
        self.hostIP = hostIP
        self.target = target
        self.published = published
        self.protocol = `protocol`
        self.appProtocol = appProtocol
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case mode
        case hostIP = "host_ip"
        case target
        case published
        case `protocol`
        case appProtocol = "app_protocol"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.name, forKey: .name)
        try c.encode(self.mode, forKey: .mode)
        try c.encodeIfPresent(self.hostIP, forKey: .hostIP)
        try c.encode(self.target, forKey: .target)
        try c.encodeIfPresent(self.published, forKey: .published)
        try c.encode(self.protocol, forKey: .protocol)
        try c.encodeIfPresent(self.appProtocol, forKey: .appProtocol)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try c.decodeIfPresent(String.self, forKey: .name)
        self.mode = try c.decodeIfPresent(String.self, forKey: .mode) ?? "ingress"
        self.hostIP = try c.decodeIfPresent(String.self, forKey: .hostIP)
        self.target = try c.decodeIfPresent(Int.self, forKey: .target) ?? 0
        self.published = try c.decodeIfPresent(String.self, forKey: .published)
        self.protocol = try c.decodeIfPresent(String.self, forKey: .protocol) ?? "tcp"
        self.appProtocol = try c.decodeIfPresent(String.self, forKey: .appProtocol)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// One mount, long syntax.
public struct ServiceVolumeConfig: Sendable, Hashable, Codable {
    /// `bind`, `volume`, `tmpfs`, `cluster`, `npipe` or `image`.
    public var type: String
    /// `source`
    public var source: String?
    /// `target`
    public var target: String
    /// `read_only`
    public var readOnly: Bool
    /// `consistency`
    public var consistency: String?
    /// `bind`
    public var bind: ServiceVolumeBind?
    /// `volume`
    public var volume: ServiceVolumeVolume?
    /// `tmpfs`
    public var tmpfs: ServiceVolumeTmpfs?
    /// `image`
    public var image: ServiceVolumeImage?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        type: String = "volume",
        source: String? = nil,
        target: String = "",
        readOnly: Bool = false,
        consistency: String? = nil,
        bind: ServiceVolumeBind? = nil,
        volume: ServiceVolumeVolume? = nil,
        tmpfs: ServiceVolumeTmpfs? = nil,
        image: ServiceVolumeImage? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.consistency = consistency
        self.bind = bind
        self.volume = volume
        self.tmpfs = tmpfs
        self.image = image
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case type
        case source
        case target
        case readOnly = "read_only"
        case consistency
        case bind
        case volume
        case tmpfs
        case image
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.type, forKey: .type)
        try c.encodeIfPresent(self.source, forKey: .source)
        try c.encode(self.target, forKey: .target)
        if self.readOnly { try c.encode(true, forKey: .readOnly) }
        try c.encodeIfPresent(self.consistency, forKey: .consistency)
        try c.encodeIfPresent(self.bind, forKey: .bind)
        try c.encodeIfPresent(self.volume, forKey: .volume)
        try c.encodeIfPresent(self.tmpfs, forKey: .tmpfs)
        try c.encodeIfPresent(self.image, forKey: .image)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try c.decodeIfPresent(String.self, forKey: .type) ?? "volume"
        self.source = try c.decodeIfPresent(String.self, forKey: .source)
        self.target = try c.decodeIfPresent(String.self, forKey: .target) ?? ""
        self.readOnly = try c.decodeIfPresent(Bool.self, forKey: .readOnly) ?? false
        self.consistency = try c.decodeIfPresent(String.self, forKey: .consistency)
        self.bind = try c.decodeIfPresent(ServiceVolumeBind.self, forKey: .bind)
        self.volume = try c.decodeIfPresent(ServiceVolumeVolume.self, forKey: .volume)
        self.tmpfs = try c.decodeIfPresent(ServiceVolumeTmpfs.self, forKey: .tmpfs)
        self.image = try c.decodeIfPresent(ServiceVolumeImage.self, forKey: .image)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `bind` options of a mount.
public struct ServiceVolumeBind: Sendable, Hashable, Codable {
    /// `propagation`
    public var propagation: String?
    /// `create_host_path`
    public var createHostPath: Bool?
    /// `recursive`
    public var recursive: String?
    /// `selinux`
    public var selinux: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        propagation: String? = nil,
        createHostPath: Bool? = nil,
        recursive: String? = nil,
        selinux: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.propagation = propagation
        self.createHostPath = createHostPath
        self.recursive = recursive
        self.selinux = selinux
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case propagation
        case createHostPath = "create_host_path"
        case recursive
        case selinux
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.propagation, forKey: .propagation)
        try c.encodeIfPresent(self.createHostPath, forKey: .createHostPath)
        try c.encodeIfPresent(self.recursive, forKey: .recursive)
        try c.encodeIfPresent(self.selinux, forKey: .selinux)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.propagation = try c.decodeIfPresent(String.self, forKey: .propagation)
        self.createHostPath = try c.decodeIfPresent(Bool.self, forKey: .createHostPath)
        self.recursive = try c.decodeIfPresent(String.self, forKey: .recursive)
        self.selinux = try c.decodeIfPresent(String.self, forKey: .selinux)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `volume` options of a mount.
public struct ServiceVolumeVolume: Sendable, Hashable, Codable {
    /// `labels`
    public var labels: [String: String]
    /// `nocopy`
    public var nocopy: Bool
    /// `subpath`
    public var subpath: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        labels: [String: String] = [:],
        nocopy: Bool = false,
        subpath: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.labels = labels
        self.nocopy = nocopy
        self.subpath = subpath
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case labels
        case nocopy
        case subpath
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        if self.nocopy { try c.encode(true, forKey: .nocopy) }
        try c.encodeIfPresent(self.subpath, forKey: .subpath)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.nocopy = try c.decodeIfPresent(Bool.self, forKey: .nocopy) ?? false
        self.subpath = try c.decodeIfPresent(String.self, forKey: .subpath)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `tmpfs` options of a mount.
public struct ServiceVolumeTmpfs: Sendable, Hashable, Codable {
    /// Bytes.
    public var size: Int64?
    /// `mode`
    public var mode: Int?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        size: Int64? = nil,
        mode: Int? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.size = size
        self.mode = mode
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case size
        case mode
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.size, forKey: .size)
        try c.encodeIfPresent(self.mode, forKey: .mode)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.size = try c.decodeIfPresent(Int64.self, forKey: .size)
        self.mode = try c.decodeIfPresent(Int.self, forKey: .mode)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `image` options of a mount.
public struct ServiceVolumeImage: Sendable, Hashable, Codable {
    /// `subpath`
    public var subpath: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        subpath: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.subpath = subpath
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case subpath
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.subpath, forKey: .subpath)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.subpath = try c.decodeIfPresent(String.self, forKey: .subpath)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A service's options on one network.
public struct ServiceNetworkConfig: Sendable, Hashable, Codable {
    /// `aliases`
    public var aliases: [String]
    /// `interface_name`
    public var interfaceName: String?
    /// `ipv4_address`
    public var ipv4Address: String?
    /// `ipv6_address`
    public var ipv6Address: String?
    /// `link_local_ips`
    public var linkLocalIPs: [String]
    /// `mac_address`
    public var macAddress: String?
    /// `driver_opts`
    public var driverOpts: [String: String]
    /// `priority`
    public var priority: Int?
    /// `gw_priority`
    public var gwPriority: Int?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        aliases: [String] = [],
        interfaceName: String? = nil,
        ipv4Address: String? = nil,
        ipv6Address: String? = nil,
        linkLocalIPs: [String] = [],
        macAddress: String? = nil,
        driverOpts: [String: String] = [:],
        priority: Int? = nil,
        gwPriority: Int? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.aliases = aliases
        self.interfaceName = interfaceName
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
        self.linkLocalIPs = linkLocalIPs
        self.macAddress = macAddress
        self.driverOpts = driverOpts
        self.priority = priority
        self.gwPriority = gwPriority
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case aliases
        case interfaceName = "interface_name"
        case ipv4Address = "ipv4_address"
        case ipv6Address = "ipv6_address"
        case linkLocalIPs = "link_local_ips"
        case macAddress = "mac_address"
        case driverOpts = "driver_opts"
        case priority
        case gwPriority = "gw_priority"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !self.aliases.isEmpty { try c.encode(self.aliases, forKey: .aliases) }
        try c.encodeIfPresent(self.interfaceName, forKey: .interfaceName)
        try c.encodeIfPresent(self.ipv4Address, forKey: .ipv4Address)
        try c.encodeIfPresent(self.ipv6Address, forKey: .ipv6Address)
        if !self.linkLocalIPs.isEmpty { try c.encode(self.linkLocalIPs, forKey: .linkLocalIPs) }
        try c.encodeIfPresent(self.macAddress, forKey: .macAddress)
        if !self.driverOpts.isEmpty { try c.encode(self.driverOpts, forKey: .driverOpts) }
        try c.encodeIfPresent(self.priority, forKey: .priority)
        try c.encodeIfPresent(self.gwPriority, forKey: .gwPriority)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        self.interfaceName = try c.decodeIfPresent(String.self, forKey: .interfaceName)
        self.ipv4Address = try c.decodeIfPresent(String.self, forKey: .ipv4Address)
        self.ipv6Address = try c.decodeIfPresent(String.self, forKey: .ipv6Address)
        self.linkLocalIPs = try c.decodeIfPresent([String].self, forKey: .linkLocalIPs) ?? []
        self.macAddress = try c.decodeIfPresent(String.self, forKey: .macAddress)
        self.driverOpts = try c.decodeIfPresent([String: String].self, forKey: .driverOpts) ?? [:]
        self.priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        self.gwPriority = try c.decodeIfPresent(Int.self, forKey: .gwPriority)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A service's use of one model.
public struct ServiceModelConfig: Sendable, Hashable, Codable {
    /// `endpoint_var`
    public var endpointVar: String?
    /// `model_var`
    public var modelVar: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        endpointVar: String? = nil,
        modelVar: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.endpointVar = endpointVar
        self.modelVar = modelVar
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case endpointVar = "endpoint_var"
        case modelVar = "model_var"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.endpointVar, forKey: .endpointVar)
        try c.encodeIfPresent(self.modelVar, forKey: .modelVar)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.endpointVar = try c.decodeIfPresent(String.self, forKey: .endpointVar)
        self.modelVar = try c.decodeIfPresent(String.self, forKey: .modelVar)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A service's `secrets`/`configs` entry, long syntax.
public struct FileReference: Sendable, Hashable, Codable {
    /// `source`
    public var source: String
    /// Secrets default to `/run/secrets/<source>`; configs keep `nil` (runtime default `/<source>`).
    public var target: String?
    /// `uid`
    public var uid: String?
    /// `gid`
    public var gid: String?
    /// Permission bits (`0440` octal in the file).
    public var mode: Int?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        source: String = "",
        target: String? = nil,
        uid: String? = nil,
        gid: String? = nil,
        mode: Int? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.source = source
        self.target = target
        self.uid = uid
        self.gid = gid
        self.mode = mode
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case source
        case target
        case uid
        case gid
        case mode
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.source, forKey: .source)
        try c.encodeIfPresent(self.target, forKey: .target)
        try c.encodeIfPresent(self.uid, forKey: .uid)
        try c.encodeIfPresent(self.gid, forKey: .gid)
        try c.encodeIfPresent(self.mode, forKey: .mode)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        self.target = try c.decodeIfPresent(String.self, forKey: .target)
        self.uid = try c.decodeIfPresent(String.self, forKey: .uid)
        self.gid = try c.decodeIfPresent(String.self, forKey: .gid)
        self.mode = try c.decodeIfPresent(Int.self, forKey: .mode)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A `devices` entry.
public struct DeviceMapping: Sendable, Hashable, Codable {
    /// `source`
    public var source: String
    /// `target`
    public var target: String
    /// `permissions`
    public var permissions: String
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        source: String = "",
        target: String = "",
        permissions: String = "rwm",
        extensions: [String: JSONValue] = [:]
    ) {
        self.source = source
        self.target = target
        self.permissions = permissions
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case source
        case target
        case permissions
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.source, forKey: .source)
        try c.encode(self.target, forKey: .target)
        try c.encode(self.permissions, forKey: .permissions)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.source = try c.decodeIfPresent(String.self, forKey: .source) ?? ""
        self.target = try c.decodeIfPresent(String.self, forKey: .target) ?? ""
        self.permissions = try c.decodeIfPresent(String.self, forKey: .permissions) ?? "rwm"
        extensions = try decodeExtensions(from: decoder)
    }
}

/// An `env_file` entry, long syntax.
public struct EnvFileConfig: Sendable, Hashable, Codable {
    /// Absolute after loading.
    public var path: String
    /// `required`
    public var required: Bool
    /// `format`
    public var format: String?

    /// Memberwise initializer; every field has its empty default.
    public init(
        path: String = "",
        required: Bool = true,
        format: String? = nil
    ) {
        self.path = path
        self.required = required
        self.format = format
    }

    enum CodingKeys: String, CodingKey {
        case path
        case required
        case format
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.path, forKey: .path)
        try c.encode(self.required, forKey: .required)
        try c.encodeIfPresent(self.format, forKey: .format)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.path = try c.decodeIfPresent(String.self, forKey: .path) ?? ""
        self.required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        self.format = try c.decodeIfPresent(String.self, forKey: .format)
    }
}

/// `extends` (kept for reference; the loader resolves it).
public struct ExtendsConfig: Sendable, Hashable, Codable {
    /// `service`
    public var service: String
    /// `file`
    public var file: String?

    /// Memberwise initializer; every field has its empty default.
    public init(
        service: String = "",
        file: String? = nil
    ) {
        self.service = service
        self.file = file
    }

    enum CodingKeys: String, CodingKey {
        case service
        case file
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.service, forKey: .service)
        try c.encodeIfPresent(self.file, forKey: .file)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.service = try c.decodeIfPresent(String.self, forKey: .service) ?? ""
        self.file = try c.decodeIfPresent(String.self, forKey: .file)
    }
}

/// `provider`.
public struct ServiceProviderConfig: Sendable, Hashable, Codable {
    /// `type`
    public var type: String
    /// `options`
    public var options: [String: [String]]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        type: String = "",
        options: [String: [String]] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.options = options
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case type
        case options
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(self.type, forKey: .type)
        if !self.options.isEmpty { try c.encode(self.options, forKey: .options) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.type = try c.decodeIfPresent(String.self, forKey: .type) ?? ""
        self.options = try c.decodeIfPresent([String: [String]].self, forKey: .options) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A top-level network.
public struct NetworkConfig: Sendable, Hashable, Codable {
    /// The engine-side name (`<project>_<key>` unless set or external).
    public var name: String?
    /// `driver`
    public var driver: String?
    /// `driver_opts`
    public var driverOpts: [String: String]
    /// `ipam`
    public var ipam: IPAMConfig?
    /// `external`
    public var external: Bool
    /// `internal`
    public var `internal`: Bool
    /// `enable_ipv4`
    public var enableIPv4: Bool?
    /// `enable_ipv6`
    public var enableIPv6: Bool?
    /// `attachable`
    public var attachable: Bool
    /// `labels`
    public var labels: [String: String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String? = nil,
        driver: String? = nil,
        driverOpts: [String: String] = [:],
        ipam: IPAMConfig? = nil,
        external: Bool = false,
        `internal`: Bool = false,
        enableIPv4: Bool? = nil,
        enableIPv6: Bool? = nil,
        attachable: Bool = false,
        labels: [String: String] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.driver = driver
        self.driverOpts = driverOpts
        self.ipam = ipam
        self.external = external
        self.internal = `internal`
        self.enableIPv4 = enableIPv4
        self.enableIPv6 = enableIPv6
        self.attachable = attachable
        self.labels = labels
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case driver
        case driverOpts = "driver_opts"
        case ipam
        case external
        case `internal`
        case enableIPv4 = "enable_ipv4"
        case enableIPv6 = "enable_ipv6"
        case attachable
        case labels
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.name, forKey: .name)
        try c.encodeIfPresent(self.driver, forKey: .driver)
        if !self.driverOpts.isEmpty { try c.encode(self.driverOpts, forKey: .driverOpts) }
        try c.encodeIfPresent(self.ipam, forKey: .ipam)
        if self.external { try c.encode(true, forKey: .external) }
        if self.internal { try c.encode(true, forKey: .internal) }
        try c.encodeIfPresent(self.enableIPv4, forKey: .enableIPv4)
        try c.encodeIfPresent(self.enableIPv6, forKey: .enableIPv6)
        if self.attachable { try c.encode(true, forKey: .attachable) }
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try c.decodeIfPresent(String.self, forKey: .name)
        self.driver = try c.decodeIfPresent(String.self, forKey: .driver)
        self.driverOpts = try c.decodeIfPresent([String: String].self, forKey: .driverOpts) ?? [:]
        self.ipam = try c.decodeIfPresent(IPAMConfig.self, forKey: .ipam)
        self.external = try c.decodeIfPresent(Bool.self, forKey: .external) ?? false
        self.internal = try c.decodeIfPresent(Bool.self, forKey: .internal) ?? false
        self.enableIPv4 = try c.decodeIfPresent(Bool.self, forKey: .enableIPv4)
        self.enableIPv6 = try c.decodeIfPresent(Bool.self, forKey: .enableIPv6)
        self.attachable = try c.decodeIfPresent(Bool.self, forKey: .attachable) ?? false
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `ipam`.
public struct IPAMConfig: Sendable, Hashable, Codable {
    /// `driver`
    public var driver: String?
    /// `config`
    public var config: [IPAMPool]
    /// `options`
    public var options: [String: String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        driver: String? = nil,
        config: [IPAMPool] = [],
        options: [String: String] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.driver = driver
        self.config = config
        self.options = options
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case driver
        case config
        case options
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.driver, forKey: .driver)
        if !self.config.isEmpty { try c.encode(self.config, forKey: .config) }
        if !self.options.isEmpty { try c.encode(self.options, forKey: .options) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.driver = try c.decodeIfPresent(String.self, forKey: .driver)
        self.config = try c.decodeIfPresent([IPAMPool].self, forKey: .config) ?? []
        self.options = try c.decodeIfPresent([String: String].self, forKey: .options) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// `ipam.config` entry.
public struct IPAMPool: Sendable, Hashable, Codable {
    /// `subnet`
    public var subnet: String?
    /// `ip_range`
    public var ipRange: String?
    /// `gateway`
    public var gateway: String?
    /// `aux_addresses`
    public var auxAddresses: [String: String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        subnet: String? = nil,
        ipRange: String? = nil,
        gateway: String? = nil,
        auxAddresses: [String: String] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.subnet = subnet
        self.ipRange = ipRange
        self.gateway = gateway
        self.auxAddresses = auxAddresses
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case subnet
        case ipRange = "ip_range"
        case gateway
        case auxAddresses = "aux_addresses"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.subnet, forKey: .subnet)
        try c.encodeIfPresent(self.ipRange, forKey: .ipRange)
        try c.encodeIfPresent(self.gateway, forKey: .gateway)
        if !self.auxAddresses.isEmpty { try c.encode(self.auxAddresses, forKey: .auxAddresses) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.subnet = try c.decodeIfPresent(String.self, forKey: .subnet)
        self.ipRange = try c.decodeIfPresent(String.self, forKey: .ipRange)
        self.gateway = try c.decodeIfPresent(String.self, forKey: .gateway)
        self.auxAddresses = try c.decodeIfPresent([String: String].self, forKey: .auxAddresses) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A top-level volume.
public struct VolumeConfig: Sendable, Hashable, Codable {
    /// The engine-side name (`<project>_<key>` unless set or external).
    public var name: String?
    /// `driver`
    public var driver: String?
    /// `driver_opts`
    public var driverOpts: [String: String]
    /// `external`
    public var external: Bool
    /// `labels`
    public var labels: [String: String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String? = nil,
        driver: String? = nil,
        driverOpts: [String: String] = [:],
        external: Bool = false,
        labels: [String: String] = [:],
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.driver = driver
        self.driverOpts = driverOpts
        self.external = external
        self.labels = labels
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case driver
        case driverOpts = "driver_opts"
        case external
        case labels
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.name, forKey: .name)
        try c.encodeIfPresent(self.driver, forKey: .driver)
        if !self.driverOpts.isEmpty { try c.encode(self.driverOpts, forKey: .driverOpts) }
        if self.external { try c.encode(true, forKey: .external) }
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try c.decodeIfPresent(String.self, forKey: .name)
        self.driver = try c.decodeIfPresent(String.self, forKey: .driver)
        self.driverOpts = try c.decodeIfPresent([String: String].self, forKey: .driverOpts) ?? [:]
        self.external = try c.decodeIfPresent(Bool.self, forKey: .external) ?? false
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A top-level secret or config (`SecretConfig`, `ConfigObjConfig`).
public struct FileObjectConfig: Sendable, Hashable, Codable {
    /// The engine-side name (`<project>_<key>` unless set or external).
    public var name: String?
    /// Absolute after loading.
    public var file: String?
    /// `environment`
    public var environment: String?
    /// `content`
    public var content: String?
    /// `external`
    public var external: Bool
    /// `labels`
    public var labels: [String: String]
    /// `driver`
    public var driver: String?
    /// `driver_opts`
    public var driverOpts: [String: String]
    /// `template_driver`
    public var templateDriver: String?
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String? = nil,
        file: String? = nil,
        environment: String? = nil,
        content: String? = nil,
        external: Bool = false,
        labels: [String: String] = [:],
        driver: String? = nil,
        driverOpts: [String: String] = [:],
        templateDriver: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.file = file
        self.environment = environment
        self.content = content
        self.external = external
        self.labels = labels
        self.driver = driver
        self.driverOpts = driverOpts
        self.templateDriver = templateDriver
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case file
        case environment
        case content
        case external
        case labels
        case driver
        case driverOpts = "driver_opts"
        case templateDriver = "template_driver"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.name, forKey: .name)
        try c.encodeIfPresent(self.file, forKey: .file)
        try c.encodeIfPresent(self.environment, forKey: .environment)
        try c.encodeIfPresent(self.content, forKey: .content)
        if self.external { try c.encode(true, forKey: .external) }
        if !self.labels.isEmpty { try c.encode(self.labels, forKey: .labels) }
        try c.encodeIfPresent(self.driver, forKey: .driver)
        if !self.driverOpts.isEmpty { try c.encode(self.driverOpts, forKey: .driverOpts) }
        try c.encodeIfPresent(self.templateDriver, forKey: .templateDriver)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try c.decodeIfPresent(String.self, forKey: .name)
        self.file = try c.decodeIfPresent(String.self, forKey: .file)
        self.environment = try c.decodeIfPresent(String.self, forKey: .environment)
        self.content = try c.decodeIfPresent(String.self, forKey: .content)
        self.external = try c.decodeIfPresent(Bool.self, forKey: .external) ?? false
        self.labels = try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        self.driver = try c.decodeIfPresent(String.self, forKey: .driver)
        self.driverOpts = try c.decodeIfPresent([String: String].self, forKey: .driverOpts) ?? [:]
        self.templateDriver = try c.decodeIfPresent(String.self, forKey: .templateDriver)
        extensions = try decodeExtensions(from: decoder)
    }
}

/// A top-level model.
public struct ModelConfig: Sendable, Hashable, Codable {
    /// `name`
    public var name: String?
    /// `model`
    public var model: String?
    /// `context_size`
    public var contextSize: Int?
    /// `runtime_flags`
    public var runtimeFlags: [String]
    /// `x-*` extension fields, encoded inline.
    public var extensions: [String: JSONValue]

    /// Memberwise initializer; every field has its empty default.
    public init(
        name: String? = nil,
        model: String? = nil,
        contextSize: Int? = nil,
        runtimeFlags: [String] = [],
        extensions: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.model = model
        self.contextSize = contextSize
        self.runtimeFlags = runtimeFlags
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey {
        case name
        case model
        case contextSize = "context_size"
        case runtimeFlags = "runtime_flags"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(self.name, forKey: .name)
        try c.encodeIfPresent(self.model, forKey: .model)
        try c.encodeIfPresent(self.contextSize, forKey: .contextSize)
        if !self.runtimeFlags.isEmpty { try c.encode(self.runtimeFlags, forKey: .runtimeFlags) }
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try c.decodeIfPresent(String.self, forKey: .name)
        self.model = try c.decodeIfPresent(String.self, forKey: .model)
        self.contextSize = try c.decodeIfPresent(Int.self, forKey: .contextSize)
        self.runtimeFlags = try c.decodeIfPresent([String].self, forKey: .runtimeFlags) ?? []
        extensions = try decodeExtensions(from: decoder)
    }
}

