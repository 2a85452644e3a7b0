/// `devices:` short syntax.
public enum DeviceSyntax {
    /// `src[:dst[:perms]]` → (source, target defaulting to source, permissions defaulting to
    /// `rwm`). Four or more parts: `confusing device mapping, please use long syntax: <s>`.
    public static func parse(_ s: String) throws -> (source: String, target: String, permissions: String) {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 3 else {
            throw SyntaxError("confusing device mapping, please use long syntax: \(s)")
        }
        let source = parts[0]
        var target = parts.count > 1 ? parts[1] : ""
        let permissions = parts.count > 2 ? parts[2] : "rwm"
        if target.isEmpty { target = source }
        return (source, target, permissions)
    }
}
