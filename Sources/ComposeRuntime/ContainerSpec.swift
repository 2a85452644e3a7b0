import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient

/// A file written into a container before it starts (`content:`/`environment:` secrets and
/// configs), with `PUT /containers/{id}/archive` at `/`.
public struct InjectedFile: Sendable, Hashable {
    /// Absolute path in the container.
    public var path: String
    /// The file's bytes.
    public var contents: [UInt8]
    /// Permission bits (default `0444`, or the reference's `mode`).
    public var mode: Int
    /// Owner user ID.
    public var uid: Int
    /// Owner group ID.
    public var gid: Int

    /// A file from its parts.
    public init(path: String, contents: [UInt8], mode: Int = 0o444, uid: Int = 0, gid: Int = 0) {
        self.path = path
        self.contents = contents
        self.mode = mode
        self.uid = uid
        self.gid = gid
    }

    /// The tar archive to extract at `/`.
    public static func archive(_ files: [InjectedFile]) -> [UInt8] {
        var tar = TarArchive()
        for f in files {
            let relative = String(f.path.drop { $0 == "/" })
            tar.addFile(relative, contents: f.contents, mode: f.mode, uid: f.uid, gid: f.gid)
        }
        return tar.bytes
    }
}

/// A network joined after create (engines older than API 1.44 take one network at create).
public struct NetworkAttachment: Sendable, Hashable {
    /// Engine name of the network.
    public var network: String
    /// Aliases, static addresses, driver options.
    public var endpoint: EndpointSettings

    /// An attachment from its parts.
    public init(network: String, endpoint: EndpointSettings) {
        self.network = network
        self.endpoint = endpoint
    }
}

/// What the mapping needs beyond the service: the project, labels, the engine's API version and
/// the containers that `service:x` references resolve to.
public struct ContainerSpecContext: Sendable {
    /// The whole project (network, volume, secret and config declarations).
    public var project: Project
    /// Facts for the container labels.
    public var labels: LabelContext
    /// The negotiated engine API version (decides EndpointsConfig vs connect-after-create).
    public var apiVersion: APIVersion
    /// Service → its containers' IDs, lowest number first (for `network_mode`/`ipc`/`pid:
    /// service:x` and `volumes_from`).
    public var containerIDs: [String: [String]]
    /// Service → its containers' names, lowest number first (for `links`).
    public var containerNames: [String: [String]]
    /// Mounts of the container being replaced: its anonymous volumes carry over.
    public var inheritedMounts: [MountPoint]
    /// Short name of the container being replaced (`web-1`), for the replace label.
    public var replacing: String?
    /// For `environment:` secrets the loader did not resolve.
    public var environment: [String: String]
    /// `com.docker.compose.image` value, when known.
    public var imageDigest: String?

    /// A context from its parts; only project and labels are required.
    public init(
        project: Project, labels: LabelContext, apiVersion: APIVersion = APIVersion(1, 41),
        containerIDs: [String: [String]] = [:], containerNames: [String: [String]] = [:],
        inheritedMounts: [MountPoint] = [], replacing: String? = nil, environment: [String: String] = [:],
        imageDigest: String? = nil
    ) {
        self.project = project
        self.labels = labels
        self.apiVersion = apiVersion
        self.containerIDs = containerIDs
        self.containerNames = containerNames
        self.inheritedMounts = inheritedMounts
        self.replacing = replacing
        self.environment = environment
        self.imageDigest = imageDigest
    }
}

/// Service → `POST /containers/create` body, as Compose v2 maps it (compose-v2-behaviour.md §5). Pure.
public struct ContainerSpec: Sendable {
    /// The container name.
    public var name: String
    /// `platform` query parameter.
    public var platform: String?
    /// The create body.
    public var request: ContainerCreateRequest
    /// Networks to connect after create (API < 1.44), in priority order.
    public var laterNetworks: [NetworkAttachment]
    /// Files to write before each start.
    public var injectedFiles: [InjectedFile]

