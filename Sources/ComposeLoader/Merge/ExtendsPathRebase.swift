import BerthBasics
import YAMLSyntax

/// Re-bases the relative paths of services loaded from another file (through `extends.file`)
/// onto that file's directory, so they keep pointing at the same place once merged into a
/// service of the extending file.
enum ExtendsPathRebase {
    // MARK: - Lexical paths (POSIX)

    static func isAbsolute(_ p: String) -> Bool { POSIXPath.isAbsolute(p) }

    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        if slash == file.startIndex { return "/" }
        return String(file[..<slash])
    }

    static func join(_ base: String, _ p: String) -> String {
        isAbsolute(p) ? POSIXPath.clean(p) : POSIXPath.join(base, p)
    }

    /// A relative local path: not absolute, not home-relative, not empty.
    static func isRelativeLocal(_ p: String) -> Bool {
        !p.isEmpty && !isAbsolute(p) && !p.hasPrefix("~")
    }

    /// A build context that is not a local directory (a URL, git, `service:`).
    static func isRemoteContext(_ p: String) -> Bool {
        PathSyntax.isNonLocalContext(p)
    }

    // MARK: - Rebasing

    /// Rebases every service of a `services` mapping.
    static func rebase(services: Node, onto dir: String) -> Node {
        UnicityKeys.mapValues(services) { _, service in rebase(service: service, onto: dir) }
    }

    static func rebase(service: Node, onto dir: String) -> Node {
        UnicityKeys.mapValues(service) { key, value in
            switch key {
            case "build":
                if case .scalar = value.content { return rebaseContext(value, dir) }
                return UnicityKeys.mapValues(value) { k, v in
                    switch k {
                    case "context": return rebaseContext(v, dir)
                    case "additional_contexts": return BuildContextPaths.rebaseAdditional(v) { rebaseContext($0, dir) }
                    default: return v
                    }
                }
            case "env_file":
                return eachEntry(value) { entry in
                    if case .scalar = entry.content { return rebasePath(entry, dir) }
                    return UnicityKeys.mapValues(entry) { k, v in k == "path" ? rebasePath(v, dir) : v }
                }
            case "label_file":
                return eachEntry(value) { rebasePath($0, dir) }
            case "volumes":
                return eachEntry(value) { rebaseVolume($0, dir) }
            case "extends":
                return UnicityKeys.mapValues(value) { k, v in k == "file" ? rebasePath(v, dir) : v }
            case "develop":
                return UnicityKeys.mapValues(value) { k, watch in
                    guard k == "watch" else { return watch }
                    return eachEntry(watch) { rule in
                        UnicityKeys.mapValues(rule) { k, v in k == "path" ? rebasePath(v, dir) : v }
                    }
                }
            default:
                return value
            }
        }
    }

    /// Applies `transform` to a scalar, or to each item of a sequence.
    static func eachEntry(_ node: Node, _ transform: (Node) -> Node) -> Node {
        switch node.content {
        case .scalar: return transform(node)
        case .sequence(let items):
            var out = node
            out.content = .sequence(items.map(transform))
            return out
        case .mapping: return node
        }
    }

    static func rebasePath(_ node: Node, _ dir: String) -> Node {
        guard case .scalar(let s, _) = node.content, !node.isNull, isRelativeLocal(s) else { return node }
        var out = node
        out.content = .scalar(join(dir, s), .doubleQuoted)
        return out
    }

    static func rebaseContext(_ node: Node, _ dir: String) -> Node {
        guard case .scalar(let s, _) = node.content, !isRemoteContext(s) else { return node }
        return rebasePath(node, dir)
    }

    /// A bind mount source that is relative (`./x`, `../x`, `.`) is made absolute; named
    /// volumes and absolute or `~` sources are left alone.
    static func rebaseVolume(_ node: Node, _ dir: String) -> Node {
        switch node.content {
        case .scalar(let spec, _):
            guard spec.hasPrefix("."), let colon = spec.firstIndex(of: ":") else {
                // A lone `./x` is an anonymous volume target in the container, not a source.
                return node
            }
            let source = String(spec[..<colon])
            var out = node
            out.content = .scalar(join(dir, source) + spec[colon...], .doubleQuoted)
            return out
        case .mapping:
            guard let type = node["type"]?.scalar, type == "bind" else { return node }
            return UnicityKeys.mapValues(node) { k, v in k == "source" ? rebasePath(v, dir) : v }
        case .sequence:
            return node
        }
    }
}
