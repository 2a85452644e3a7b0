import YAMLSyntax

extension LoadSession {
    /// Reports every unquoted date outside `x-*` extensions (see `GoTimestamp`): Compose v2
    /// refuses the file, so Berth does too, and says how to keep the text.
    mutating func checkTimestamps(_ node: Node, path: String = "") {
        switch node.content {
        case .scalar(let text, .plain) where node.tag == nil:
            guard let first = text.utf8.first, first >= 0x30, first <= 0x39, GoTimestamp.matches(text) else { return }
            error(
                "\(text) is a date to Compose's YAML reader, and no Compose field takes one; quote it (\"\(text)\") to keep it text",
                path: path, at: node.mark)
        case .scalar:
            return
        case .sequence(let items):
            for (i, item) in items.enumerated() { checkTimestamps(item, path: "\(path)[\(i)]") }
        case .mapping(let pairs):
            for pair in pairs {
                let key = pair.key.scalar ?? ""
                if key.hasPrefix("x-") { continue }
                checkTimestamps(pair.value, path: path.isEmpty ? key : "\(path).\(key)")
            }
        }
    }
}