    /// Maps one container of `service`.
    public static func make(
        service: Service, number: Int, name: String, context: ContainerSpecContext
    ) throws(RuntimeError) -> ContainerSpec {
        let project = context.project
        var config = ContainerConfig()
        var host = HostConfig()

        config.image = service.image ?? "\(project.name)-\(service.name)"
        config.labels = ServiceLabels.containerLabels(
            project: project.name, service: service, number: number, context: context.labels,
            imageDigest: context.imageDigest, replacing: context.replacing)
        config.hostname = service.hostname
        config.domainname = service.domainname
        config.user = service.user
        config.workingDir = service.workingDir
        config.entrypoint = service.entrypoint
        config.cmd = service.command
        let env = Environment.assignments(service.environment)
        config.env = env.isEmpty ? nil : env
        if service.tty { config.tty = true }
        if service.stdinOpen { config.openStdin = true }
        config.attachStdout = true
        config.attachStderr = true
        config.stopSignal = service.stopSignal
        if let grace = service.stopGracePeriod {
            config.stopTimeout = Int(grace.nanoseconds / 1_000_000_000)
        }
        config.healthcheck = try healthcheck(service.healthcheck, api: context.apiVersion, service: service.name)
        if let mac = service.macAddress, context.apiVersion < APIVersion(1, 44) { config.macAddress = mac }

        // Ports and expose.
        var exposed: [String: EmptyObject] = [:]
        var bindings: [String: [PortBinding]] = [:]
        for p in service.ports {
            let key = "\(p.target)/\(p.protocol.isEmpty ? "tcp" : p.protocol)"
            exposed[key] = EmptyObject()
            var b = PortBinding()
            b.hostIp = p.hostIP ?? ""
            b.hostPort = p.published ?? ""
            bindings[key, default: []].append(b)
        }
        for e in service.expose {
            for key in expandExpose(e) { exposed[key] = EmptyObject() }
        }
        if !exposed.isEmpty { config.exposedPorts = exposed }
        if !bindings.isEmpty { host.portBindings = bindings }

        // Restart policy.
        host.restartPolicy = restartPolicy(service)

        // Resources.
        if let cpus = service.cpus { host.nanoCpus = Int64((cpus * 1e9).rounded()) }
        host.memory = service.memLimit
        host.memoryReservation = service.memReservation
        host.memorySwap = service.memswapLimit
        host.memorySwappiness = service.memSwappiness
        host.pidsLimit = service.pidsLimit
        host.cpuShares = service.cpuShares.map { Int($0) }
        host.cpuPeriod = service.cpuPeriod
        host.cpuQuota = service.cpuQuota
        host.cpuRealtimePeriod = service.cpuRtPeriod
        host.cpuRealtimeRuntime = service.cpuRtRuntime
        host.cpusetCpus = service.cpuset
        host.cpuCount = service.cpuCount
        host.cpuPercent = service.cpuPercent.map { Int64($0) }
        if let resources = service.deploy?.resources {
            if let limits = resources.limits {
                if let cpus = limits.cpus { host.nanoCpus = Int64((cpus * 1e9).rounded()) }
                if let memory = limits.memory { host.memory = memory }
                if let pids = limits.pids { host.pidsLimit = pids }
            }
            if let reservations = resources.reservations {
                if let memory = reservations.memory { host.memoryReservation = memory }
                let requests = reservations.devices.map(deviceRequest)
                if !requests.isEmpty { host.deviceRequests = requests }
            }
        }
        if !service.gpus.isEmpty {
            host.deviceRequests = (host.deviceRequests ?? []) + service.gpus.map { g in
                var r = deviceRequest(g)
                if r.capabilities == nil || r.capabilities?.isEmpty == true { r.capabilities = [["gpu"]] }
                return r
            }
        }
        if service.oomKillDisable { host.oomKillDisable = true }
        host.oomScoreAdj = service.oomScoreAdj.map { Int($0) }
        if !service.ulimits.isEmpty {
            host.ulimits = service.ulimits.keys.sorted().compactMap { key in
                guard let u = service.ulimits[key] else { return nil }
                var out = EngineUlimit()
                out.name = key
                out.soft = Int64(u.single ?? u.soft ?? 0)
                out.hard = Int64(u.single ?? u.hard ?? 0)
                return out
            }
        }
        if let blkio = service.blkioConfig, let weight = blkio.weight { host.blkioWeight = weight }
        host.cgroupParent = service.cgroupParent

        // Logging.
        if let logging = service.logging, logging.driver != nil || !logging.options.isEmpty {
            var log = LogConfig()
            log.type = logging.driver
            log.config = logging.options.isEmpty ? nil : logging.options
            host.logConfig = log
        }

        // Process and security settings.
        if let initProcess = service.initProcess { host.initProcess = initProcess }
        if !service.capAdd.isEmpty { host.capAdd = service.capAdd }
        if !service.capDrop.isEmpty { host.capDrop = service.capDrop }
        if service.privileged { host.privileged = true }
        if service.readOnly { host.readonlyRootfs = true }
        if !service.securityOpt.isEmpty { host.securityOpt = service.securityOpt }
        if !service.sysctls.isEmpty { host.sysctls = service.sysctls }
        if !service.storageOpt.isEmpty { host.storageOpt = service.storageOpt }
        if !service.devices.isEmpty {
            host.devices = service.devices.map { d in
                var m = EngineDeviceMapping()
                m.pathOnHost = d.source
                m.pathInContainer = d.target.isEmpty ? d.source : d.target
                m.cgroupPermissions = d.permissions.isEmpty ? "rwm" : d.permissions
                return m
            }
        }
        if !service.deviceCgroupRules.isEmpty { host.deviceCgroupRules = service.deviceCgroupRules }
        if !service.extraHosts.isEmpty {
            host.extraHosts = service.extraHosts.entries.keys.sorted().flatMap { h in
                (service.extraHosts.entries[h] ?? []).map { "\(h):\($0)" }
            }
        }
        if !service.dns.isEmpty { host.dns = service.dns }
        if !service.dnsSearch.isEmpty { host.dnsSearch = service.dnsSearch }
        if !service.dnsOpt.isEmpty { host.dnsOptions = service.dnsOpt }
        host.shmSize = service.shmSize
        if !service.groupAdd.isEmpty { host.groupAdd = service.groupAdd }
        host.ipcMode = try resolveMode(service.ipc, context: context, what: "ipc", service: service.name)
        host.pidMode = try resolveMode(service.pid, context: context, what: "pid", service: service.name)
        host.utsMode = try resolveMode(service.uts, context: context, what: "uts", service: service.name)
        host.cgroup = try resolveMode(service.cgroup, context: context, what: "cgroup", service: service.name)
        host.usernsMode = service.usernsMode
        host.runtime = service.runtime
        host.isolation = service.isolation
        if !service.tmpfs.isEmpty {
            var t: [String: String] = [:]
            for entry in service.tmpfs {
                if let colon = entry.firstIndex(of: ":") {
                    t[String(entry[..<colon])] = String(entry[entry.index(after: colon)...])
                } else {
                    t[entry] = ""
                }
            }
            host.tmpfs = t
        }
        if !service.volumesFrom.isEmpty {
            host.volumesFrom = try service.volumesFrom.map { (source: String) throws(RuntimeError) -> String in
                if source.hasPrefix("container:") { return String(source.dropFirst("container:".count)) }
                let parts = source.split(separator: ":", maxSplits: 1).map(String.init)
                guard let id = context.containerIDs[parts[0]]?.first else {
                    throw RuntimeError(.dependencyFailed, "service \(service.name) uses volumes_from \(parts[0]), which has no container", service: service.name)
                }
                return parts.count > 1 ? "\(id):\(parts[1])" : id
            }
        }
        var links: [String] = []
        for link in service.links {
            let parts = link.split(separator: ":", maxSplits: 1).map(String.init)
            let alias = parts.count > 1 ? parts[1] : parts[0]
            for target in context.containerNames[parts[0]] ?? [] { links.append("\(target):\(alias)") }
        }
        links += service.externalLinks.map { $0.contains(":") ? $0 : "\($0):\($0)" }
        if !links.isEmpty { host.links = links }

        // Volumes, secrets, configs.
        let (binds, mounts) = try volumeMounts(service: service, context: context)
        let (secretMounts, injected) = try secretsAndConfigs(service: service, context: context)
        let secretTargets = Set(secretMounts.compactMap(\.target))
        let allMounts = mounts.filter { !secretTargets.contains($0.target ?? "") } + secretMounts
        if !binds.isEmpty { host.binds = binds }
        if !allMounts.isEmpty { host.mounts = allMounts }

        // Networks.
        var networking: NetworkingConfig?
        var later: [NetworkAttachment] = []
        if let mode = service.networkMode, !mode.isEmpty {
            if mode == "disabled" {
                config.networkDisabled = true
                host.networkMode = "none"
            } else {
                host.networkMode = try resolveMode(mode, context: context, what: "network_mode", service: service.name)
            }
        } else {
            let keys = ComposeNames.networkKeys(of: service).sorted { a, b in
                let pa = service.networks[a]??.priority ?? 0, pb = service.networks[b]??.priority ?? 0
                return pa != pb ? pa > pb : a < b
            }
            if keys.isEmpty {
                host.networkMode = "none"
            } else {
                var endpoints: [String: EndpointSettings] = [:]
                for (i, key) in keys.enumerated() {
                    let engineName = ComposeNames.network(project: project, key: key)
                    let ep = endpoint(service: service, key: key, containerName: name, api: context.apiVersion, primary: i == 0)
                    if i == 0 {
                        host.networkMode = engineName
                        endpoints[engineName] = ep
                    } else if context.apiVersion >= APIVersion(1, 44) {
                        endpoints[engineName] = ep
                    } else {
                        later.append(NetworkAttachment(network: engineName, endpoint: ep))
                    }
                }
                var n = NetworkingConfig()
                n.endpointsConfig = endpoints
                networking = n
            }
        }

        return ContainerSpec(
            name: name, platform: service.platform,
            request: ContainerCreateRequest(config: config, hostConfig: host, networkingConfig: networking),
            laterNetworks: later, injectedFiles: injected)
    }

