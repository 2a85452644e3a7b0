import BerthBasics
import YAMLSyntax

/// A `Node` tree written as Go's `json.MarshalIndent(v, "", "  ")` writes the same values:
/// plain scalars typed by the YAML core schema (null, booleans, numbers), every other scalar a
/// string with Go's escapes (`<`, `>`, `&` as `\u003c`…), mappings in their order.
public enum ModelJSON {
    public static func render(_ node: Node) -> String {
        var out = ""
        write(node, indent: "", into: &out)
        return out
    }

    static func write(_ node: Node, indent: String, into out: inout String) {
        switch node.content {
        case .mapping(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            let inner = indent + "  "
            out += "{\n"
            for (i, pair) in pairs.enumerated() {
                out += inner
                string(pair.key.scalar ?? "", into: &out)
                out += ": "
                write(pair.value, indent: inner, into: &out)
                out += i == pairs.count - 1 ? "\n" : ",\n"
            }
            out += indent + "}"
        case .sequence(let items):
            if items.isEmpty { out += "[]"; return }
            let inner = indent + "  "
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                write(item, indent: inner, into: &out)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += indent + "]"
        case .scalar(let text, _):
            switch node.resolved {
            case .null?: out += "null"
            case .bool(let b)?: out += b ? "true" : "false"
            case .int(let i)?: out += String(i)
            case .float(let d)?:
                if d.isFinite, d == d.rounded(), abs(d) < 1e21 { out += String(Int64(d)) } else { out += "\(d)" }
            case .string(let s)?: string(s, into: &out)
            case nil: string(text, into: &out)
            }
        }
    }

    /// A JSON string as Go's `encoding/json` writes it (HTML-safe escaping).
    static func string(_ s: String, into out: inout String) {
        JSONString.append(s, htmlSafe: true, to: &out)
    }
}
