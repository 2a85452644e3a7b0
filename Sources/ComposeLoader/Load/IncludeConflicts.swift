import YAMLSyntax

/// Compose v2 refuses a resource that an include imports when the including file, or an
/// earlier include, already defines it differently: "services.web conflicts with imported
/// resource". Newer Compose releases let the including file override instead; v2.40,
/// Berth's reference, does not.
///
/// compose-go compares the two values as Go sees them: the included one already in canonical
/// form (short syntaxes written long, relative paths made absolute), the including file's
/// one as written. So "the same definition" passes only when nothing in the included one was
/// rewritten (`rewrittenByV2`, measured against v2.40.3), and `1` and `1.0` or `"1"` differ.
enum IncludeConflicts {
    /// Every resource of `incoming` that `existing` defines differently: its section, its
    /// name, and the node in `incoming` (where the error points). `existingIsIncluded`: the
    /// existing definitions come from includes and `incoming` is the including file as
    /// written, so an existing value v2 would have rewritten always differs.
    static func conflicts(existing: Node, incoming: Node, existingIsIncluded: Bool = false) -> [(section: String, name: String, node: Node)] {
        var out: [(String, String, Node)] = []
        let have = sections(existing)
        for pair in incoming.mapping ?? [] {
            guard let section = pair.key.scalar, IncludePaths.sections.contains(section), let defined = have[section] else { continue }
            for entry in pair.value.mapping ?? [] {
                guard let name = entry.key.scalar, let other = defined[name] else { continue }
                if !same(other, entry.value) || (existingIsIncluded && rewrittenByV2(section, other)) {
                    out.append((section, name, entry.key))
                }
            }
        }
        return out
    }

    /// Whether compose-go's canonical form of this included definition differs from how it was
    /// written.
    static func rewrittenByV2(_ section: String, _ value: Node) -> Bool {
        func relative(_ path: String?) -> Bool {
            guard let path, !path.isEmpty else { return true }
            return !path.hasPrefix("/") && !path.contains("://") && !path.hasPrefix("git@")
        }
        func field(_ node: Node, _ key: String) -> Node? {
            node.mapping?.first { $0.key.scalar == key }?.value
        }
        switch section {
        case "secrets", "configs":
            return field(value, "file").map { relative($0.scalar) } ?? false
        case "services":
            for pair in value.mapping ?? [] {
                let v = pair.value
                switch pair.key.scalar ?? "" {
                case "ports", "depends_on", "env_file", "gpus":
                    return true
                case "networks", "secrets", "configs", "devices":
                    if v.sequence != nil { return true }
                case "dns":
                    if v.scalar != nil && !v.isNull { return true }
                case "volumes":
                    for item in v.sequence ?? [] {
                        if item.scalar != nil { return true }
                        if field(item, "type")?.scalar == "bind", relative(field(item, "source")?.scalar) { return true }
                    }
                case "build":
                    if v.scalar != nil || relative(field(v, "context")?.scalar) { return true }
                case "extends":
                    if v.scalar != nil || field(v, "file").map({ relative($0.scalar) }) == true { return true }
                default:
                    continue
                }
            }
            return false
        default:
            return false
        }
    }

    private static func sections(_ root: Node) -> [String: [String: Node]] {
        var out: [String: [String: Node]] = [:]
        for pair in root.mapping ?? [] {
            guard let section = pair.key.scalar, IncludePaths.sections.contains(section) else { continue }
            var names: [String: Node] = [:]
            for entry in pair.value.mapping ?? [] {
                if let name = entry.key.scalar { names[name] = entry.value }
            }
            out[section] = names
        }
        return out
    }

    /// The same value, as the parsed model sees it: scalars by their resolved value, mappings
    /// whatever their key order, sequences in order; where they were written does not count.
    static func same(_ a: Node, _ b: Node) -> Bool {
        switch (a.content, b.content) {
        case (.scalar, .scalar):
            return a.resolved == b.resolved
        case (.sequence(let x), .sequence(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.mapping(let x), .mapping(let y)):
            guard x.count == y.count else { return false }
            var byKey: [String: Node] = [:]
            for pair in y { if let k = pair.key.scalar { byKey[k] = pair.value } }
            return x.allSatisfy { pair in
                guard let k = pair.key.scalar, let other = byKey[k] else { return false }
                return same(pair.value, other)
            }
        default:
            // A mapping against a null (`db:` vs `db: {}`) is a difference to compose-go too.
            return false
        }
    }
}
