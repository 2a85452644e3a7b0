import ComposeModel
import YAMLSyntax

// ports, secrets and configs, ulimits and volumes of a service.
extension TreeDecoder {
    // MARK: ports

    /// The ports, one entry per (host address, published, target, protocol) as compose-go
    /// keeps them: a later entry with the same key replaces an earlier one, in the earlier
    /// one's place (`80` then `{target: 80, mode: host}` is one port, in host mode). The key
    /// is compose-go's, Go formatting included: a long-syntax `published: 8080` (an integer)
    /// is not the same key as `"8080:80"`, so both stay, as in Compose v2.
    func ports(_ node: Node, _ path: DecodePath) -> [ServicePortConfig] {
        let path = path.materialized
        guard let list = items(node, path) else { return [] }
        var out: [ServicePortConfig] = []
        var keys: [String: Int] = [:]
        func add(_ port: ServicePortConfig, published: String) {
            let key = UnicityKeys.portKey(hostIP: port.hostIP ?? "0.0.0.0", published: published, target: String(port.target), protocol: port.protocol ?? "tcp")
            if let at = keys[key] {
                out[at] = port
            } else {
                keys[key] = out.count
                out.append(port)
            }
        }
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
                case .success(let ports): for p in ports { add(p, published: p.published ?? UnicityKeys.goNil) }
                case .failure(let e): error(e.message, ip, item)
                }
            case .mapping:
                var port = ServicePortConfig()
                var sawTarget = false
                var publishedKey = UnicityKeys.goNil
                port.extensions = object(item, ip, known: ModelKeys.servicePortConfig) { e, p in
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
                                publishedKey = UnicityKeys.goText(publishedInt: n)
                            }
                        case .string(let s)?:
                            if s.isEmpty || SyntaxBridge.portRange(Substring(s)) != nil {
                                port.published = s.isEmpty ? nil : s
                                publishedKey = s
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
                add(port, published: publishedKey)
            case .sequence:
                typeError("number, string or mapping", ip, item)
            }
        }
        return out
    }

    // MARK: secrets / configs

    func fileReferences(_ node: Node, _ path: DecodePath, secrets: Bool) -> [FileReference] {
        let path = path.materialized
        return (items(node, path) ?? []).enumerated().compactMap { i, item in
            let ip = join(path, i)
            var ref = FileReference()
            if case .scalar = item.content {
                guard let s = string(item, ip) else { return nil }
                ref.source = s
            } else {
                ref.extensions = object(item, ip, known: ModelKeys.fileReference) { e, p in
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
    func fileMode(_ node: Node, _ path: DecodePath) -> Int? {
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

    func ulimits(_ node: Node, _ path: DecodePath) -> [String: UlimitsConfig] {
        let path = path.materialized
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
                u.extensions = object(e.value, p, known: ModelKeys.ulimitsConfig) { e, p in
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

    func serviceVolumes(_ node: Node, _ path: DecodePath) -> [ServiceVolumeConfig] {
        let path = path.materialized
        return (items(node, path) ?? []).enumerated().compactMap { i, item in
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

    func longVolume(_ node: Node, _ path: DecodePath) -> ServiceVolumeConfig? {
        var v = ServiceVolumeConfig()
        var type: String?
        v.extensions = object(node, path, known: ModelKeys.serviceVolumeConfig) { e, p in
            let n = e.value
            switch e.key {
            case "type": type = oneOf(n, p, ["bind", "volume", "tmpfs", "cluster", "npipe", "image"])
            case "source": v.source = string(n, p)
            case "target": v.target = string(n, p).map(SyntaxBridge.clean) ?? ""
            case "read_only": v.readOnly = bool(n, p) ?? false
            case "consistency": v.consistency = string(n, p)
            case "bind":
                var b = ServiceVolumeBind()
                b.extensions = object(n, p, known: ModelKeys.serviceVolumeBind) { e, p in
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
                o.extensions = object(n, p, known: ModelKeys.serviceVolumeVolume) { e, p in
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
                t.extensions = object(n, p, known: ModelKeys.serviceVolumeTmpfs) { e, p in
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
                im.extensions = object(n, p, known: ModelKeys.serviceVolumeImage) { e, p in
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
