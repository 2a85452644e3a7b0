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

    /// YAML 1.2 core schema null: a plain `null`/`Null`/`NULL`/`~` or an empty plain scalar.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s, let style) = node.content, style == .plain else { return false }
        if let tag = node.tag, tag != "!!null", tag != resetTag, tag != overrideTag { return false }
        return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
    }

    /// True when a mapping key would not decode as a string (a plain int, float, bool or null,
    /// or a collection). Such keys are left for the typed decoder to report.
    static func isNonStringKey(_ node: Node) -> Bool {
        guard case .scalar(let s, let style) = node.content else { return true }
        guard style == .plain else { return false }
        if node.tag == "!!str" { return false }
        if isNull(node) { return true }
        switch s {
        case "true", "True", "TRUE", "false", "False", "FALSE": return true
        default: break
        }
        return looksNumeric(s)
    }

    private static func looksNumeric(_ s: String) -> Bool {
        var u = Substring(s)
        if u.hasPrefix("0o") || u.hasPrefix("0x") {
            let digits = u.dropFirst(2)
            return !digits.isEmpty && digits.allSatisfy { $0.isHexDigit }
        }
        if u.first == "+" || u.first == "-" { u = u.dropFirst() }
        if u == ".inf" || u == ".Inf" || u == ".INF" || u == ".nan" || u == ".NaN" || u == ".NAN" { return true }
        // [0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?  with at least one digit before the exponent
        var sawDigit = false
        var i = u.startIndex
        while i < u.endIndex, u[i].isASCII, u[i].isNumber { sawDigit = true; i = u.index(after: i) }
        if i < u.endIndex, u[i] == "." {
            i = u.index(after: i)
            while i < u.endIndex, u[i].isASCII, u[i].isNumber { sawDigit = true; i = u.index(after: i) }
        }
        guard sawDigit else { return false }
        if i < u.endIndex, u[i] == "e" || u[i] == "E" {
            i = u.index(after: i)
            if i < u.endIndex, u[i] == "+" || u[i] == "-" { i = u.index(after: i) }
            var expDigit = false
            while i < u.endIndex, u[i].isASCII, u[i].isNumber { expDigit = true; i = u.index(after: i) }
            guard expDigit else { return false }
        }
        return i == u.endIndex
    }

    /// The value of `key` in a mapping node.
    static func value(_ node: Node, _ key: String) -> Node? {
        guard case .mapping(let pairs) = node.content else { return nil }
        for pair in pairs where keyText(pair.key) == key { return pair.value }
        return nil
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
        var out = node
        if out.tag == resetTag || out.tag == overrideTag { out.tag = nil }
        switch node.content {
        case .scalar:
            break
        case .sequence(let items):
            var kept: [Node] = []
            kept.reserveCapacity(items.count)
            for item in items where item.tag != resetTag { kept.append(strip(item)) }
            out.content = .sequence(kept)
        case .mapping(let pairs):
            var kept: [Node.Pair] = []
            kept.reserveCapacity(pairs.count)
            for pair in pairs where pair.value.tag != resetTag {
                kept.append(Node.Pair(key: pair.key, value: strip(pair.value)))
            }
            out.content = .mapping(kept)
        }
        return out
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
