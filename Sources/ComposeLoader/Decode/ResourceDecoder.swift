import ComposeModel
import YAMLSyntax

extension TreeDecoder {
    func project(_ root: Node) -> Project {
        var project = Project()
        if case .scalar = root.content, isNull(root) {
            error("empty compose file", "", root)
            return project
        }
        guard case .mapping = root.content else {
            error("top-level object must be a mapping", "", root)
            return project
        }
        var servicesNode: Node?
        project.extensions = object(root, "", known: ModelKeys.project) { e, p in
            let v = e.value
            switch e.key {
            case "version", "include":
                // `version` is obsolete (the loader warns per file); `include` is resolved by the loader.
                break
            case "name":
                project.name = string(v, p) ?? ""
            case "services":
                servicesNode = v
            case "networks":
                project.networks = resources(v, p, what: "network") { name, n, p in network(name, n, p) }
            case "volumes":
                project.volumes = resources(v, p, what: "volume") { name, n, p in volume(name, n, p) }
            case "secrets":
                project.secrets = resources(v, p, what: "secret") { name, n, p in fileObject(name, n, p, secret: true) }
            case "configs":
                project.configs = resources(v, p, what: "config") { name, n, p in fileObject(name, n, p, secret: false) }
            case "models":
                project.models = resources(v, p, what: "model") { name, n, p in model(name, n, p) }
            default:
                return false
            }
            return true
        }
        var usesDefaultNetwork = false
        if let servicesNode, !isNull(servicesNode) {
            if case .mapping(let pairs) = servicesNode.content { project.services.reserveCapacity(pairs.count) }
            forEachEntry(servicesNode, "services") { e in
                guard checkName(e, "services", what: "service") else { return }
                var s = service(e.key, e.value, join("services", e.key))
                normalizeService(&s)
                if s.networks.keys.contains("default") { usesDefaultNetwork = true }
                project.services[e.key] = s
            }
        }
        normalize(&project, usesDefaultNetwork: usesDefaultNetwork)
        return project
    }

    /// A user-defined-key section (`networks`, `volumes`, …): names checked, `x-` keys are real entries.
    func resources<T>(_ node: Node, _ path: DecodePath, what: String, _ decode: (String, Node, DecodePath) -> T) -> [String: T] {
        let path = path.materialized
        if isNull(node) { return [:] }
        var out: [String: T] = [:]
        for e in entries(node, path) ?? [] {
            guard checkName(e, path, what: what) else { continue }
            out[e.key] = decode(e.key, e.value, join(path, e.key))
        }
        return out
    }

    /// `external: true|false|"true"|{name: x}`; returns (external, legacy name, node of the legacy name).
    func external(_ node: Node, _ path: DecodePath) -> (Bool, String?, Node?) {
        if case .mapping = node.content {
            var name: String?
            var nameNode: Node?
            object(node, path, known: ["name"]) { e, p in
                guard e.key == "name" else { return false }
                name = string(e.value, p)
                nameNode = e.value
                return true
            }
            return (true, name, nameNode)
        }
        return (bool(node, path) ?? false, nil, nil)
    }

    /// Applies a legacy `external: {name: x}` with its warning, or reports the conflict.
    func applyLegacyExternalName(_ legacy: String?, _ legacyNode: Node?, name: inout String?, _ path: DecodePath) {
        guard let legacy, let legacyNode else { return }
        if let name, name != legacy {
            error("\(path): name and external.name conflict; only use name", join(path, "external.name"), legacyNode)
            return
        }
        warning("\(path): external.name is deprecated. Please set name and external: true", join(path, "external.name"), legacyNode)
        name = legacy
    }

    func network(_ key: String, _ node: Node, _ path: DecodePath) -> NetworkConfig {
        var n = NetworkConfig()
        if isNull(node) { return n }
        var legacy: (String?, Node?) = (nil, nil)
        n.extensions = object(node, path, known: ModelKeys.networkConfig) { e, p in
            let v = e.value
            switch e.key {
            case "name": n.name = string(v, p)
            case "driver": n.driver = string(v, p)
            case "driver_opts": n.driverOpts = stringMap(v, p)
            case "ipam": n.ipam = ipam(v, p)
            case "external":
                let (ext, name, nameNode) = external(v, p)
                n.external = ext
                legacy = (name, nameNode)
            case "internal": n.internal = bool(v, p) ?? false
            case "enable_ipv4": n.enableIPv4 = bool(v, p)
            case "enable_ipv6": n.enableIPv6 = bool(v, p)
            case "attachable": n.attachable = bool(v, p) ?? false
            case "labels": n.labels = stringMap(v, p)
            default: return false
            }
            return true
        }
        applyLegacyExternalName(legacy.0, legacy.1, name: &n.name, path)
        return n
    }

