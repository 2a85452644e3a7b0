import ComposeModel
import YAMLSyntax

extension TreeDecoder {
    static let serviceKeys = KeyTable(ServiceKey.byName)

    func service(_ name: String, _ node: Node, _ path: DecodePath) -> Service {
        var s = Service()
        s.name = name
        if isNull(node) {
            typeError("mapping", path, node)
            return s
        }
        s.extensions = object(node, path, known: ModelKeys.service) { e, p in
            guard let key = Self.serviceKeys[e.key] else { return false }
            let v = e.value
            switch key {
            case .annotations: s.annotations = stringMap(v, p)
            case .attach: s.attach = bool(v, p)
            case .blkio_config: s.blkioConfig = blkio(v, p)
            case .build: s.build = build(v, p)
            case .cap_add: s.capAdd = stringList(v, p)
            case .cap_drop: s.capDrop = stringList(v, p)
            case .cgroup: s.cgroup = oneOf(v, p, ["host", "private"])
            case .cgroup_parent: s.cgroupParent = string(v, p)
            case .command: s.command = command(v, p)
            case .configs: s.configs = fileReferences(v, p, secrets: false)
            case .container_name: s.containerName = containerName(v, p)
            case .cpu_count: s.cpuCount = int(v, p, min: 0).map(Int64.init)
            case .cpu_percent: s.cpuPercent = double(v, p, min: 0, max: 100)
            case .cpu_period: s.cpuPeriod = int(v, p).map(Int64.init)
            case .cpu_quota: s.cpuQuota = int(v, p).map(Int64.init)
            case .cpu_rt_period: s.cpuRtPeriod = int(v, p).map(Int64.init)
            case .cpu_rt_runtime: s.cpuRtRuntime = int(v, p).map(Int64.init)
            case .cpu_shares: s.cpuShares = int(v, p).map(Int64.init)
            case .cpus: s.cpus = double(v, p, min: 0)
            case .cpuset: s.cpuset = string(v, p)
            case .credential_spec:
                var c = CredentialSpecConfig()
                c.extensions = object(v, p, known: ModelKeys.credentialSpecConfig) { e, p in
                    switch e.key {
                    case "config": c.config = string(e.value, p)
                    case "file": c.file = string(e.value, p)
                    case "registry": c.registry = string(e.value, p)
                    default: return false
                    }
                    return true
                }
                s.credentialSpec = c
            case .depends_on: s.dependsOn = dependsOn(v, p)
            case .deploy: s.deploy = deploy(v, p)
            case .develop: s.develop = develop(v, p)
            case .device_cgroup_rules: s.deviceCgroupRules = stringList(v, p)
            case .devices: s.devices = devices(v, p)
            case .dns: s.dns = stringOrList(v, p).filter { !$0.isEmpty }
            case .dns_opt: s.dnsOpt = stringList(v, p)
            case .dns_search: s.dnsSearch = stringOrList(v, p)
            case .domainname: s.domainname = string(v, p)
            case .entrypoint: s.entrypoint = command(v, p)
            case .env_file: s.envFile = envFiles(v, p)
            case .environment: s.environment = environment(v, p)
            case .expose:
                s.expose = (items(v, p) ?? []).enumerated().compactMap { i, n in stringOrNumber(n, join(p, i)) }
            case .extends: s.extends = extends(v, p)
            case .external_links: s.externalLinks = unique(stringList(v, p), v, p)
            case .extra_hosts: s.extraHosts = extraHosts(v, p)
            case .gpus: s.gpus = gpus(v, p)
            case .group_add:
                s.groupAdd = unique((items(v, p) ?? []).enumerated().compactMap { i, n in stringOrNumber(n, join(p, i)) }, v, p)
            case .healthcheck: s.healthcheck = healthcheck(v, p)
            case .hostname: s.hostname = string(v, p)
            case .image: s.image = string(v, p)
            case .`init`: s.initProcess = bool(v, p)
            case .ipc: s.ipc = string(v, p)
            case .isolation: s.isolation = string(v, p)
            case .label_file: s.labelFile = stringOrList(v, p).map(hostPath)
            case .labels: s.labels = stringMap(v, p)
            case .links: s.links = stringList(v, p)
            case .logging: s.logging = logging(v, p)
            case .mac_address: s.macAddress = string(v, p)
            case .mem_limit: s.memLimit = bytes(v, p)
            case .mem_reservation: s.memReservation = bytes(v, p)
            case .mem_swappiness: s.memSwappiness = int(v, p, min: 0, max: 100).map(Int64.init)
            case .memswap_limit: s.memswapLimit = bytes(v, p)
            case .models: s.models = serviceModels(v, p)
            case .network_mode: s.networkMode = string(v, p)
            case .networks: s.networks = serviceNetworks(v, p)
            case .oom_kill_disable: s.oomKillDisable = bool(v, p) ?? false
            case .oom_score_adj: s.oomScoreAdj = int(v, p, min: -1000, max: 1000).map(Int64.init)
            case .pid: s.pid = isNull(v) ? nil : string(v, p)
            case .pids_limit: s.pidsLimit = int(v, p).map(Int64.init)
            case .platform: s.platform = string(v, p)
            case .ports: s.ports = ports(v, p)
            case .post_start: s.postStart = hooks(v, p)
            case .pre_stop: s.preStop = hooks(v, p)
            case .privileged: s.privileged = bool(v, p) ?? false
            case .profiles: s.profiles = stringList(v, p)
            case .provider: s.provider = provider(v, p)
            case .pull_policy: s.pullPolicy = pullPolicy(v, p)
            case .pull_refresh_after: s.pullRefreshAfter = string(v, p)
            case .read_only: s.readOnly = bool(v, p) ?? false
            case .restart: s.restart = restart(v, p)
            case .runtime: s.runtime = string(v, p)
            case .scale: s.scale = int(v, p, min: 0)
            case .secrets: s.secrets = fileReferences(v, p, secrets: true)
            case .security_opt: s.securityOpt = unique(stringList(v, p), v, p)
            case .shm_size: s.shmSize = bytes(v, p)
            case .stdin_open: s.stdinOpen = bool(v, p) ?? false
            case .stop_grace_period: s.stopGracePeriod = duration(v, p)
            case .stop_signal: s.stopSignal = string(v, p)
            case .storage_opt: s.storageOpt = stringMap(v, p)
            case .sysctls: s.sysctls = stringMap(v, p)
            case .tmpfs: s.tmpfs = stringOrList(v, p)
            case .tty: s.tty = bool(v, p) ?? false
            case .ulimits: s.ulimits = ulimits(v, p)
            case .use_api_socket: s.useAPISocket = bool(v, p, allowString: false) ?? false
            case .user: s.user = string(v, p)
            case .userns_mode: s.usernsMode = string(v, p)
            case .uts: s.uts = string(v, p)
            case .volumes: s.volumes = serviceVolumes(v, p)
            case .volumes_from: s.volumesFrom = unique(stringList(v, p), v, p)
            case .working_dir: s.workingDir = string(v, p)
            }
            return true
        }
        // As compose-go: `scale` is the replica count, which a `deploy` section then says too.
        // (Ports with one key count once: see `ports`.)
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
    func unique(_ values: [String], _ node: Node, _ path: DecodePath) -> [String] {
        let path = path.materialized
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

    func containerName(_ node: Node, _ path: DecodePath) -> String? {
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

    func restart(_ node: Node, _ path: DecodePath) -> String? {
        guard let r = string(node, path) else { return nil }
        switch r {
        case "no", "always", "unless-stopped", "on-failure": return r
        default:
            if r.hasPrefix("on-failure:"), let n = Int(r.dropFirst("on-failure:".count)), n >= 0 { return r }
            error("invalid restart policy \"\(r)\": must be one of \"no\", \"always\", \"on-failure[:max-retries]\", \"unless-stopped\"", path, node)
            return nil
        }
    }

    func pullPolicy(_ node: Node, _ path: DecodePath) -> String? {
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
}
