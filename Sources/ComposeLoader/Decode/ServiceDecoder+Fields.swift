import ComposeModel
import YAMLSyntax

// hooks, devices, env_file, extends, extra_hosts, healthcheck, logging, models, networks, provider.
extension TreeDecoder {
    // MARK: hooks

    func hooks(_ node: Node, _ path: DecodePath) -> [ServiceHook] {
        let path = path.materialized
        return (items(node, path) ?? []).enumerated().compactMap { i, item in hook(item, join(path, i)) }
    }

    func hook(_ node: Node, _ path: DecodePath) -> ServiceHook? {
        var h = ServiceHook()
        var sawCommand = false
        h.extensions = object(node, path, known: ModelKeys.serviceHook) { e, p in
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

    func devices(_ node: Node, _ path: DecodePath) -> [DeviceMapping] {
        let path = path.materialized
        return (items(node, path) ?? []).enumerated().compactMap { i, item in
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
            d.extensions = object(item, ip, known: ModelKeys.deviceMapping) { e, p in
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

    func envFiles(_ node: Node, _ path: DecodePath) -> [EnvFileConfig] {
        let path = path.materialized
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
            object(item, ip, known: ModelKeys.envFileConfig, allowExtensions: false) { e, p in
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

    func extends(_ node: Node, _ path: DecodePath) -> ExtendsConfig? {
        if case .scalar = node.content {
            return string(node, path).map { ExtendsConfig(service: $0) }
        }
        var x = ExtendsConfig()
        var sawService = false
        object(node, path, known: ModelKeys.extendsConfig, allowExtensions: false) { e, p in
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

    func extraHosts(_ node: Node, _ path: DecodePath) -> ExtraHosts {
        let path = path.materialized
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

    func healthcheck(_ node: Node, _ path: DecodePath) -> HealthCheckConfig? {
        if isNull(node) { return nil }
        var h = HealthCheckConfig()
        h.extensions = object(node, path, known: ModelKeys.healthCheckConfig) { e, p in
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

    func logging(_ node: Node, _ path: DecodePath) -> LoggingConfig {
        var l = LoggingConfig()
        l.extensions = object(node, path, known: ModelKeys.loggingConfig) { e, p in
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

    func serviceModels(_ node: Node, _ path: DecodePath) -> [String: ServiceModelConfig?] {
        let path = path.materialized
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
            m.extensions = object(e.value, join(path, e.key), known: ModelKeys.serviceModelConfig) { e, p in
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

    func serviceNetworks(_ node: Node, _ path: DecodePath) -> [String: ServiceNetworkConfig?] {
        let path = path.materialized
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
            n.extensions = object(e.value, join(path, e.key), known: ModelKeys.serviceNetworkConfig) { e, p in
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

    func provider(_ node: Node, _ path: DecodePath) -> ServiceProviderConfig {
        var pr = ServiceProviderConfig()
        pr.extensions = object(node, path, known: ModelKeys.serviceProviderConfig) { e, p in
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
}