    func ipam(_ node: Node, _ path: DecodePath) -> IPAMConfig {
        var i = IPAMConfig()
        i.extensions = object(node, path, known: ModelKeys.ipamConfig) { e, p in
            switch e.key {
            case "driver": i.driver = string(e.value, p)
            case "options": i.options = stringMap(e.value, p)
            case "config":
                i.config = (items(e.value, p) ?? []).enumerated().map { idx, item in
                    var pool = IPAMPool()
                    pool.extensions = object(item, join(p, idx), known: ModelKeys.ipamPool) { e, p in
                        switch e.key {
                        case "subnet": pool.subnet = string(e.value, p)
                        case "ip_range": pool.ipRange = string(e.value, p)
                        case "gateway": pool.gateway = string(e.value, p)
                        case "aux_addresses":
                            for a in entries(e.value, p) ?? [] {
                                if let s = string(a.value, join(p, a.key)) { pool.auxAddresses[a.key] = s }
                            }
                        default: return false
                        }
                        return true
                    }
                    return pool
                }
            default: return false
            }
            return true
        }
        return i
    }

    func volume(_ key: String, _ node: Node, _ path: DecodePath) -> VolumeConfig {
        var v = VolumeConfig()
        if isNull(node) { return v }
        var legacy: (String?, Node?) = (nil, nil)
        var conflicting: (String, Node)?
        v.extensions = object(node, path, known: ModelKeys.volumeConfig) { e, p in
            let n = e.value
            switch e.key {
            case "name": v.name = string(n, p)
            case "driver":
                v.driver = string(n, p)
                conflicting = conflicting ?? (e.key, e.keyNode)
            case "driver_opts":
                v.driverOpts = stringMap(n, p)
                conflicting = conflicting ?? (e.key, e.keyNode)
            case "external":
                let (ext, name, nameNode) = external(n, p)
                v.external = ext
                legacy = (name, nameNode)
            case "labels":
                v.labels = stringMap(n, p)
                conflicting = conflicting ?? (e.key, e.keyNode)
            default: return false
            }
            return true
        }
        applyLegacyExternalName(legacy.0, legacy.1, name: &v.name, path)
        // As Compose: a local volume bound to a host directory names a host path, resolved like
        // a bind mount's source (`~`, then the project directory; an empty one is that directory).
        if v.driver == "local", v.driverOpts["o"] == "bind", let device = v.driverOpts["device"] {
            v.driverOpts["device"] = hostPath(device)
        }
        if v.external, let (key, keyNode) = conflicting {
            error("\(path): conflicting parameters \"external\" and \"\(key)\" specified", join(path, key), keyNode)
        }
        return v
    }

    func fileObject(_ key: String, _ node: Node, _ path: DecodePath, secret: Bool) -> FileObjectConfig {
        var f = FileObjectConfig()
        var legacy: (String?, Node?) = (nil, nil)
        // The spec gives secrets a driver and configs inline content.
        let notHere: Set<String> = secret ? ["content"] : ["driver", "driver_opts"]
        let known = ModelKeys.fileObjectConfig.filter { !notHere.contains($0) }
        f.extensions = object(node, path, known: known, allowExtensions: true) { e, p in
            let v = e.value
            switch e.key {
            case "name": f.name = string(v, p)
            case "environment": f.environment = string(v, p)
            case "file": f.file = string(v, p).map(hostPath)
            case "content" where !secret: f.content = string(v, p)
            case "external":
                let (ext, name, nameNode) = external(v, p)
                f.external = ext
                legacy = (name, nameNode)
            case "labels": f.labels = stringMap(v, p)
            case "driver" where secret: f.driver = string(v, p)
            case "driver_opts" where secret: f.driverOpts = stringMap(v, p)
            case "template_driver": f.templateDriver = string(v, p)
            default: return false
            }
            return true
        }
        if case .mapping = node.content {
            if let name = legacy.0, f.name == nil {
                f.name = name  // secrets/configs: `external.name` still accepted, no deprecation text in Compose
            }
            let sources = [f.file, f.environment, f.content].compactMap { $0 }.count
            if !f.external, f.driver == nil {
                if secret, sources == 0 {
                    error("\(path): one of file|environment must be set", path, node)
                } else if !secret, sources == 0 {
                    error("\(path): one of file|environment|content must be set", path, node)
                } else if sources > 1 {
                    error("\(path): \(secret ? "file|environment" : "file|environment|content") attributes are mutually exclusive", path, node)
                }
            }
        }
        if let variable = f.environment, f.content == nil {
            f.content = context.environment[variable]
        }
        return f
    }