    /// Read-only bind mounts for file secrets/configs, and the files to write before start for
    /// `content:`/`environment:` ones.
    public static func secretsAndConfigs(service: Service, context: ContainerSpecContext) throws(RuntimeError) -> ([Mount], [InjectedFile]) {
        let project = context.project
        var allMounts: [Mount] = []
        var injected: [InjectedFile] = []
        for (kind, refs, objects) in [
            ("secret", service.secrets, project.secrets), ("config", service.configs, project.configs),
        ] {
            for ref in refs {
                guard let object = objects[ref.source] else {
                    throw RuntimeError(.other, "service \(service.name) refers to undefined \(kind) \(ref.source)", service: service.name)
                }
                if object.external {
                    throw RuntimeError(.unsupported, "unsupported external \(kind) \(object.name ?? ref.source)", service: service.name)
                }
                let target = fileTarget(kind: kind, ref: ref)
                if let file = object.file {
                    var m = Mount()
                    m.type = "bind"
                    m.source = file.hasPrefix("/") ? file : joinPath(context.labels.workingDir, file)
                    m.target = target
                    m.readOnly = true
                    allMounts.removeAll { $0.target == target }
                    allMounts.append(m)
                } else {
                    if service.readOnly {
                        throw RuntimeError(.unsupported,
                            "cannot create \(kind) \"\(ref.source)\" in read-only service \(service.name): `file` is the sole supported option",
                            service: service.name)
                    }
                    let text = object.content ?? object.environment.flatMap { context.environment[$0] } ?? ""
                    injected.append(InjectedFile(
                        path: target, contents: Array(text.utf8), mode: ref.mode ?? 0o444,
                        uid: ref.uid.flatMap { Int($0) } ?? 0, gid: ref.gid.flatMap { Int($0) } ?? 0))
                }
            }
        }
        return (allMounts, injected)
    }

