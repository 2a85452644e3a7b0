/// `/`-separated path helpers with the semantics of Go's `path` package (Compose and Docker
/// clean paths this way, so Berth must produce the same strings).
public enum POSIXPath {
    /// Go's `path.Clean`: `/data/` → `/data`, `a/../b` → `b`, `` → `.`, `/..` → `/`.
    public static func clean(_ p: String) -> String {
        if p.isEmpty { return "." }
        let rooted = p.utf8.first == UInt8(ascii: "/")
        var parts: [Substring] = []
        for part in p.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Go's `path.Join` of two elements: empty elements are ignored, the result is cleaned,
    /// and joining two empty strings gives "".
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty && b.isEmpty { return "" }
        if a.isEmpty { return clean(b) }
        if b.isEmpty { return clean(a) }
        return clean(a + "/" + b)
    }

    /// True when `p` starts with `/`.
    public static func isAbsolute(_ p: String) -> Bool {
        p.utf8.first == UInt8(ascii: "/")
    }
}
