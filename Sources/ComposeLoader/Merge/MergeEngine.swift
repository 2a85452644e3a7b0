import ComposeModel
import YAMLSyntax

/// Merges one override tree over a base tree following compose-file-semantics §4.2 and §4.3.
///
/// The base is expected free of `!reset`/`!override` tags. The override's tags act on the base:
/// `!reset` removes the key, `!override` replaces the whole value, a tagged sequence item is
/// only dropped. With `keepMarkers` (used by extends), the override's `!reset`/`!override`
/// pairs stay in the result so that the document's later merge over earlier files applies them too.
struct MergeEngine {
    var diagnostics: [Diagnostic] = []
    let keepMarkers: Bool

    init(keepMarkers: Bool) {
        self.keepMarkers = keepMarkers
    }

    // MARK: - Entry

    mutating func merge(_ base: Node, _ override: Node, _ path: MergePath) -> Node {
        let rule = MergeRule.forPath(path.segments)
        if rule == .replace { return prepared(override) }
        if MergeNodes.isNull(override) { return base }
        if MergeNodes.isNull(base) { return prepared(override) }
        switch rule {
        case .generic, .replace:
            return mergeGeneric(base, override, path)
        case .build:
            let b = buildMapping(base), o = buildMapping(override)
            return mergeGeneric(b, o, path)
        case .dependsOn:
            return mergeGeneric(namedMapping(base, dependsOnDefault: true), namedMapping(override, dependsOnDefault: true), path)
        case .namedList:
            return mergeGeneric(namedMapping(base, dependsOnDefault: false), namedMapping(override, dependsOnDefault: false), path)
        case .toSequence:
            return mergeToSequence(base, override, path)
        case .extraHosts:
            return mergeExtraHosts(base, override, path)
        case .logging:
            return mergeLogging(base, override, path)
        case .ipamConfig:
            return mergeIPAMConfig(base, override, path)
        }
    }

    /// The override value as it enters the result: tags stripped, unless markers are kept.
    func prepared(_ node: Node) -> Node {
        keepMarkers ? node : MergeNodes.strip(node)
    }

    // MARK: - Generic

    mutating func mergeGeneric(_ base: Node, _ override: Node, _ path: MergePath) -> Node {
        switch (base.content, override.content) {
        case (.mapping(let b), .mapping(let o)):
            var out = base
            out.tag = nil
            out.content = .mapping(mergePairs(b, o, path))
            return out
        case (.mapping, _), (.sequence, .mapping), (.sequence, .scalar):
            diagnostics.append(.error("cannot override \(path.display)", path: path.display, at: MergeNodes.location(override.mark)))
            return base
        case (.sequence(let b), .sequence(let o)):
            var out = base
            out.tag = nil
            out.content = .sequence(b + appendedItems(o))
            return out
        case (.scalar, _):
            return prepared(override)
        }
    }

    /// Override sequence items as they are appended: `!reset` items dropped.
    func appendedItems(_ items: [Node]) -> [Node] {
        var out: [Node] = []
        out.reserveCapacity(items.count)
        for item in items where item.tag != MergeNodes.resetTag { out.append(prepared(item)) }
        return out
    }

    mutating func mergePairs(_ base: [Node.Pair], _ override: [Node.Pair], _ path: MergePath) -> [Node.Pair] {
        let userKeyed = MergeRule.isUserKeyed(path.segments)
        var result: [Node.Pair?] = base
        result.reserveCapacity(base.count + override.count)
        var index: [String: Int] = [:]
        index.reserveCapacity(base.count + override.count)
        for (i, pair) in base.enumerated() {
            if let k = MergeNodes.keyText(pair.key), index[k] == nil { index[k] = i }
        }
        for pair in override {
            guard let k = MergeNodes.keyText(pair.key) else {
                if pair.value.tag != MergeNodes.resetTag || keepMarkers {
                    result.append(Node.Pair(key: pair.key, value: prepared(pair.value)))
                }
                continue
            }
            let existing = index[k]
            switch pair.value.tag {
            case MergeNodes.resetTag:
                if let i = existing { result[i] = nil; index[k] = nil }
                if keepMarkers {
                    result.append(pair)
                    index[k] = result.count - 1
                }
            case MergeNodes.overrideTag:
                let value = prepared(pair.value)
                if let i = existing, result[i] != nil {
                    result[i] = Node.Pair(key: pair.key, value: value)
                } else {
                    result.append(Node.Pair(key: pair.key, value: value))
                    index[k] = result.count - 1
                }
            default:
                if let i = existing, let current = result[i] {
                    if !userKeyed && k.hasPrefix("x-") {
                        result[i] = Node.Pair(key: pair.key, value: prepared(pair.value))
                    } else {
                        let merged = merge(current.value, pair.value, path.appending(k))
                        result[i] = Node.Pair(key: current.key, value: merged)
                    }
                } else {
                    result.append(Node.Pair(key: pair.key, value: prepared(pair.value)))
                    index[k] = result.count - 1
                }
            }
        }
        return result.compactMap { $0 }
    }

    // MARK: - build, depends_on, networks

    func buildMapping(_ node: Node) -> Node {
        guard case .scalar = node.content else { return node }
        let key = Node(.scalar("context", .plain), mark: node.mark)
        var context = node
        context.tag = nil
        return Node(.mapping([Node.Pair(key: key, value: context)]), tag: node.tag, mark: node.mark)
    }