    // MARK: - pieces

    static func healthcheck(_ h: HealthCheckConfig?, api: APIVersion, service: String) throws(RuntimeError) -> HealthConfig? {
        guard let h else { return nil }
        var out = HealthConfig()
        if h.disable {
            out.test = ["NONE"]
            return out
        }
        out.test = h.test
        out.interval = h.interval?.nanoseconds
        out.timeout = h.timeout?.nanoseconds
        out.startPeriod = h.startPeriod?.nanoseconds
        out.retries = h.retries
        if let si = h.startInterval {
            if h.startPeriod == nil {
                throw RuntimeError(.other, "healthcheck.start_interval requires healthcheck.start_period to be set", service: service)
            }
            if api >= APIVersion(1, 44) { out.startInterval = si.nanoseconds }
        }
        return out
    }

    static func restartPolicy(_ service: Service) -> EngineRestartPolicy? {
        var p = EngineRestartPolicy()
        if let rp = service.deploy?.restartPolicy, let condition = rp.condition {
            switch condition {
            case "none": p.name = "no"
            case "any": p.name = "always"
            default: p.name = condition
            }
            if let max = rp.maxAttempts { p.maximumRetryCount = max }
            return p
        }
        guard let restart = service.restart, !restart.isEmpty else { return nil }
        if restart.hasPrefix("on-failure") {
            p.name = "on-failure"
            let parts = restart.split(separator: ":")
            if parts.count > 1, let n = Int(parts[1]) { p.maximumRetryCount = n }
        } else {
            p.name = restart
        }
        return p
    }

