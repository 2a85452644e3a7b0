import ComposeModel
import YAMLSyntax

// build:, blkio_config and depends_on of a service.
extension TreeDecoder {
    // MARK: build

    func build(_ node: Node, _ path: DecodePath) -> BuildConfig? {
        var b = BuildConfig()
        if case .scalar = node.content {
            guard let context = string(node, path) else { return nil }
            b.context = context
        } else {
            b.extensions = object(node, path, known: ModelKeys.buildConfig) { e, p in
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

    func sshKeys(_ node: Node, _ path: DecodePath) -> [String] {
        let path = path.materialized
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

    func blkio(_ node: Node, _ path: DecodePath) -> BlkioConfig {
        var b = BlkioConfig()
        object(node, path, known: ModelKeys.blkioConfig, allowExtensions: false) { e, p in
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
                    object(item, ip, known: ModelKeys.weightDevice, allowExtensions: false) { e, p in
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

    func throttle(_ node: Node, _ path: DecodePath) -> [ThrottleDevice] {
        let path = path.materialized
        return (items(node, path) ?? []).enumerated().map { i, item in
            var t = ThrottleDevice()
            object(item, join(path, i), known: ModelKeys.throttleDevice, allowExtensions: false) { e, p in
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

    func dependsOn(_ node: Node, _ path: DecodePath) -> [String: ServiceDependency] {
        let path = path.materialized
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
                    d.extensions = object(e.value, p, known: ModelKeys.serviceDependency) { e, p in
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
}
