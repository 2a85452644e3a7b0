import ComposeModel
import YAMLSyntax

/// Every key of a service (compose-spec `definitions.service`).
let serviceKeys = [
    "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
    "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
    "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop",
    "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file",
    "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck",
    "hostname", "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
    "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "networks",
    "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop",
    "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only", "restart", "runtime",
    "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
    "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts",
    "volumes", "volumes_from", "working_dir",
]

extension TreeDecoder {
    func service(_ name: String, _ node: Node, _ path: String) -> Service {
        var s = Service()
        s.name = name
        if isNull(node) {
            typeError("mapping", path, node)
            return s
        }
        s.extensions = object(node, path, known: serviceKeys) { e, p in
            let v = e.value
            switch e.key {
            case "annotations": s.annotations = stringMap(v, p)
            case "attach": s.attach = bool(v, p)
            case "blkio_config": s.blkioConfig = blkio(v, p)
            case "build": s.build = build(v, p)
            case "cap_add": s.capAdd = stringList(v, p)
            case "cap_drop": s.capDrop = stringList(v, p)
            case "cgroup": s.cgroup = oneOf(v, p, ["host", "private"])
            case "cgroup_parent": s.cgroupParent = string(v, p)
            case "command": s.command = command(v, p)
            case "configs": s.configs = fileReferences(v, p, secrets: false)
            case "container_name": s.containerName = containerName(v, p)
            case "cpu_count": s.cpuCount = int(v, p, min: 0).map(Int64.init)
            case "cpu_percent": s.cpuPercent = double(v, p, min: 0, max: 100)
            case "cpu_period": s.cpuPeriod = int(v, p).map(Int64.init)
            case "cpu_quota": s.cpuQuota = int(v, p).map(Int64.init)
            case "cpu_rt_period": s.cpuRtPeriod = int(v, p).map(Int64.init)
            case "cpu_rt_runtime": s.cpuRtRuntime = int(v, p).map(Int64.init)
            case "cpu_shares": s.cpuShares = int(v, p).map(Int64.init)
            case "cpus": s.cpus = double(v, p, min: 0)
            case "cpuset": s.cpuset = string(v, p)
            case "credential_spec":
                var c = CredentialSpecConfig()
                c.extensions = object(v, p, known: ["config", "file", "registry"]) { e, p in
                    switch e.key {
                    case "config": c.config = string(e.value, p)
                    case "file": c.file = string(e.value, p)
                    case "registry": c.registry = string(e.value, p)
                    default: return false
                    }
                    return true
                }
                s.credentialSpec = c
            case "depends_on": s.dependsOn = dependsOn(v, p)
            case "deploy": s.deploy = deploy(v, p)
            case "develop": s.develop = develop(v, p)
            case "device_cgroup_rules": s.deviceCgroupRules = stringList(v, p)
            case "devices": s.devices = devices(v, p)
            case "dns": s.dns = stringOrList(v, p).filter { !$0.isEmpty }
            case "dns_opt": s.dnsOpt = stringList(v, p)
            case "dns_search": s.dnsSearch = stringOrList(v, p)
            case "domainname": s.domainname = string(v, p)
            case "entrypoint": s.entrypoint = command(v, p)
            case "env_file": s.envFile = envFiles(v, p)
            case "environment": s.environment = environment(v, p)
            case "expose":
                s.expose = (items(v, p) ?? []).enumerated().compactMap { i, n in stringOrNumber(n, join(p, i)) }
            case "extends": s.extends = extends(v, p)
            case "external_links": s.externalLinks = unique(stringList(v, p), v, p)
            case "extra_hosts": s.extraHosts = extraHosts(v, p)
            case "gpus": s.gpus = gpus(v, p)
            case "group_add":
                s.groupAdd = unique((items(v, p) ?? []).enumerated().compactMap { i, n in stringOrNumber(n, join(p, i)) }, v, p)
            case "healthcheck": s.healthcheck = healthcheck(v, p)
            case "hostname": s.hostname = string(v, p)
            case "image": s.image = string(v, p)
            case "init": s.initProcess = bool(v, p)
            case "ipc": s.ipc = string(v, p)
            case "isolation": s.isolation = string(v, p)
            case "label_file": s.labelFile = stringOrList(v, p).map(hostPath)
            case "labels": s.labels = stringMap(v, p)
            case "links": s.links = stringList(v, p)
            case "logging": s.logging = logging(v, p)
            case "mac_address": s.macAddress = string(v, p)
            case "mem_limit": s.memLimit = bytes(v, p)
            case "mem_reservation": s.memReservation = bytes(v, p)
            case "mem_swappiness": s.memSwappiness = int(v, p, min: 0, max: 100).map(Int64.init)
            case "memswap_limit": s.memswapLimit = bytes(v, p)
            case "models": s.models = serviceModels(v, p)
            case "network_mode": s.networkMode = string(v, p)
            case "networks": s.networks = serviceNetworks(v, p)
            case "oom_kill_disable": s.oomKillDisable = bool(v, p) ?? false
            case "oom_score_adj": s.oomScoreAdj = int(v, p, min: -1000, max: 1000).map(Int64.init)
            case "pid": s.pid = isNull(v) ? nil : string(v, p)
            case "pids_limit": s.pidsLimit = int(v, p).map(Int64.init)
            case "platform": s.platform = string(v, p)
            case "ports": s.ports = ports(v, p)
            case "post_start": s.postStart = hooks(v, p)
            case "pre_stop": s.preStop = hooks(v, p)
            case "privileged": s.privileged = bool(v, p) ?? false
            case "profiles": s.profiles = stringList(v, p)
            case "provider": s.provider = provider(v, p)
            case "pull_policy": s.pullPolicy = pullPolicy(v, p)
            case "pull_refresh_after": s.pullRefreshAfter = string(v, p)
            case "read_only": s.readOnly = bool(v, p) ?? false
            case "restart": s.restart = restart(v, p)
            case "runtime": s.runtime = string(v, p)
            case "scale": s.scale = int(v, p, min: 0)
            case "secrets": s.secrets = fileReferences(v, p, secrets: true)
            case "security_opt": s.securityOpt = unique(stringList(v, p), v, p)
            case "shm_size": s.shmSize = bytes(v, p)
            case "stdin_open": s.stdinOpen = bool(v, p) ?? false
            case "stop_grace_period": s.stopGracePeriod = duration(v, p)
            case "stop_signal": s.stopSignal = string(v, p)
            case "storage_opt": s.storageOpt = stringMap(v, p)
            case "sysctls": s.sysctls = stringMap(v, p)
            case "tmpfs": s.tmpfs = stringOrList(v, p)
            case "tty": s.tty = bool(v, p) ?? false
            case "ulimits": s.ulimits = ulimits(v, p)
            case "use_api_socket": s.useAPISocket = bool(v, p, allowString: false) ?? false
            case "user": s.user = string(v, p)
            case "userns_mode": s.usernsMode = string(v, p)
            case "uts": s.uts = string(v, p)
            case "volumes": s.volumes = serviceVolumes(v, p)
            case "volumes_from": s.volumesFrom = unique(stringList(v, p), v, p)
            case "working_dir": s.workingDir = string(v, p)
            default: return false
            }
            return true
        }
        // As compose-go: port entries equal once expanded (`80:80` and `80:80/tcp`) count once,
        // and `scale` is the replica count, which a `deploy` section then says too.
        var seenPorts = Set<ServicePortConfig>()
        s.ports = s.ports.filter { seenPorts.insert($0).inserted }
        // (Distinct values stay distinct: the consistency check reports them.)
        if let scale = s.scale, s.deploy != nil, s.deploy?.replicas == nil { s.deploy?.replicas = scale }
        if let test = s.healthcheck?.test, let first = test.first, !["CMD", "CMD-SHELL", "NONE"].contains(first),
            let node = fieldNode(node, "healthcheck", "test")
        {
            error("healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"", join(path, "healthcheck.test"), node)
        }
        return s
    }

    /// Lists the schema marks `uniqueItems` and compose-go does not deduplicate first:
    /// a repeated item is an error at the repeat.
    func unique(_ values: [String], _ node: Node, _ path: String) -> [String] {
        var seen: [String: Int] = [:]
        for (i, v) in values.enumerated() {
            if let first = seen[v] {
                let at: Node
                if case .sequence(let list) = node.content, i < list.count { at = list[i] } else { at = node }
                error("\(path) items at \(first) and \(i) are equal", join(path, i), at)
            } else {
                seen[v] = i
            }
        }
        return values
    }

    /// The node at a key path in a mapping, for locating a late check.
    func fieldNode(_ node: Node, _ keys: String...) -> Node? {
        var current = node
        for key in keys {
            guard case .mapping(let pairs) = current.content,
                let pair = pairs.first(where: { text($0.key) == key })
            else { return nil }
            current = pair.value
        }
        return current
    }

    func containerName(_ node: Node, _ path: String) -> String? {
        guard let name = string(node, path) else { return nil }
        // The schema's unanchored pattern [a-zA-Z0-9][a-zA-Z0-9_.-]+: somewhere an
        // alphanumeric followed by at least one name character.
        let u = Array(name.utf8)
        func alnum(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || SyntaxBridge.isLetter(c) }
        func nameChar(_ c: UInt8) -> Bool { alnum(c) || c == 0x5F || c == 0x2E || c == 0x2D }
        var ok = false
        if u.count >= 2 {
            for i in 0..<(u.count - 1) where alnum(u[i]) && nameChar(u[i + 1]) {
                ok = true
                break
            }
        }
        if !ok {
            error("\(path) '\(name)' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'", path, node)
            return nil
        }
        return name
    }

    func restart(_ node: Node, _ path: String) -> String? {
        guard let r = string(node, path) else { return nil }
        switch r {
        case "no", "always", "unless-stopped", "on-failure": return r
        default:
            if r.hasPrefix("on-failure:"), let n = Int(r.dropFirst("on-failure:".count)), n >= 0 { return r }
            error("invalid restart policy \"\(r)\": must be one of \"no\", \"always\", \"on-failure[:max-retries]\", \"unless-stopped\"", path, node)
            return nil
        }
    }

    func pullPolicy(_ node: Node, _ path: String) -> String? {
        guard let p = string(node, path) else { return nil }
        switch p {
        case "always", "never", "missing", "build", "refresh", "daily", "weekly": return p
        case "if_not_present": return "missing"
        default:
            if p.hasPrefix("every_"), case .success = SyntaxBridge.duration(String(p.dropFirst(6))) { return p }
            error("invalid pull_policy \"\(p)\": must be one of \"always\", \"never\", \"missing\", \"build\", \"refresh\", \"daily\", \"weekly\", \"every_<duration>\"", path, node)
            return nil
        }
    }

    // MARK: build

    func build(_ node: Node, _ path: String) -> BuildConfig? {
        var b = BuildConfig()
        if case .scalar = node.content {
            guard let context = string(node, path) else { return nil }
            b.context = context
        } else {
            b.extensions = object(node, path, known: [
                "context", "dockerfile", "dockerfile_inline", "entitlements", "args", "ssh", "labels", "cache_from",
                "cache_to", "no_cache", "additional_contexts", "network", "provenance", "sbom", "pull", "target",
                "shm_size", "extra_hosts", "isolation", "privileged", "secrets", "tags", "ulimits", "platforms",
            ]) { e, p in
                let v = e.value
                switch e.key {
                case "context": b.context = string(v, p)
                case "dockerfile": b.dockerfile = string(v, p)
                case "dockerfile_inline": b.dockerfileInline = string(v, p)
                case "entitlements": b.entitlements = stringList(v, p)
                case "args":
                    for (k, value) in environment(v, p) {
                        if let value { b.args[k] = value }
                    }
                case "ssh": b.ssh = sshKeys(v, p)
                case "labels": b.labels = stringMap(v, p)
                case "cache_from": b.cacheFrom = stringList(v, p)
                case "cache_to": b.cacheTo = stringList(v, p)
                case "no_cache": b.noCache = bool(v, p) ?? false
                case "additional_contexts": b.additionalContexts = stringMap(v, p).mapValues(additionalContext)
                case "network": b.network = string(v, p)
                case "provenance", "sbom":
                    let value: String?
                    switch scalar(v) {
                    case .bool(let x)?: value = x ? "true" : "false"
                    case .string(let x)?: value = x
                    default:
                        typeError("boolean or string", p, v)
                        value = nil
                    }
                    if e.key == "sbom" { b.sbom = value } else { b.provenance = value }
                case "pull": b.pull = bool(v, p) ?? false
                case "target": b.target = string(v, p)
                case "shm_size": b.shmSize = bytes(v, p)
                case "extra_hosts": b.extraHosts = extraHosts(v, p)
                case "isolation": b.isolation = string(v, p)
                case "privileged": b.privileged = bool(v, p) ?? false
                case "secrets": b.secrets = fileReferences(v, p, secrets: false)
                case "tags": b.tags = stringList(v, p)
                case "ulimits": b.ulimits = ulimits(v, p)
                case "platforms": b.platforms = stringList(v, p)
                default: return false
                }
                return true
            }
        }
        let context = b.context ?? "."
        b.context = isRemoteContext(context) ? context : absolute(context)
        if b.dockerfile == nil, b.dockerfileInline == nil { b.dockerfile = "Dockerfile" }
        return b
    }

    func isRemoteContext(_ c: String) -> Bool {
        PathSyntax.isNonLocalContext(c)
    }

    func sshKeys(_ node: Node, _ path: String) -> [String] {
        switch node.content {
        case .mapping:
            return (entries(node, path) ?? []).compactMap { e in
                guard let v = mapValue(e.value, join(path, e.key)) else { return nil }
                return v.map { "\(e.key)=\($0)" } ?? e.key
            }
        case .sequence:
            return stringList(node, path)
        default:
            typeError("mapping or sequence", path, node)
            return []
        }
    }

    // MARK: blkio

    func blkio(_ node: Node, _ path: String) -> BlkioConfig {
        var b = BlkioConfig()
        object(node, path, known: ["device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops", "weight", "weight_device"], allowExtensions: false) { e, p in
            switch e.key {
            case "device_read_bps": b.deviceReadBps = throttle(e.value, p)
            case "device_read_iops": b.deviceReadIops = throttle(e.value, p)
            case "device_write_bps": b.deviceWriteBps = throttle(e.value, p)
            case "device_write_iops": b.deviceWriteIops = throttle(e.value, p)
            case "weight": b.weight = int(e.value, p)
            case "weight_device":
                b.weightDevice = (items(e.value, p) ?? []).enumerated().map { i, item in
                    var w = WeightDevice()
                    let ip = join(p, i)
                    object(item, ip, known: ["path", "weight"], allowExtensions: false) { e, p in
                        switch e.key {
                        case "path": w.path = string(e.value, p) ?? ""
                        case "weight": w.weight = int(e.value, p) ?? 0
                        default: return false
                        }
                        return true
                    }
                    return w
                }
            default: return false
            }
            return true
        }
        return b
    }

    func throttle(_ node: Node, _ path: String) -> [ThrottleDevice] {
        (items(node, path) ?? []).enumerated().map { i, item in
            var t = ThrottleDevice()
            object(item, join(path, i), known: ["path", "rate"], allowExtensions: false) { e, p in
                switch e.key {
                case "path": t.path = string(e.value, p) ?? ""
                case "rate": t.rate = bytes(e.value, p) ?? 0
                default: return false
                }
                return true
            }
            return t
        }
    }

    // MARK: depends_on

    func dependsOn(_ node: Node, _ path: String) -> [String: ServiceDependency] {
        var out: [String: ServiceDependency] = [:]
        switch node.content {
        case .sequence(let list):
            for (i, item) in list.enumerated() {
                if let name = string(item, join(path, i)) { out[name] = ServiceDependency() }
            }
        case .mapping:
            for e in entries(node, path) ?? [] {
                let p = join(path, e.key)
                guard checkName(e, path, what: "service") else { continue }
                var d = ServiceDependency()
                if !isNull(e.value) {
                    d.extensions = object(e.value, p, known: ["condition", "required", "restart"]) { e, p in
                        switch e.key {
                        case "condition":
                            if let c = oneOf(e.value, p, DependencyCondition.allCases.map(\.rawValue)) {
                                d.condition = DependencyCondition(rawValue: c) ?? .serviceStarted
                            }
                        case "required": d.required = bool(e.value, p) ?? true
                        case "restart": d.restart = bool(e.value, p) ?? false
                        default: return false
                        }
                        return true
                    }
                }
                out[e.key] = d
            }
        default:
            typeError("mapping or sequence", path, node)
        }
        return out
    }

    // MARK: deploy

    func deploy(_ node: Node, _ path: String) -> DeployConfig? {
        if isNull(node) { return nil }
        var d = DeployConfig()
        d.extensions = object(node, path, known: ["mode", "endpoint_mode", "replicas", "labels", "rollback_config", "update_config", "resources", "restart_policy", "placement"]) { e, p in
            let v = e.value
            switch e.key {
            case "mode": d.mode = string(v, p)
            case "endpoint_mode": d.endpointMode = string(v, p)
            case "replicas": d.replicas = int(v, p, min: 0)
            case "labels": d.labels = stringMap(v, p)
            case "rollback_config": d.rollbackConfig = updateConfig(v, p)
            case "update_config": d.updateConfig = updateConfig(v, p)
            case "resources":
                var r = ResourcesConfig()
                r.extensions = object(v, p, known: ["limits", "reservations"]) { e, p in
                    switch e.key {
                    case "limits": r.limits = resourceSpec(e.value, p, reservations: false)
                    case "reservations": r.reservations = resourceSpec(e.value, p, reservations: true)
                    default: return false
                    }
                    return true
                }
                d.resources = r
            case "restart_policy":
                var r = RestartPolicy()
                r.extensions = object(v, p, known: ["condition", "delay", "max_attempts", "window"]) { e, p in
                    switch e.key {
                    case "condition": r.condition = oneOf(e.value, p, ["none", "on-failure", "any"])
                    case "delay": r.delay = duration(e.value, p)
                    case "max_attempts": r.maxAttempts = int(e.value, p, min: 0)
                    case "window": r.window = duration(e.value, p)
                    default: return false
                    }
                    return true
                }
                d.restartPolicy = r
            case "placement":
                var pl = Placement()
                pl.extensions = object(v, p, known: ["constraints", "preferences", "max_replicas_per_node"]) { e, p in
                    switch e.key {
                    case "constraints": pl.constraints = stringList(e.value, p)
                    case "preferences":
                        pl.preferences = (items(e.value, p) ?? []).enumerated().map { i, item in
                            var pref = PlacementPreference()
                            pref.extensions = object(item, join(p, i), known: ["spread"]) { e, p in
                                guard e.key == "spread" else { return false }
                                pref.spread = string(e.value, p)
                                return true
                            }
                            return pref
                        }
                    case "max_replicas_per_node": pl.maxReplicasPerNode = int(e.value, p, min: 0)
                    default: return false
                    }
                    return true
                }
                d.placement = pl
            default: return false
            }
            return true
        }
        return d
    }

    func updateConfig(_ node: Node, _ path: String) -> UpdateConfig {
        var u = UpdateConfig()
        u.extensions = object(node, path, known: ["parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order"]) { e, p in
            switch e.key {
            case "parallelism": u.parallelism = int(e.value, p, min: 0)
            case "delay": u.delay = duration(e.value, p)
            case "failure_action": u.failureAction = string(e.value, p)
            case "monitor": u.monitor = duration(e.value, p)
            case "max_failure_ratio": u.maxFailureRatio = double(e.value, p)
            case "order": u.order = oneOf(e.value, p, ["start-first", "stop-first"])
            default: return false
            }
            return true
        }
        return u
    }

    func resourceSpec(_ node: Node, _ path: String, reservations: Bool) -> ResourceSpec {
        var r = ResourceSpec()
        let known = reservations ? ["cpus", "memory", "generic_resources", "devices"] : ["cpus", "memory", "pids"]
        r.extensions = object(node, path, known: known) { e, p in
            switch e.key {
            case "cpus": r.cpus = double(e.value, p, min: 0)
            case "memory": r.memory = bytes(e.value, p)
            case "pids" where !reservations: r.pids = int(e.value, p).map(Int64.init)
            case "generic_resources" where reservations:
                r.genericResources = (items(e.value, p) ?? []).enumerated().map { i, item in
                    var g = GenericResource()
                    g.extensions = object(item, join(p, i), known: ["discrete_resource_spec"]) { e, p in
                        guard e.key == "discrete_resource_spec" else { return false }
                        var spec = DiscreteResourceSpec()
                        spec.extensions = object(e.value, p, known: ["kind", "value"]) { e, p in
                            switch e.key {
                            case "kind": spec.kind = string(e.value, p)
                            case "value": spec.value = int(e.value, p).map(Int64.init)
                            default: return false
                            }
                            return true
                        }
                        g.discreteResourceSpec = spec
                        return true
                    }
                    return g
                }
            case "devices" where reservations: r.devices = deviceRequests(e.value, p, requireCapabilities: true)
            default: return false
            }
            return true
        }
        return r
    }

    func deviceRequests(_ node: Node, _ path: String, requireCapabilities: Bool) -> [DeviceRequest] {
        (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            var d = DeviceRequest()
            var countNode: Node?
            var idsNode: Node?
            var sawCapabilities = false
            d.extensions = object(item, ip, known: ["capabilities", "count", "device_ids", "driver", "options"]) { e, p in
                switch e.key {
                case "capabilities":
                    sawCapabilities = true
                    d.capabilities = stringList(e.value, p)
                case "count":
                    countNode = e.value
                    switch scalar(e.value) {
                    case .int(let n)?: d.count = n
                    case .string(let s)?:
                        if s == "all" {
                            d.count = -1
                        } else if let n = Int(s) {
                            d.count = n
                        } else {
                            error("invalid value \"\(s)\", the only value allowed is 'all' or a number", p, e.value)
                        }
                    default: typeError("integer or string", p, e.value)
                    }
                case "device_ids":
                    idsNode = e.value
                    d.deviceIDs = stringList(e.value, p)
                case "driver": d.driver = string(e.value, p)
                case "options": d.options = stringMap(e.value, p)
                default: return false
                }
                return true
            }
            guard case .mapping = item.content else { return nil }
            if requireCapabilities, !sawCapabilities {
                error("\(ip) missing property 'capabilities'", ip, item)
            }
            if countNode != nil, let idsNode {
                error("\(ip): \"count\" and \"device_ids\" attributes are exclusive", ip, idsNode)
            } else if countNode == nil, idsNode == nil {
                d.count = -1
            }
            return d
        }
    }

    func gpus(_ node: Node, _ path: String) -> [DeviceRequest] {
        if case .scalar = node.content {
            guard oneOf(node, path, ["all"]) != nil else { return [] }
            return [DeviceRequest(count: -1)]
        }
        return deviceRequests(node, path, requireCapabilities: false)
    }

    // MARK: develop

    func develop(_ node: Node, _ path: String) -> DevelopConfig {
        var d = DevelopConfig()
        d.extensions = object(node, path, known: ["watch"]) { e, p in
            guard e.key == "watch" else { return false }
            d.watch = (items(e.value, p) ?? []).enumerated().compactMap { i, item in
                let ip = join(p, i)
                var w = WatchRule()
                var sawPath = false
                var sawAction = false
                w.extensions = object(item, ip, known: ["ignore", "include", "path", "action", "target", "exec", "initial_sync"]) { e, p in
                    switch e.key {
                    case "ignore": w.ignore = stringOrList(e.value, p)
                    case "include": w.include = stringOrList(e.value, p)
                    case "path":
                        sawPath = true
                        w.path = string(e.value, p).map(absolute) ?? ""
                        if text(e.value)?.isEmpty == true { error("\(p): value can't be blank", p, e.value) }
                    case "action":
                        sawAction = true
                        w.action = oneOf(e.value, p, ["rebuild", "sync", "restart", "sync+restart", "sync+exec"]) ?? ""
                    case "target": w.target = string(e.value, p)
                    case "exec": w.exec = hook(e.value, p)
                    case "initial_sync": w.initialSync = bool(e.value, p, allowString: false) ?? false
                    default: return false
                    }
                    return true
                }
                guard case .mapping = item.content else { return nil }
                if !sawPath { error("\(ip) missing property 'path'", ip, item) }
                if !sawAction { error("\(ip) missing property 'action'", ip, item) }
                return w
            }
            return true
        }
        return d
    }

    // MARK: hooks

    func hooks(_ node: Node, _ path: String) -> [ServiceHook] {
        (items(node, path) ?? []).enumerated().compactMap { i, item in hook(item, join(path, i)) }
    }

    func hook(_ node: Node, _ path: String) -> ServiceHook? {
        var h = ServiceHook()
        var sawCommand = false
        h.extensions = object(node, path, known: ["command", "user", "privileged", "working_dir", "environment"]) { e, p in
            switch e.key {
            case "command":
                sawCommand = true
                h.command = command(e.value, p)
            case "user": h.user = string(e.value, p)
            case "privileged": h.privileged = bool(e.value, p) ?? false
            case "working_dir": h.workingDir = string(e.value, p)
            case "environment": h.environment = environment(e.value, p)
            default: return false
            }
            return true
        }
        guard case .mapping = node.content else { return nil }
        if !sawCommand { error("\(path) missing property 'command'", path, node) }
        return h
    }

    // MARK: devices, env_file, extends, extra_hosts

    func devices(_ node: Node, _ path: String) -> [DeviceMapping] {
        (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            if case .scalar = item.content {
                guard let s = string(item, ip) else { return nil }
                switch SyntaxBridge.device(s) {
                case .success(let d): return d
                case .failure(let e):
                    error(e.message, ip, item)
                    return nil
                }
            }
            var d = DeviceMapping()
            var target: String?
            var sawSource = false
            d.extensions = object(item, ip, known: ["source", "target", "permissions"]) { e, p in
                switch e.key {
                case "source":
                    sawSource = true
                    d.source = string(e.value, p) ?? ""
                case "target": target = string(e.value, p)
                case "permissions": d.permissions = string(e.value, p) ?? "rwm"
                default: return false
                }
                return true
            }
            guard case .mapping = item.content else { return nil }
            if !sawSource { error("\(ip) missing property 'source'", ip, item) }
            d.target = target ?? d.source
            return d
        }
    }

    func envFiles(_ node: Node, _ path: String) -> [EnvFileConfig] {
        if case .scalar = node.content {
            return string(node, path).map { [EnvFileConfig(path: absolute($0), required: true)] } ?? []
        }
        return (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            if case .scalar = item.content {
                return string(item, ip).map { EnvFileConfig(path: absolute($0), required: true) }
            }
            var f = EnvFileConfig()
            var sawPath = false
            object(item, ip, known: ["path", "format", "required"], allowExtensions: false) { e, p in
                switch e.key {
                case "path":
                    sawPath = true
                    f.path = string(e.value, p).map(absolute) ?? ""
                case "format": f.format = string(e.value, p)
                case "required": f.required = bool(e.value, p) ?? true
                default: return false
                }
                return true
            }
            guard case .mapping = item.content else { return nil }
            if !sawPath {
                error("\(ip) missing property 'path'", ip, item)
                return nil
            }
            return f
        }
    }

    func extends(_ node: Node, _ path: String) -> ExtendsConfig? {
        if case .scalar = node.content {
            return string(node, path).map { ExtendsConfig(service: $0) }
        }
        var x = ExtendsConfig()
        var sawService = false
        object(node, path, known: ["service", "file"], allowExtensions: false) { e, p in
            switch e.key {
            case "service":
                sawService = true
                x.service = string(e.value, p) ?? ""
            case "file": x.file = string(e.value, p)
            default: return false
            }
            return true
        }
        guard case .mapping = node.content else { return nil }
        if !sawService { error("\(path) missing property 'service'", path, node) }
        return x
    }

    func extraHosts(_ node: Node, _ path: String) -> ExtraHosts {
        var hosts = ExtraHosts()
        switch node.content {
        case .sequence(let list):
            for (i, item) in list.enumerated() {
                let ip = join(path, i)
                guard let s = string(item, ip) else { continue }
                switch SyntaxBridge.extraHost(s) {
                case .success(let (host, ips)): hosts.entries[host, default: []] += ips
                case .failure(let e): error(e.message, ip, item)
                }
            }
        case .mapping:
            for e in entries(node, path) ?? [] {
                let p = join(path, e.key)
                let values: [String]
                if case .sequence = e.value.content {
                    values = stringList(e.value, p)
                } else if let s = string(e.value, p) {
                    values = s.split(separator: ",").map(String.init)
                } else {
                    continue
                }
                hosts.entries[e.key, default: []] += values.map { ip in
                    ip.hasPrefix("[") && ip.hasSuffix("]") ? String(ip.dropFirst().dropLast()) : ip
                }
            }
        default:
            typeError("mapping or sequence", path, node)
        }
        return hosts
    }

    // MARK: healthcheck, logging

    func healthcheck(_ node: Node, _ path: String) -> HealthCheckConfig? {
        if isNull(node) { return nil }
        var h = HealthCheckConfig()
        h.extensions = object(node, path, known: ["disable", "interval", "retries", "test", "timeout", "start_period", "start_interval"]) { e, p in
            let v = e.value
            switch e.key {
            case "disable": h.disable = bool(v, p) ?? false
            case "interval": h.interval = duration(v, p)
            case "timeout": h.timeout = duration(v, p)
            case "start_period": h.startPeriod = duration(v, p)
            case "start_interval": h.startInterval = duration(v, p)
            case "retries": h.retries = int(v, p, min: 0)
            case "test":
                switch v.content {
                case .sequence: h.test = stringList(v, p)
                case .scalar:
                    if isNull(v) { break }
                    if let s = string(v, p) { h.test = ["CMD-SHELL", s] }
                case .mapping: typeError("sequence or string", p, v)
                }
            default: return false
            }
            return true
        }
        return h
    }

    func logging(_ node: Node, _ path: String) -> LoggingConfig {
        var l = LoggingConfig()
        l.extensions = object(node, path, known: ["driver", "options"]) { e, p in
            switch e.key {
            case "driver": l.driver = string(e.value, p)
            case "options":
                if isNull(e.value) { break }
                for o in entries(e.value, p) ?? [] {
                    if let v = mapValue(o.value, join(p, o.key)), let v { l.options[o.key] = v }
                }
            default: return false
            }
            return true
        }
        return l
    }

    // MARK: models, networks, provider

    func serviceModels(_ node: Node, _ path: String) -> [String: ServiceModelConfig?] {
        var out: [String: ServiceModelConfig?] = [:]
        if case .sequence = node.content {
            for name in stringList(node, path) { out[name] = .some(nil) }
            return out
        }
        for e in entries(node, path) ?? [] {
            guard checkName(e, path, what: "model") else { continue }
            if isNull(e.value) {
                out[e.key] = .some(nil)
                continue
            }
            var m = ServiceModelConfig()
            m.extensions = object(e.value, join(path, e.key), known: ["endpoint_var", "model_var"]) { e, p in
                switch e.key {
                case "endpoint_var": m.endpointVar = string(e.value, p)
                case "model_var": m.modelVar = string(e.value, p)
                default: return false
                }
                return true
            }
            out[e.key] = m
        }
        return out
    }

    func serviceNetworks(_ node: Node, _ path: String) -> [String: ServiceNetworkConfig?] {
        var out: [String: ServiceNetworkConfig?] = [:]
        if case .sequence = node.content {
            for name in stringList(node, path) { out[name] = .some(nil) }
            return out
        }
        for e in entries(node, path) ?? [] {
            guard checkName(e, path, what: "network") else { continue }
            if isNull(e.value) {
                out[e.key] = .some(nil)
                continue
            }
            var n = ServiceNetworkConfig()
            n.extensions = object(e.value, join(path, e.key), known: [
                "aliases", "interface_name", "ipv4_address", "ipv6_address", "link_local_ips", "mac_address",
                "driver_opts", "priority", "gw_priority",
            ]) { e, p in
                let v = e.value
                switch e.key {
                case "aliases": n.aliases = stringList(v, p)
                case "interface_name": n.interfaceName = string(v, p)
                case "ipv4_address": n.ipv4Address = string(v, p)
                case "ipv6_address": n.ipv6Address = string(v, p)
                case "link_local_ips": n.linkLocalIPs = stringList(v, p)
                case "mac_address": n.macAddress = string(v, p)
                case "driver_opts": n.driverOpts = stringMap(v, p)
                case "priority": n.priority = int(v, p, allowString: false)
                case "gw_priority": n.gwPriority = int(v, p, allowString: false)
                default: return false
                }
                return true
            }
            out[e.key] = n
        }
        return out
    }

    func provider(_ node: Node, _ path: String) -> ServiceProviderConfig {
        var pr = ServiceProviderConfig()
        pr.extensions = object(node, path, known: ["type", "options"]) { e, p in
            switch e.key {
            case "type": pr.type = string(e.value, p) ?? ""
            case "options":
                for o in entries(e.value, p) ?? [] {
                    let op = join(p, o.key)
                    if case .sequence(let list) = o.value.content {
                        pr.options[o.key] = list.enumerated().compactMap { i, n in stringOrNumber(n, join(op, i)) }
                    } else if case .bool(let b)? = scalar(o.value) {
                        pr.options[o.key] = [b ? "true" : "false"]
                    } else if let s = stringOrNumber(o.value, op) {
                        pr.options[o.key] = [s]
                    }
                }
            default: return false
            }
            return true
        }
        return pr
    }

    // MARK: ports

    func ports(_ node: Node, _ path: String) -> [ServicePortConfig] {
        guard let list = items(node, path) else { return [] }
        var out: [ServicePortConfig] = []
        for (i, item) in list.enumerated() {
            let ip = join(path, i)
            switch item.content {
            case .scalar:
                let spec: String
                switch scalar(item) {
                case .int(let n)?: spec = String(n)
                case .string(let s)?: spec = s
                default:
                    typeError("number, string or mapping", ip, item)
                    continue
                }
                switch SyntaxBridge.ports(spec) {
                case .success(let ports): out += ports
                case .failure(let e): error(e.message, ip, item)
                }
            case .mapping:
                var port = ServicePortConfig()
                var sawTarget = false
                port.extensions = object(item, ip, known: ["name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"]) { e, p in
                    let v = e.value
                    switch e.key {
                    case "name": port.name = string(v, p)
                    case "mode": port.mode = oneOf(v, p, ["host", "ingress"]) ?? "ingress"
                    case "host_ip":
                        guard let h = string(v, p) else { break }
                        if SyntaxBridge.isIPAddress(h) {
                            port.hostIP = h
                        } else {
                            error("invalid ip address: \(h)", p, v)
                        }
                    case "target":
                        sawTarget = true
                        port.target = int(v, p, min: 0, max: 65535) ?? 0
                    case "published":
                        switch scalar(v) {
                        case .int(let n)?:
                            if n < 0 || n > 65535 {
                                error("\(p) must be between 0 and 65535", p, v)
                            } else {
                                port.published = String(n)
                            }
                        case .string(let s)?:
                            if s.isEmpty || SyntaxBridge.portRange(Substring(s)) != nil {
                                port.published = s.isEmpty ? nil : s
                            } else {
                                error("Invalid hostPort: \(s)", p, v)
                            }
                        default: typeError("integer or string", p, v)
                        }
                    case "protocol":
                        guard let proto = string(v, p) else { break }
                        let lower = proto.lowercased()
                        if ["tcp", "udp", "sctp"].contains(lower) {
                            port.protocol = lower
                        } else {
                            error("\(p) must be one of \"tcp\", \"udp\", \"sctp\", not \"\(proto)\"", p, v)
                        }
                    case "app_protocol": port.appProtocol = string(v, p)
                    default: return false
                    }
                    return true
                }
                if !sawTarget { error("\(ip) missing property 'target'", ip, item) }
                out.append(port)
            case .sequence:
                typeError("number, string or mapping", ip, item)
            }
        }
        return out
    }

    // MARK: secrets / configs

    func fileReferences(_ node: Node, _ path: String, secrets: Bool) -> [FileReference] {
        (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            var ref = FileReference()
            if case .scalar = item.content {
                guard let s = string(item, ip) else { return nil }
                ref.source = s
            } else {
                ref.extensions = object(item, ip, known: ["source", "target", "uid", "gid", "mode"]) { e, p in
                    let v = e.value
                    switch e.key {
                    case "source": ref.source = string(v, p) ?? ""
                    case "target": ref.target = string(v, p)
                    case "uid": ref.uid = stringOrNumber(v, p)
                    case "gid": ref.gid = stringOrNumber(v, p)
                    case "mode": ref.mode = fileMode(v, p)
                    default: return false
                    }
                    return true
                }
                guard case .mapping = item.content else { return nil }
            }
            if secrets, ref.target == nil || ref.target?.isEmpty == true {
                ref.target = "/run/secrets/" + ref.source
            }
            return ref
        }
    }

    /// A file mode: an int (YAML `0440` is already octal) or a string parsed as octal.
    func fileMode(_ node: Node, _ path: String) -> Int? {
        switch scalar(node) {
        case .int(let n)?: return n
        case .string(let s)?:
            var digits = Substring(s)
            if digits.hasPrefix("0o") || digits.hasPrefix("0O") { digits = digits.dropFirst(2) }
            if let n = Int(digits, radix: 8) { return n }
            error("failed to cast to expected type: invalid file mode \(quoteGo(s))", path, node)
            return nil
        default:
            typeError("number or string", path, node)
            return nil
        }
    }

    // MARK: ulimits

    func ulimits(_ node: Node, _ path: String) -> [String: UlimitsConfig] {
        var out: [String: UlimitsConfig] = [:]
        for e in entries(node, path) ?? [] {
            let p = join(path, e.key)
            guard !e.key.isEmpty, e.key.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else {
                error("additional properties '\(e.key)' not allowed (ulimit names are lowercase letters)", p, e.keyNode)
                continue
            }
            if case .mapping = e.value.content {
                var u = UlimitsConfig()
                var sawSoft = false
                var sawHard = false
                u.extensions = object(e.value, p, known: ["soft", "hard"]) { e, p in
                    switch e.key {
                    case "soft":
                        sawSoft = true
                        u.soft = int(e.value, p)
                    case "hard":
                        sawHard = true
                        u.hard = int(e.value, p)
                    default: return false
                    }
                    return true
                }
                if !sawSoft { error("\(p) missing property 'soft'", p, e.value) }
                if !sawHard { error("\(p) missing property 'hard'", p, e.value) }
                out[e.key] = u
            } else if let n = int(e.value, p) {
                out[e.key] = UlimitsConfig(single: n)
            }
        }
        return out
    }

    // MARK: volumes

    func serviceVolumes(_ node: Node, _ path: String) -> [ServiceVolumeConfig] {
        (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            if case .scalar = item.content {
                guard let s = string(item, ip) else { return nil }
                switch SyntaxBridge.volume(s, workingDir: context.workingDir, homeDir: context.homeDir) {
                case .success(let v): return v
                case .failure(let e):
                    error(e.message, ip, item)
                    return nil
                }
            }
            return longVolume(item, ip)
        }
    }

    func longVolume(_ node: Node, _ path: String) -> ServiceVolumeConfig? {
        var v = ServiceVolumeConfig()
        var type: String?
        v.extensions = object(node, path, known: ["type", "source", "target", "read_only", "consistency", "bind", "volume", "tmpfs", "image"]) { e, p in
            let n = e.value
            switch e.key {
            case "type": type = oneOf(n, p, ["bind", "volume", "tmpfs", "cluster", "npipe", "image"])
            case "source": v.source = string(n, p)
            case "target": v.target = string(n, p).map(SyntaxBridge.clean) ?? ""
            case "read_only": v.readOnly = bool(n, p) ?? false
            case "consistency": v.consistency = string(n, p)
            case "bind":
                var b = ServiceVolumeBind()
                b.extensions = object(n, p, known: ["propagation", "create_host_path", "recursive", "selinux"]) { e, p in
                    switch e.key {
                    case "propagation": b.propagation = oneOf(e.value, p, ["shared", "slave", "private", "rshared", "rslave", "rprivate"])
                    case "create_host_path": b.createHostPath = bool(e.value, p)
                    case "recursive": b.recursive = oneOf(e.value, p, ["enabled", "disabled", "writable", "readonly"])
                    case "selinux": b.selinux = oneOf(e.value, p, ["z", "Z"])
                    default: return false
                    }
                    return true
                }
                v.bind = b
            case "volume":
                var o = ServiceVolumeVolume()
                o.extensions = object(n, p, known: ["labels", "nocopy", "subpath"]) { e, p in
                    switch e.key {
                    case "labels": o.labels = stringMap(e.value, p)
                    case "nocopy": o.nocopy = bool(e.value, p) ?? false
                    case "subpath": o.subpath = string(e.value, p)
                    default: return false
                    }
                    return true
                }
                v.volume = o
            case "tmpfs":
                var t = ServiceVolumeTmpfs()
                t.extensions = object(n, p, known: ["size", "mode"]) { e, p in
                    switch e.key {
                    case "size": t.size = bytes(e.value, p, min: 0)
                    case "mode": t.mode = fileMode(e.value, p)
                    default: return false
                    }
                    return true
                }
                v.tmpfs = t
            case "image":
                var im = ServiceVolumeImage()
                im.extensions = object(n, p, known: ["subpath"]) { e, p in
                    guard e.key == "subpath" else { return false }
                    im.subpath = string(e.value, p)
                    return true
                }
                v.image = im
            default: return false
            }
            return true
        }
        guard case .mapping = node.content else { return nil }
        guard let type else {
            if fieldNode(node, "type") == nil { error("\(path) missing property 'type'", path, node) }
            return nil
        }
        v.type = type
        if fieldNode(node, "target") == nil {
            error("service volume \(path) is missing a mount target: add `target:`, the path inside the container", path, node)
            return nil
        }
        if type == "bind" {
            guard let source = v.source, !source.isEmpty else {
                error("invalid mount config for type \"bind\": field Source must not be empty", path, node)
                return nil
            }
            v.source = SyntaxBridge.resolveHostPath(source, workingDir: context.workingDir, homeDir: context.homeDir)
            // As Compose v2: only the short syntax implies `create_host_path: true`.
        }
        return v
    }
}