    static func deviceRequest(_ d: ComposeModel.DeviceRequest) -> EngineDeviceRequest {
        var r = EngineDeviceRequest()
        r.driver = d.driver
        r.count = d.count ?? (d.deviceIDs.isEmpty ? -1 : nil)
        r.deviceIDs = d.deviceIDs.isEmpty ? nil : d.deviceIDs
        r.capabilities = d.capabilities.isEmpty ? nil : [d.capabilities]
        r.options = d.options.isEmpty ? nil : d.options
        return r
    }

    /// `80`, `8000-8002/udp` → `80/tcp`, `8000/udp`, `8001/udp`, `8002/udp`.
    static func expandExpose(_ entry: String) -> [String] {
        let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
        let proto = parts.count > 1 ? parts[1] : "tcp"
        let range = parts.first ?? ""
        let bounds = range.split(separator: "-", maxSplits: 1).compactMap { Int($0) }
        if bounds.count == 2, bounds[0] <= bounds[1], bounds[1] - bounds[0] < 65536 {
            return (bounds[0]...bounds[1]).map { "\($0)/\(proto)" }
        }
        return ["\(range)/\(proto)"]
    }

    /// `service:x` → `container:<id of x's first container>`; anything else as is.
    static func resolveMode(_ mode: String?, context: ContainerSpecContext, what: String, service: String) throws(RuntimeError) -> String? {
        guard let mode, !mode.isEmpty else { return nil }
        guard mode.hasPrefix("service:") else { return mode }
        let ref = String(mode.dropFirst("service:".count))
        guard let id = context.containerIDs[ref]?.first else {
            throw RuntimeError(.dependencyFailed, "service \(service) uses \(what) of service \(ref), which has no container", service: service)
        }
        return "container:\(id)"
    }

    static func endpoint(service: Service, key: String, containerName: String, api: APIVersion, primary: Bool) -> EndpointSettings {
        var ep = EndpointSettings()
        var aliases = [containerName, service.name]
        let config = service.networks[key] ?? nil
        if let config {
            for a in config.aliases where !aliases.contains(a) { aliases.append(a) }
            if config.ipv4Address != nil || config.ipv6Address != nil || !config.linkLocalIPs.isEmpty {
                var ipam = EndpointIPAMConfig()
                ipam.ipv4Address = config.ipv4Address
                ipam.ipv6Address = config.ipv6Address
                ipam.linkLocalIPs = config.linkLocalIPs.isEmpty ? nil : config.linkLocalIPs
                ep.ipamConfig = ipam
            }
            if !config.driverOpts.isEmpty { ep.driverOpts = config.driverOpts }
            if api >= APIVersion(1, 44) { ep.macAddress = config.macAddress }
        }
        if primary, api >= APIVersion(1, 44), ep.macAddress == nil, let mac = service.macAddress { ep.macAddress = mac }
        ep.aliases = aliases
        return ep
    }

    static func fileTarget(kind: String, ref: FileReference) -> String {
        let base = kind == "secret" ? "/run/secrets" : ""
        guard let target = ref.target, !target.isEmpty else { return "\(base)/\(ref.source)" }
        if target.hasPrefix("/") { return target }
        return "\(base)/\(target)"
    }

