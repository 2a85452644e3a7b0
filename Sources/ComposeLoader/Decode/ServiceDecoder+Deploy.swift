import ComposeModel
import YAMLSyntax

// deploy:, develop: and the resource specs of a service.
extension TreeDecoder {
    // MARK: deploy

    func deploy(_ node: Node, _ path: DecodePath) -> DeployConfig? {
        if isNull(node) { return nil }
        var d = DeployConfig()
        d.extensions = object(node, path, known: ModelKeys.deployConfig) { e, p in
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
                r.extensions = object(v, p, known: ModelKeys.resourcesConfig) { e, p in
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
                r.extensions = object(v, p, known: ModelKeys.restartPolicy) { e, p in
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
                pl.extensions = object(v, p, known: ModelKeys.placement) { e, p in
                    switch e.key {
                    case "constraints": pl.constraints = stringList(e.value, p)
                    case "preferences":
                        pl.preferences = (items(e.value, p) ?? []).enumerated().map { i, item in
                            var pref = PlacementPreference()
                            pref.extensions = object(item, join(p, i), known: ModelKeys.placementPreference) { e, p in
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

    func updateConfig(_ node: Node, _ path: DecodePath) -> UpdateConfig {
        var u = UpdateConfig()
        u.extensions = object(node, path, known: ModelKeys.updateConfig) { e, p in
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

    func resourceSpec(_ node: Node, _ path: DecodePath, reservations: Bool) -> ResourceSpec {
        var r = ResourceSpec()
        // `pids` is a limit only; `generic_resources` and `devices` are reservations only.
        let notHere: Set<String> = reservations ? ["pids"] : ["generic_resources", "devices"]
        let known = ModelKeys.resourceSpec.filter { !notHere.contains($0) }
        r.extensions = object(node, path, known: known) { e, p in
            switch e.key {
            case "cpus": r.cpus = double(e.value, p, min: 0)
            case "memory": r.memory = bytes(e.value, p)
            case "pids" where !reservations: r.pids = int(e.value, p).map(Int64.init)
            case "generic_resources" where reservations:
                r.genericResources = (items(e.value, p) ?? []).enumerated().map { i, item in
                    var g = GenericResource()
                    g.extensions = object(item, join(p, i), known: ModelKeys.genericResource) { e, p in
                        guard e.key == "discrete_resource_spec" else { return false }
                        var spec = DiscreteResourceSpec()
                        spec.extensions = object(e.value, p, known: ModelKeys.discreteResourceSpec) { e, p in
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

    func deviceRequests(_ node: Node, _ path: DecodePath, requireCapabilities: Bool) -> [DeviceRequest] {
        let path = path.materialized
        return (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            var d = DeviceRequest()
            var countNode: Node?
            var idsNode: Node?
            var sawCapabilities = false
            d.extensions = object(item, ip, known: ModelKeys.deviceRequest) { e, p in
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

    func gpus(_ node: Node, _ path: DecodePath) -> [DeviceRequest] {
        if case .scalar = node.content {
            guard oneOf(node, path, ["all"]) != nil else { return [] }
            return [DeviceRequest(count: -1)]
        }
        return deviceRequests(node, path, requireCapabilities: false)
    }

    // MARK: develop

    func develop(_ node: Node, _ path: DecodePath) -> DevelopConfig {
        var d = DevelopConfig()
        d.extensions = object(node, path, known: ModelKeys.developConfig) { e, p in
            guard e.key == "watch" else { return false }
            d.watch = (items(e.value, p) ?? []).enumerated().compactMap { i, item in
                let ip = join(p, i)
                var w = WatchRule()
                var sawPath = false
                var sawAction = false
                w.extensions = object(item, ip, known: ModelKeys.watchRule) { e, p in
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
}
