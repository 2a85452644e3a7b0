import ComposeModel
import YAMLSyntax

/// Small node helpers for the merge and extends steps. Kept in a namespace (not as `Node`
/// extension members) so they cannot collide with the helpers YAMLSyntax provides.
enum MergeNodes {
    static let resetTag = "!reset"
    static let overrideTag = "!override"

    /// The text of a scalar node, whatever its resolved type.
    static func text(_ node: Node) -> String? {
        if case .scalar(let s, _) = node.content { return s }
        return nil
    }

    /// The key text used to match mapping keys across documents. Non-scalar keys give nil
    /// (they are left as written, for the decoder to report).
    static func keyText(_ node: Node) -> String? {
        text(node)
    }

    /// A scalar that resolves to null by the YAML 1.2 core schema (`null`, `~`, empty).
    static func isNull(_ node: Node) -> Bool {
        node.isNull
    }

    /// True when a mapping key would not decode as a string (a plain int, float, bool or null,
    /// or a collection). Such keys are left for the typed decoder to report.
    static func isNonStringKey(_ node: Node) -> Bool {
        guard let value = node.resolved else { return true }
        if case .string = value { return false }
        return true
    }

    /// The value of `key` in a mapping node.
    static func value(_ node: Node, _ key: String) -> Node? {
        node[key]
    }

    static func isMapping(_ node: Node) -> Bool {
        if case .mapping = node.content { return true }
        return false
    }

    static func string(_ s: String, mark: Mark) -> Node {
        Node(.scalar(s, .doubleQuoted), mark: mark)
    }

    static func location(_ mark: Mark) -> SourceLocation {
        SourceLocation(file: mark.file, line: mark.line, column: mark.column)
    }

    /// Removes `!reset` keys and items and clears `!override` tags, recursively.
    static func strip(_ node: Node) -> Node {
        guard withUnsafePointer(to: node, hasMarkers) else { return node }
        return stripped(node) ?? node
    }

    /// Whether a `!reset` or `!override` tag is anywhere in the tree: a read-only walk, much
    /// cheaper than `stripped` on the usual file that has none. It takes addresses (see
    /// `NodeAddress.swift`).
    private static func hasMarkers(_ node: UnsafePointer<Node>) -> Bool {
        if let tag = node.pointee.tag, tag == resetTag || tag == overrideTag { return true }
        switch node.pointee.content {
        case .scalar:
            return false
        case .sequence(let items):
            return items.containsAddress(where: hasMarkers)
        case .mapping(let pairs):
            return pairs.containsAddress { hasMarkers($0.valueNode) }
        }
    }

    /// The node without its reset/override tags, or nil when it has none: untagged subtrees
    /// (nearly all of a file) are shared, not copied.
    private static func stripped(_ node: Node) -> Node? {
        var out = node
        var changed = false
        if out.tag == resetTag || out.tag == overrideTag {
            out.tag = nil
            changed = true
        }
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            var kept: [Node]?
            for (i, item) in items.enumerated() {
                let isReset = item.tag == resetTag
                let new = isReset ? nil : stripped(item)
                if kept == nil, !isReset, new == nil { continue }
                if kept == nil { kept = Array(items[..<i]) }
                if !isReset { kept?.append(new ?? item) }
            }
            if let kept {
                out.content = .sequence(kept)
                changed = true
            }
        case .mapping(let pairs):
            var kept: [Node.Pair]?
            for (i, pair) in pairs.enumerated() {
                let isReset = pair.value.tag == resetTag
                let new = isReset ? nil : stripped(pair.value)
                if kept == nil, !isReset, new == nil { continue }
                if kept == nil { kept = Array(pairs[..<i]) }
                if !isReset { kept?.append(Node.Pair(key: pair.key, value: new ?? pair.value)) }
            }
            if let kept {
                out.content = .mapping(kept)
                changed = true
            }
        }
        return changed ? out : nil
    }

    /// Byte-wise string order, as Go sorts strings.
    static func byteLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// A dotted path into the compose tree: `services.web.ports[1]`. Keys are segments; list
/// indexes are kept only for display.
struct MergePath {
    var segments: [String]
    var display: String

    init(_ segments: [String]) {
        self.segments = segments
        self.display = segments.joined(separator: ".")
    }

    func appending(_ key: String) -> MergePath {
        var p = self
        p.segments.append(key)
        p.display = display.isEmpty ? key : display + "." + key
        return p
    }

    func index(_ i: Int) -> String { display + "[\(i)]" }
}