    /// `[a, b]` → `{a: null, b: null}` or, for depends_on, `{a: {condition: service_started, required: true}}`.
    func namedMapping(_ node: Node, dependsOnDefault: Bool) -> Node {
        guard case .sequence(let items) = node.content else { return node }
        var pairs: [Node.Pair] = []
        pairs.reserveCapacity(items.count)
        for item in items where item.tag != MergeNodes.resetTag {
            guard case .scalar(let name, _) = item.content else { return node }
            let m = item.mark
            let key = Node(.scalar(name, .plain), mark: m)
            let value: Node
            if dependsOnDefault {
                value = Node(
                    .mapping([
                        Node.Pair(key: Node(.scalar("condition", .plain), mark: m), value: Node(.scalar("service_started", .plain), mark: m)),
                        Node.Pair(key: Node(.scalar("required", .plain), mark: m), value: Node(.scalar("true", .plain), mark: m)),
                    ]), mark: m)
            } else {
                value = Node.null(mark: m)
            }
            pairs.append(Node.Pair(key: key, value: value))
        }
        return Node(.mapping(pairs), tag: node.tag, mark: node.mark)
    }

    // MARK: - mergeToSequence

    /// A mapping, sequence or scalar as a list of items: a mapping becomes sorted `k=v` strings
    /// (`k` when the value is null; a list value expands to one `k=v` per item). Nil when the
    /// mapping holds an entry that cannot be written that way (non-string key, nested mapping).
    func asSequence(_ node: Node, resets: inout Set<String>) -> [Node]? {
        switch node.content {
        case .sequence(let items):
            return items.filter { $0.tag != MergeNodes.resetTag }.map(prepared)
        case .scalar:
            var item = node
            item.tag = nil
            return [item]
        case .mapping(let pairs):
            var entries: [(String, Node)] = []
            entries.reserveCapacity(pairs.count)
            for pair in pairs {
                if MergeNodes.isNonStringKey(pair.key) { return nil }
                guard let k = MergeNodes.keyText(pair.key) else { return nil }
                if pair.value.tag == MergeNodes.resetTag {
                    resets.insert(k)
                    continue
                }
                if MergeNodes.isNull(pair.value) {
                    entries.append((k, MergeNodes.string(k, mark: pair.key.mark)))
                    continue
                }
                switch pair.value.content {
                case .scalar(let v, _):
                    entries.append((k + "=" + v, MergeNodes.string(k + "=" + v, mark: pair.value.mark)))
                case .sequence(let vs):
                    for v in vs {
                        guard case .scalar(let t, _) = v.content else { return nil }
                        entries.append((k + "=" + t, MergeNodes.string(k + "=" + t, mark: v.mark)))
                    }
                case .mapping:
                    return nil
                }
            }
            entries.sort { MergeNodes.byteLess($0.0, $1.0) }
            return entries.map(\.1)
        }
    }

    mutating func mergeToSequence(_ base: Node, _ override: Node, _ path: MergePath) -> Node {
        var ignored = Set<String>()
        var resets = Set<String>()
        guard var baseItems = asSequence(MergeNodes.strip(base), resets: &ignored),
            let overrideItems = asSequence(override, resets: &resets)
        else {
            // An entry the k=v form cannot carry: keep the shape for the decoder to report.
            return mergeGeneric(base, override, path)
        }
        if !resets.isEmpty {
            baseItems.removeAll { item in
                guard let t = MergeNodes.text(item) else { return false }
                return resets.contains(UnicityKeys.keyValue(t))
            }
        }
        return Node(.sequence(baseItems + overrideItems), mark: base.mark)
    }

    mutating func mergeExtraHosts(_ base: Node, _ override: Node, _ path: MergePath) -> Node {
        var resets = Set<String>()
        guard let baseItems = asSequence(MergeNodes.strip(base), resets: &resets),
            let overrideItems = asSequence(override, resets: &resets)
        else {
            return mergeGeneric(base, override, path)
        }
        var present = Set<String>()
        for item in baseItems { if let t = MergeNodes.text(item) { present.insert(t) } }
        var out = baseItems
        for item in overrideItems {
            if let t = MergeNodes.text(item), present.contains(t) { continue }
            out.append(item)
        }
        return Node(.sequence(out), mark: base.mark)
    }

    // MARK: - logging, ipam

    mutating func mergeLogging(_ base: Node, _ override: Node, _ path: MergePath) -> Node {
        guard MergeNodes.isMapping(base), MergeNodes.isMapping(override) else {
            return mergeGeneric(base, override, path)
        }
        let bd = MergeNodes.value(base, "driver"), od = MergeNodes.value(override, "driver")
        if let bd, let od, od.tag != MergeNodes.resetTag, MergeNodes.text(bd) != MergeNodes.text(od) {
            return prepared(override)
        }
        return mergeGeneric(base, override, path)
    }

    mutating func mergeIPAMConfig(_ base: Node, _ override: Node, _ path: MergePath) -> Node {
        guard case .sequence(let b) = base.content, case .sequence(let o) = override.content else {
            return mergeGeneric(base, override, path)
        }
        var out = b
        var bySubnet: [String: Int] = [:]
        for (i, entry) in b.enumerated() {
            if let s = MergeNodes.value(entry, "subnet").flatMap(MergeNodes.text), bySubnet[s] == nil { bySubnet[s] = i }
        }
        for entry in o where entry.tag != MergeNodes.resetTag {
            if let s = MergeNodes.value(entry, "subnet").flatMap(MergeNodes.text), let i = bySubnet[s],
                case .mapping(let bp) = out[i].content, case .mapping(let op) = entry.content
            {
                var merged = out[i]
                merged.content = .mapping(mergePairs(bp, op, path))
                out[i] = merged
            } else {
                out.append(prepared(entry))
                if let s = MergeNodes.value(entry, "subnet").flatMap(MergeNodes.text), bySubnet[s] == nil {
                    bySubnet[s] = out.count - 1
                }
            }
        }
        var node = base
        node.content = .sequence(out)
        return node
    }
}