    /// Engine-generated volume names are 64 hex digits.
    static func isAnonymousName(_ name: String) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    static func joinPath(_ dir: String, _ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return dir.hasSuffix("/") ? dir + p : dir + "/" + p
    }

    /// `Binds` strings and `Mounts` for the service's volumes, with anonymous volumes of a
    /// replaced container carried over.
    static func volumeMounts(service: Service, context: ContainerSpecContext) throws(RuntimeError) -> ([String], [Mount]) {
        var binds: [String] = []
        var mounts: [Mount] = []
        var targets: Set<String> = []
        let inherited = Dictionary(
            context.inheritedMounts.compactMap { m -> (String, String)? in
                guard m.type == "volume", let d = m.destination, let n = m.name, isAnonymousName(n) else { return nil }
                return (d, n)
            }, uniquingKeysWith: { a, _ in a })
        for v in service.volumes {
            targets.insert(v.target)
            switch v.type {
            case "bind":
                guard var source = v.source else { continue }
                if !source.hasPrefix("/") { source = joinPath(context.labels.workingDir, source) }
                let bind = v.bind
                if bind?.createHostPath == false || bind?.propagation != nil || bind?.recursive != nil {
                    var m = Mount()
                    m.type = "bind"
                    m.source = source
                    m.target = v.target
                    if v.readOnly { m.readOnly = true }
                    m.consistency = v.consistency
                    var o = BindOptions()
                    o.propagation = bind?.propagation
                    if bind?.recursive == "disabled" { o.nonRecursive = true }
                    m.bindOptions = o
                    mounts.append(m)
                } else {
                    var opts = [v.readOnly ? "ro" : "rw"]
                    if let selinux = bind?.selinux, !selinux.isEmpty { opts.append(selinux) }
                    binds.append("\(source):\(v.target):\(opts.joined(separator: ","))")
                }
            case "volume":
                if let source = v.source, !source.isEmpty {
                    let name = context.project.volumes[source] != nil
                        ? ComposeNames.volume(project: context.project, key: source) : source
                    let vo = v.volume
                    if let vo, !vo.labels.isEmpty || vo.subpath != nil || vo.nocopy {
                        var m = Mount()
                        m.type = "volume"
                        m.source = name
                        m.target = v.target
                        if v.readOnly { m.readOnly = true }
                        var o = VolumeOptions()
                        if vo.nocopy { o.noCopy = true }
                        o.labels = vo.labels.isEmpty ? nil : vo.labels
                        o.subpath = vo.subpath
                        m.volumeOptions = o
                        mounts.append(m)
                    } else {
                        binds.append("\(name):\(v.target):\(v.readOnly ? "ro" : "rw")")
                    }
                } else {
                    var m = Mount()
                    m.type = "volume"
                    m.target = v.target
                    m.source = inherited[v.target]
                    if v.readOnly { m.readOnly = true }
                    mounts.append(m)
                }
            case "tmpfs":
                var m = Mount()
                m.type = "tmpfs"
                m.target = v.target
                if v.tmpfs?.size != nil || v.tmpfs?.mode != nil {
                    var o = TmpfsOptions()
                    o.sizeBytes = v.tmpfs?.size
                    o.mode = v.tmpfs?.mode
                    m.tmpfsOptions = o
                }
                mounts.append(m)
            case "image":
                throw RuntimeError(.unsupported, "volume with type=image require Docker Engine v28 or later", service: service.name)
            default:
                throw RuntimeError(.unsupported, "unsupported volume type \(v.type) in service \(service.name)", service: service.name)
            }
        }
        // Anonymous volumes of the replaced container that the image declared (VOLUME).
        for (destination, name) in inherited.sorted(by: { $0.key < $1.key }) where !targets.contains(destination) {
            if context.project.volumes.keys.contains(where: { ComposeNames.volume(project: context.project, key: $0) == name }) { continue }
            var m = Mount()
            m.type = "volume"
            m.source = name
            m.target = destination
            mounts.append(m)
        }
        return (binds, mounts)
    }
}
