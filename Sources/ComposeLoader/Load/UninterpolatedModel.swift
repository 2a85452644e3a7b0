import BerthBasics
import ComposeModel
import YAMLSyntax

extension ProjectLoader {
    /// What `config --no-interpolate` prints, as Compose v2 does: not the typed project (its
    /// fields could not hold `"${PORT:-8080}:80"`) but the merged tree in canonical form, with
    /// `${…}` left as written. Includes, extends and merges are resolved as for `load`; then
    /// compose-go's canonical rewrites, defaults, path resolution and normalisation are applied
    /// (see ``UninterpolatedModel``). Nothing is type-checked beyond what those need.
    public static func loadUninterpolatedModel(_ options: LoadOptions, fileSystem: any FileSystem) throws(DiagnosticsError) -> Node {
        var options = options
        options.interpolate = false
        var session = LoadSession(options: options, fs: fileSystem)
        let merged = session.mergedRoot()
        let sorted = DiagnosticOrder.sorted(session.diagnostics)
        guard let merged, !sorted.contains(where: { $0.severity == .error }) else {
            throw DiagnosticsError(sorted)
        }
        // Compose v2.40.3 resolves no valueless `environment`/`build.args` entry here, not even
        // from the process environment or `.env`: an empty environment gives the same output.
        let model = UninterpolatedModel(projectDir: merged.projectDir, home: fileSystem.homeDirectory, env: [:])
        return model.canonical(merged.root)
    }
}

/// compose-go's dictionary-level pipeline for a model that is not interpolated
/// (loader/loader.go `load` with interpolation skipped): the canonical rewrites
/// (transform/canonical.go), defaults (transform/defaults.go), relative paths
/// (paths/resolve.go), environment resolution and normalisation (loader/normalize.go).
/// Keys come out sorted, as Go's maps print.
///
/// Covered: `build`, `depends_on` (and what `links`, `volumes_from`, `network_mode`/`ipc`/
/// `pid`/`uts`/`cgroup: service:X` add to it), `env_file`, `label_file`, `extends`,
/// `networks`, short `volumes`, `secrets`/`configs` references, `ports` (kept as written when
/// one does not parse, as compose-go does without interpolation), `dns`, `environment` and
/// `build.args` resolution, `pull_policy`, the implicit default network and resource names.
/// Not rewritten (printed as written): `devices`, `gpus`, `ulimits`, `build.ssh`,
/// `develop.watch` lists and `additional_contexts` lists.
struct UninterpolatedModel {
    let projectDir: String
    let home: String
    let env: [String: String]

    func canonical(_ root: Node) -> Node {
        let name = root["name"]?.scalar ?? ""
        var pairs = (root.mapping ?? []).filter { $0.key.scalar != "include" }
        var usesDefault = false
        if let i = pairs.firstIndex(where: { $0.key.scalar == "services" }) {
            pairs[i].value = pairs[i].value.updatingEach { service in
                let (out, defaultNetwork) = self.service(service)
                if defaultNetwork { usesDefault = true }
                return out
            }
        }
        if usesDefault {
            if let i = pairs.firstIndex(where: { $0.key.scalar == "networks" }) {
                if pairs[i].value["default"] == nil {
                    pairs[i].value = Self.setting(pairs[i].value, "default", .null(mark: root.mark))
                }
            } else {
                pairs.append(Self.pair("networks", Self.map(["default": .null(mark: root.mark)], root.mark), root.mark))
            }
        }
        for i in pairs.indices {
            guard let key = pairs[i].key.scalar, ["networks", "volumes", "configs", "secrets"].contains(key) else { continue }
            pairs[i].value = resources(pairs[i].value, kind: key, project: name)
        }
        var out = root
        out.content = .mapping(pairs)
        return Self.sorted(out)
    }

    // MARK: Top-level resources

