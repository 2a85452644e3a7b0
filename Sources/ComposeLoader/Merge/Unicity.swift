import YAMLSyntax

/// Deduplication of sequences after a merge (compose-file-semantics §4.2, second table):
/// a later item with the same key replaces the earlier one, in the earlier one's position.
enum UnicityKeys {
    typealias Indexer = @Sendable (Node) -> String?

    /// Text before the first `=`, or the whole string.
    static func keyValue(_ s: String) -> String {
        if let eq = s.firstIndex(of: "=") { return String(s[..<eq]) }
        return s
    }

    static let keyValueIndexer: Indexer = { node in
        MergeNodes.text(node).map(keyValue)
    }

    static let volumeIndexer: Indexer = { node in
        switch node.content {
        case .scalar(let s, _): return try? VolumeSyntax.parse(s).target
        case .mapping: return MergeNodes.value(node, "target").flatMap(MergeNodes.text)
        case .sequence: return nil
        }
    }

    static let deviceIndexer: Indexer = { node in
        switch node.content {
        case .scalar(let s, _):
            let fields = s.split(separator: ":", omittingEmptySubsequences: false)
            return fields.count >= 2 ? String(fields[1]) : s
        case .mapping: return MergeNodes.value(node, "target").flatMap(MergeNodes.text)
        case .sequence: return nil
        }
    }

    static func mountIndexer(_ prefix: String) -> Indexer {
        { node in
            switch node.content {
            case .scalar(let s, _): return prefix + "/" + s
            case .mapping:
                if let t = MergeNodes.value(node, "target").flatMap(MergeNodes.text) { return t }
                return MergeNodes.value(node, "source").flatMap(MergeNodes.text).map { prefix + "/" + $0 }
            case .sequence: return nil
            }
        }
    }

    static let portIndexer: Indexer = { node in
        switch node.content {
        case .scalar(let s, _): return s
        case .mapping:
            guard let target = MergeNodes.value(node, "target").flatMap(MergeNodes.text) else { return nil }
            let field = { (k: String, d: String) -> String in
                guard let v = MergeNodes.value(node, k), !MergeNodes.isNull(v) else { return d }
                return MergeNodes.text(v) ?? d
            }
            var published = field("published", "")
            if let v = MergeNodes.value(node, "published"), case .int(let n)? = v.resolved { published = goText(publishedInt: n) }
            return portKey(hostIP: field("host_ip", "0.0.0.0"), published: published, target: target, protocol: field("protocol", "tcp"))
        case .sequence: return nil
        }
    }

    /// compose-go's key of a port entry: `host:published:target/protocol`.
    static func portKey(hostIP: String, published: String, target: String, protocol: String) -> String {
        "\(hostIP):\(published):\(target)/\(`protocol`)"
    }

    /// Go's `%s` of an integer `published`, which is not its digits: `8080` and "8080" differ.
    static func goText(publishedInt n: Int) -> String { "%!s(int=\(n))" }

    /// Go's `%s` of a missing `published`.
    static let goNil = "%!s(<nil>)"

    static let envFileIndexer: Indexer = { node in
        switch node.content {
        case .scalar(let s, _): return s
        case .mapping: return MergeNodes.value(node, "path").flatMap(MergeNodes.text)
        case .sequence: return nil
        }
    }

    static func serviceIndexer(_ key: String) -> Indexer? {
        switch key {
        case "environment", "labels", "annotations", "sysctls", "tmpfs", "dns", "dns_opt", "dns_search",
            "cap_add", "cap_drop", "links", "profiles":
            return keyValueIndexer
        case "volumes": return volumeIndexer
        case "devices": return deviceIndexer
        case "secrets": return mountIndexer("/run/secrets")
        case "configs": return mountIndexer("")
        // `ports` are made unique again once decoded, where short and long syntax meet
        // (TreeDecoder.ports).
        case "ports", "expose": return portIndexer
        case "env_file": return envFileIndexer
        default: return nil
        }
    }

    // MARK: - Walk

    /// Deduplicates every sequence of the table in a compose root.
    static func enforce(root: Node) -> Node {
        mapValues(root) { key, value in
            switch key {
            case "services": return mapValues(value) { _, service in enforce(service: service) }
            case "networks":
                return mapValues(value) { _, network in
                    mapValues(network) { key, v in
                        switch key {
                        case "labels": return dedupe(v, keyValueIndexer)
                        case "ipam": return mapValues(v) { k, o in k == "options" ? dedupe(o, keyValueIndexer) : o }
                        default: return v
                        }
                    }
                }
            default: return value
            }
        }
    }

    /// Deduplicates the sequences of one service.
    static func enforce(service: Node) -> Node {
        mapValues(service) { key, value in
            if let indexer = serviceIndexer(key) { return dedupe(value, indexer) }
            switch key {
            case "build":
                return mapValues(value) { k, v in
                    switch k {
                    case "args", "labels", "tags", "platforms", "platform", "additional_contexts": return dedupe(v, keyValueIndexer)
                    default: return v
                    }
                }
            case "deploy":
                return mapValues(value) { k, v in k == "labels" ? dedupe(v, keyValueIndexer) : v }
            case "networks":
                return mapValues(value) { _, network in
                    mapValues(network) { k, v in
                        k == "aliases" || k == "link_local_ips" ? dedupe(v, keyValueIndexer) : v
                    }
                }
            default:
                return value
            }
        }
    }

    static func mapValues(_ node: Node, _ transform: (String, Node) -> Node) -> Node {
        guard case .mapping(let pairs) = node.content else { return node }
        var out = node
        out.content = .mapping(
            pairs.map { pair in
                guard let k = MergeNodes.keyText(pair.key) else { return pair }
                return Node.Pair(key: pair.key, value: transform(k, pair.value))
            })
        return out
    }

    static func dedupe(_ node: Node, _ indexer: Indexer) -> Node {
        guard case .sequence(let items) = node.content, items.count > 1 else { return node }
        var out: [Node] = []
        out.reserveCapacity(items.count)
        var seen: [String: Int] = [:]
        for item in items {
            if let key = indexer(item) {
                if let j = seen[key] {
                    out[j] = item
                    continue
                }
                seen[key] = out.count
            }
            out.append(item)
        }
        if out.count == items.count && seen.count == items.count { return node }
        var result = node
        result.content = .sequence(out)
        return result
    }
}