    /// A host path as Compose resolves one: `~` is the home directory, a relative path (even an
    /// empty one) is joined onto the project directory.
    func hostPath(_ path: String) -> String {
        var p = path
        if p == "~" {
            p = context.homeDir
        } else if p.hasPrefix("~/") {
            p = context.homeDir + p.dropFirst()
        }
        return PathSyntax.isAbsolute(p) ? p : PathSyntax.join(context.workingDir, p)
    }

    func model(_ key: String, _ node: Node, _ path: DecodePath) -> ModelConfig {
        var m = ModelConfig()
        m.extensions = object(node, path, known: ModelKeys.modelConfig) { e, p in
            switch e.key {
            case "name": m.name = string(e.value, p)
            case "model": m.model = string(e.value, p)
            case "context_size": m.contextSize = int(e.value, p, allowString: false)
            case "runtime_flags": m.runtimeFlags = stringList(e.value, p)
            default: return false
            }
            return true
        }
        return m
    }

    // MARK: Normalisation across sections

    /// The default network and implicit dependencies of one service.
    func normalizeService(_ s: inout Service) {
        if s.networks.isEmpty, s.networkMode == nil, s.provider == nil {
            s.networks["default"] = .some(nil)
        }
        addImplicitDependencies(&s)
    }

    /// The implicit `default` network and resource names.
    func normalize(_ project: inout Project, usesDefaultNetwork: Bool) {
        if usesDefaultNetwork, project.networks["default"] == nil {
            project.networks["default"] = NetworkConfig()
        }
        let prefix = project.name.isEmpty ? "" : project.name + "_"
        func resourceName(_ key: String, _ name: String?, _ external: Bool) -> String {
            name ?? (external ? key : prefix + key)
        }
        project.networks = Dictionary(uniqueKeysWithValues: project.networks.map { key, n in
            var n = n
            n.name = resourceName(key, n.name, n.external)
            return (key, n)
        })
        project.volumes = Dictionary(uniqueKeysWithValues: project.volumes.map { key, v in
            var v = v
            v.name = resourceName(key, v.name, v.external)
            return (key, v)
        })
        project.secrets = Dictionary(uniqueKeysWithValues: project.secrets.map { key, f in
            var f = f
            f.name = resourceName(key, f.name, f.external)
            return (key, f)
        })
        project.configs = Dictionary(uniqueKeysWithValues: project.configs.map { key, f in
            var f = f
            f.name = resourceName(key, f.name, f.external)
            return (key, f)
        })
    }

    /// links, `service:` namespaces and volumes_from become depends_on entries when absent.
    func addImplicitDependencies(_ s: inout Service) {
        func add(_ name: String, restart: Bool) {
            guard !name.isEmpty, s.dependsOn[name] == nil else { return }
            s.dependsOn[name] = ServiceDependency(condition: .serviceStarted, restart: restart, required: true)
        }
        for link in s.links {
            add(String(link.split(separator: ":", maxSplits: 1).first ?? ""), restart: true)
        }
        for mode in [s.networkMode, s.ipc, s.pid, s.uts, s.cgroup] {
            if let mode, mode.hasPrefix("service:") { add(String(mode.dropFirst("service:".count)), restart: true) }
        }
        for from in s.volumesFrom where !from.hasPrefix("container:") {
            add(String(from.split(separator: ":", maxSplits: 1).first ?? ""), restart: false)
        }
    }
}