    func resources(_ node: Node, kind: String, project: String) -> Node {
        node.updating { key, value in
            var resource = value.isNull ? Self.map([:], value.mark) : value
            if kind == "secrets" || kind == "configs" {
                resource = resource.updating { k, v in k == "file" ? hostPath(v) : v }
            }
            if kind == "volumes", resource["driver"]?.scalar == "local", resource["driver_opts"]?["o"]?.scalar == "bind" {
                resource = resource.updating { k, v in k == "driver_opts" ? v.updating { k, v in k == "device" ? hostPath(v) : v } : v }
            }
            if let external = resource["external"], external.mapping != nil {
                resource = Self.setting(resource, "external", Node(.scalar("true", .plain), mark: external.mark))
                if let legacy = external["name"], resource["name"] == nil {
                    resource = Self.setting(resource, "name", legacy)
                }
            }
            if resource["name"] == nil {
                let external = resource["external"]?.resolved == .bool(true)
                resource = Self.setting(resource, "name", .string(external ? key : "\(project)_\(key)", mark: value.mark))
            }
            return resource
        }
    }

    // MARK: Services

    /// The canonical service, and whether it is attached to the implicit default network.
    func service(_ node: Node) -> (Node, Bool) {
        guard node.mapping != nil else { return (node, false) }
        var s = node.updating { key, value in
            switch key {
            case "build": return build(value)
            case "depends_on": return dependsOn(value)
            case "env_file": return Self.list(value).updatingItems(envFile)
            case "label_file": return Self.list(value).updatingItems(hostPath)
            case "dns": return Self.list(value)
            case "extends":
                if value.scalar != nil { return Self.map(["service": value], value.mark) }
                return value
            case "networks", "models":
                guard let items = value.sequence else { return value }
                return Self.map(Dictionary(items.compactMap { $0.scalar.map { ($0, Node.null(mark: value.mark)) } }) { a, _ in a }, value.mark)
            case "volumes": return value.updatingItems(volume)
            case "secrets": return value.updatingItems { fileMount($0, secret: true) }
            case "configs": return value.updatingItems { fileMount($0, secret: false) }
            case "ports": return ports(value)
            case "environment": return resolveEnvironment(value, keepEmpty: true)
            case "pull_policy": return value.scalar == "if_not_present" ? .string("missing", mark: value.mark) : value
            default: return value
            }
        }
        s = impliedDependencies(s)
        if s["provider"] != nil || s["network_mode"] != nil { return (s, false) }
        if let networks = s["networks"], let pairs = networks.mapping, !pairs.isEmpty {
            return (s, networks["default"] != nil)
        }
        return (Self.setting(s, "networks", Self.map(["default": .null(mark: node.mark)], node.mark)), true)
    }

    func build(_ node: Node) -> Node {
        var b = node.scalar != nil && !node.isNull ? Self.map(["context": node], node.mark) : node
        guard b.mapping != nil else { return node }
        if b["context"] == nil || b["context"]?.isNull == true { b = Self.setting(b, "context", .string(".", mark: node.mark)) }
        if b["dockerfile"] == nil, b["dockerfile_inline"] == nil { b = Self.setting(b, "dockerfile", .string("Dockerfile", mark: node.mark)) }
        return b.updating { key, value in
            switch key {
            case "context":
                guard let text = value.scalar, !PathSyntax.isNonLocalContext(text) else { return value }
                return hostPath(value)
            case "additional_contexts":
                return value.updating { _, v in
                    guard let text = v.scalar, !PathSyntax.isNonLocalContext(text) else { return v }
                    return hostPath(v)
                }
            case "args": return resolveEnvironment(value, keepEmpty: false)
            case "secrets": return value.updatingItems { fileMount($0, secret: false) }
            default: return value
            }
        }
    }

    func dependsOn(_ node: Node) -> Node {
        if let items = node.sequence {
            var out: [String: Node] = [:]
            for item in items {
                guard let name = item.scalar else { continue }
                out[name] = Self.dependency(required: true, restart: nil, at: item.mark)
            }
            return Self.map(out, node.mark)
        }
        return node.updating { _, d in
            var d = d
            if d["condition"] == nil { d = Self.setting(d, "condition", .string("service_started", mark: d.mark)) }
            if d["required"] == nil { d = Self.setting(d, "required", Node(.scalar("true", .plain), mark: d.mark)) }
            return d
        }
    }

