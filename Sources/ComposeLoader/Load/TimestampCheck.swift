import YAMLSyntax

extension LoadSession {
    /// Reports every unquoted date outside `x-*` extensions (see `GoTimestamp`): Compose v2
    /// refuses the file, so Berth does too, and says how to keep the text.
    ///
    /// A file nearly never has one, so a first walk only looks (no paths built, nothing
    /// copied); the dotted paths for the messages are made only when it found something.
    mutating func checkTimestamps(_ root: Node) {
        guard Self.containsTimestamp(root) else { return }
        reportTimestamps(root, path: "")
    }

    private static func isTimestamp(_ node: Node, _ text: String) -> Bool {
        guard node.tag == nil, let first = text.utf8.first, first >= 0x30, first <= 0x39 else { return false }
        return GoTimestamp.matches(text)
    }

    private static func isExtension(_ key: Node) -> Bool {
        guard case .scalar(let text, _) = key.content else { return false }
        var bytes = text.utf8.makeIterator()
        return bytes.next() == UInt8(ascii: "x") && bytes.next() == UInt8(ascii: "-")
    }

    private static func containsTimestamp(_ node: Node) -> Bool {
        switch node.content {
        case .scalar(let text, .plain):
            return isTimestamp(node, text)
        case .scalar:
            return false
        case .sequence(let items):
            // Through the buffer: an iterator, or the array's subscript, hands out a copy of
            // each node (a retain and a release of its content).
            return items.withUnsafeBufferPointer { items in
                for i in items.indices where containsTimestamp(items[i]) { return true }
                return false
            }
        case .mapping(let pairs):
            return pairs.withUnsafeBufferPointer { pairs in
                for i in pairs.indices where !isExtension(pairs[i].key) && containsTimestamp(pairs[i].value) { return true }
                return false
            }
        }
    }

    private mutating func reportTimestamps(_ node: Node, path: String) {
        switch node.content {
        case .scalar(let text, .plain) where Self.isTimestamp(node, text):
            error(
                "\(text) is a date to Compose's YAML reader, and no Compose field takes one; quote it (\"\(text)\") to keep it text",
                path: path, at: node.mark)
        case .scalar:
            return
        case .sequence(let items):
            for (i, item) in items.enumerated() { reportTimestamps(item, path: "\(path)[\(i)]") }
        case .mapping(let pairs):
            for pair in pairs where !Self.isExtension(pair.key) {
                let key = pair.key.scalar ?? ""
                reportTimestamps(pair.value, path: path.isEmpty ? key : "\(path).\(key)")
            }
        }
    }
}
