import BerthBasics
import YAMLSyntax

/// Relative paths in an included project resolve against that project's directory, not the
/// including one: they are made absolute before the import.
enum IncludePaths {
    static let sections: Set<String> = ["services", "networks", "volumes", "secrets", "configs", "models"]

    /// Only the resources an include imports.
    static func importedSections(_ root: Node) -> Node {
        var out = root
        out.content = .mapping((root.mapping ?? []).filter { sections.contains($0.key.scalar ?? "") })
        return out
    }

    static func rebase(_ root: Node, onto dir: String, home: String) -> Node {
        root.updating { key, value in
            switch key {
            case "services":
                return value.updatingEach { $0.updating { key, value in rebaseServiceField(key, value, dir: dir) } }
            case "secrets", "configs":
                return value.updatingEach { $0.updating { key, value in key == "file" ? path(value, dir) : value } }
            default:
                return value
            }
        }
    }

    static func rebaseServiceField(_ key: String, _ value: Node, dir: String) -> Node {
        switch key {
        case "build":
            if value.scalar != nil, !value.isNull { return buildContext(value, dir) }
            var sawContext = false
            var out = value.updating { key, value in
                switch key {
                case "context":
                    sawContext = true
                    return buildContext(value, dir)
                case "additional_contexts":
                    return BuildContextPaths.rebaseAdditional(value) { buildContext($0, dir) }
                default:
                    return value
                }
            }
            if !sawContext, var pairs = out.mapping {
                pairs.insert(Node.Pair(key: .string("context", mark: value.mark, style: .plain),
                                       value: .string(dir, mark: value.mark)), at: 0)
                out.content = .mapping(pairs)
            }
            return out
        case "env_file", "label_file":
            if value.sequence != nil {
                return value.updatingItems { item in
                    item.mapping != nil ? item.updating { k, v in k == "path" ? path(v, dir) : v } : path(item, dir)
                }
            }
            return path(value, dir)
        case "volumes":
            return value.updatingItems { item in
                if let text = item.scalar, item.mapping == nil {
                    guard let spec = try? VolumeSyntax.parse(text), spec.type == "bind", let source = spec.source,
                          source.hasPrefix(".") else { return item }
                    var out = item
                    out.content = .scalar(POSIXPath.join(dir, source) + text.dropFirst(source.count), .doubleQuoted)
                    return out
                }
                guard item["type"]?.scalar == "bind" else { return item }
                return item.updating { k, v in k == "source" ? path(v, dir) : v }
            }
        case "develop":
            return value.updating { k, v in
                k == "watch" ? v.updatingItems { $0.updating { k, v in k == "path" ? path(v, dir) : v } } : v
            }
        default:
            return value
        }
    }

    static func buildContext(_ node: Node, _ dir: String) -> Node {
        guard let text = node.scalar, !isRemote(text) else { return node }
        return path(node, dir)
    }

    static func isRemote(_ s: String) -> Bool {
        PathSyntax.isNonLocalContext(s)
    }

    static func path(_ node: Node, _ dir: String) -> Node {
        guard let text = node.scalar, !node.isNull, !POSIXPath.isAbsolute(text), !text.hasPrefix("~") else { return node }
        var out = node
        out.content = .scalar(POSIXPath.join(dir, text), .doubleQuoted)
        return out
    }
}

extension Node {
    /// A mapping with each value replaced by `transform(key, value)`; other nodes unchanged.
    func updating(_ transform: (String, Node) -> Node) -> Node {
        guard let pairs = mapping else { return self }
        var out = self
        out.content = .mapping(pairs.map { Node.Pair(key: $0.key, value: transform($0.key.scalar ?? "", $0.value)) })
        return out
    }

    /// A mapping with every value transformed (for `services:` and the like).
    func updatingEach(_ transform: (Node) -> Node) -> Node {
        updating { _, value in transform(value) }
    }

    /// A sequence with every item transformed.
    func updatingItems(_ transform: (Node) -> Node) -> Node {
        guard let items = sequence else { return self }
        var out = self
        out.content = .sequence(items.map(transform))
        return out
    }
}