    /// `links`, `volumes_from` and `service:` namespaces add dependencies (normalize.go).
    func impliedDependencies(_ s: Node) -> Node {
        var added: [(String, Bool)] = []
        for link in s["links"]?.sequence ?? [] {
            guard let text = link.scalar else { continue }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            added.append((parts.count == 2 ? String(parts[0]) : text, true))
        }
        for key in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
            if let text = s[key]?.scalar, text.hasPrefix("service:") { added.append((String(text.dropFirst(8)), true)) }
        }
        for v in s["volumes_from"]?.sequence ?? [] {
            guard let text = v.scalar, !text.hasPrefix("container:") else { continue }
            added.append((String(text.split(separator: ":", omittingEmptySubsequences: false)[0]), false))
        }
        guard !added.isEmpty else { return s }
        var deps = s["depends_on"] ?? Self.map([:], s.mark)
        for (name, restart) in added where deps[name] == nil {
            deps = Self.setting(deps, name, Self.dependency(required: true, restart: restart, at: s.mark))
        }
        return Self.setting(s, "depends_on", deps)
    }

    func envFile(_ item: Node) -> Node {
        if item.scalar != nil, !item.isNull {
            return Self.map(["path": hostPath(item), "required": Node(.scalar("true", .plain), mark: item.mark)], item.mark)
        }
        var out = item.updating { k, v in k == "path" ? hostPath(v) : v }
        if out["required"] == nil { out = Self.setting(out, "required", Node(.scalar("true", .plain), mark: item.mark)) }
        return out
    }

    func volume(_ item: Node) -> Node {
        if let text = item.scalar, item.mapping == nil {
            guard case .success(let v) = SyntaxBridge.volume(text, workingDir: projectDir, homeDir: home) else { return item }
            var fields: [String: Node] = ["type": .string(v.type, mark: item.mark), "target": .string(POSIXPath.clean(v.target), mark: item.mark)]
            if let source = v.source { fields["source"] = .string(source, mark: item.mark) }
            if v.readOnly { fields["read_only"] = Node(.scalar("true", .plain), mark: item.mark) }
            if let bind = v.bind {
                var b: [String: Node] = ["create_host_path": Node(.scalar("true", .plain), mark: item.mark)]
                if let p = bind.propagation { b["propagation"] = .string(p, mark: item.mark) }
                if let z = bind.selinux { b["selinux"] = .string(z, mark: item.mark) }
                fields["bind"] = Self.map(b, item.mark)
            }
            if let volume = v.volume {
                fields["volume"] = Self.map(volume.nocopy ? ["nocopy": Node(.scalar("true", .plain), mark: item.mark)] : [:], item.mark)
            }
            return Self.map(fields, item.mark)
        }
        return item.updating { k, v in
            switch k {
            case "source" where item["type"]?.scalar == "bind": return hostPath(v)
            case "target": return v.scalar.map { Node.string(POSIXPath.clean($0), mark: v.mark) } ?? v
            default: return v
            }
        }
    }

    func fileMount(_ item: Node, secret: Bool) -> Node {
        var out = item.scalar != nil && !item.isNull ? Self.map(["source": item], item.mark) : item
        if secret, out["target"] == nil, let source = out["source"]?.scalar {
            out = Self.setting(out, "target", .string("/run/secrets/\(source)", mark: item.mark))
        }
        return out
    }

    /// Ports in long form; the list as written when an entry does not parse.
    func ports(_ node: Node) -> Node {
        guard let items = node.sequence else { return node }
        var out: [Node] = []
        for item in items {
            if item.mapping != nil {
                var port = item
                if port["protocol"] == nil { port = Self.setting(port, "protocol", .string("tcp", mark: item.mark)) }
                if port["mode"] == nil { port = Self.setting(port, "mode", .string("ingress", mark: item.mark)) }
                out.append(port)
                continue
            }
            guard let text = item.scalar, case .success(let parsed) = SyntaxBridge.ports(text) else { return node }
            for p in parsed {
                var fields: [String: Node] = [
                    "mode": .string(p.mode ?? "ingress", mark: item.mark),
                    "target": Node(.scalar(String(p.target), .plain), mark: item.mark),
                    "protocol": .string(p.protocol ?? "tcp", mark: item.mark),
                ]
                if let published = p.published { fields["published"] = .string(published, mark: item.mark) }
                if let ip = p.hostIP { fields["host_ip"] = .string(ip, mark: item.mark) }
                out.append(Self.map(fields, item.mark))
            }
        }
        var result = node
        result.content = .sequence(out)
        return result
    }

    /// normalize.go `resolve`: a valueless entry takes its value from the environment; when
    /// the variable is unset it is kept (`environment`) or dropped (`build.args`).
    func resolveEnvironment(_ node: Node, keepEmpty: Bool) -> Node {
        switch node.content {
        case .sequence(let items):
            var out: [Node] = []
            for item in items {
                guard let text = item.scalar, !text.contains("=") else { out.append(item); continue }
                if let value = env[text] {
                    out.append(.string("\(text)=\(value)", mark: item.mark))
                } else if keepEmpty {
                    out.append(item)
                }
            }
            var result = node
            result.content = .sequence(out)
            return result
        case .mapping(let pairs):
            var out: [Node.Pair] = []
            for pair in pairs {
                guard pair.value.isNull, let key = pair.key.scalar else { out.append(pair); continue }
                if let value = env[key] {
                    out.append(Node.Pair(key: pair.key, value: .string(value, mark: pair.value.mark)))
                } else if keepEmpty {
                    out.append(pair)
                }
            }
            var result = node
            result.content = .mapping(out)
            return result
        case .scalar:
            return node
        }
    }

    /// A host path: `~` expanded, relative joined onto the project directory, empty kept.
    func hostPath(_ node: Node) -> Node {
        guard let text = node.scalar, !node.isNull, !text.isEmpty else { return node }
        var p = text
        if p == "~" { p = home } else if p.hasPrefix("~/") { p = home + p.dropFirst() }
        return .string(POSIXPath.isAbsolute(p) ? p : POSIXPath.join(projectDir, p), mark: node.mark)
    }

    // MARK: Node building

    static func pair(_ key: String, _ value: Node, _ mark: Mark) -> Node.Pair {
        Node.Pair(key: .string(key, mark: mark, style: .plain), value: value)
    }

    static func map(_ fields: [String: Node], _ mark: Mark) -> Node {
        Node(.mapping(fields.keys.sorted().compactMap { k in fields[k].map { pair(k, $0, mark) } }), mark: mark)
    }

    static func list(_ node: Node) -> Node {
        guard node.scalar != nil, !node.isNull else { return node }
        return Node(.sequence([node]), mark: node.mark)
    }

    static func setting(_ node: Node, _ key: String, _ value: Node) -> Node {
        var pairs = node.mapping ?? []
        if let i = pairs.firstIndex(where: { $0.key.scalar == key }) {
            pairs[i].value = value
        } else {
            pairs.append(pair(key, value, node.mark))
        }
        var out = node
        out.content = .mapping(pairs)
        return out
    }

    static func dependency(required: Bool, restart: Bool?, at mark: Mark) -> Node {
        var fields: [String: Node] = [
            "condition": .string("service_started", mark: mark),
            "required": Node(.scalar(required ? "true" : "false", .plain), mark: mark),
        ]
        if let restart { fields["restart"] = Node(.scalar(restart ? "true" : "false", .plain), mark: mark) }
        return map(fields, mark)
    }

    /// Every mapping's keys in byte order, as Go prints a map.
    static func sorted(_ node: Node) -> Node {
        var out = node
        switch node.content {
        case .mapping(let pairs):
            out.content = .mapping(pairs.map { Node.Pair(key: $0.key, value: sorted($0.value)) }
                .sorted { Array(($0.key.scalar ?? "").utf8).lexicographicallyPrecedes(Array(($1.key.scalar ?? "").utf8)) })
        case .sequence(let items):
            out.content = .sequence(items.map(sorted))
        case .scalar:
            break
        }
        return out
    }
}
