import YAMLSyntax

extension LoadSession {
    /// Reports every unquoted date outside `x-*` extensions (see `GoTimestamp`): Compose v2
    /// refuses the file, so Berth does too, and says how to keep the text.
    ///
    /// A file nearly never has one, so a first walk only looks (no paths built, nothing
    /// copied); the dotted paths for the messages are made only when it found something.
    mutating func checkTimestamps(_ root: Node) {
        guard withUnsafePointer(to: root, Self.containsTimestamp) else { return }
        reportTimestamps(root, path: "")
    }

    private static func isTimestamp(_ node: Node, _ text: String) -> Bool {
        // Every layout starts with a four-digit year and a dash: test those bytes before
        // `matches` copies the text (1 500 calls for 500 services, all of them `30s`, `3`…).
        var bytes = text.utf8.makeIterator()
        for _ in 0..<4 {
            guard let b = bytes.next(), b >= 0x30, b <= 0x39 else { return false }
        }
        guard bytes.next() == UInt8(ascii: "-"), node.tag == nil else { return false }
        return GoTimestamp.matches(text)
    }

    private static func isExtension(_ key: Node) -> Bool {
        guard case .scalar(let text, _) = key.content else { return false }
        var bytes = text.utf8.makeIterator()
        return bytes.next() == UInt8(ascii: "x") && bytes.next() == UInt8(ascii: "-")
    }

    /// The walk takes addresses (see `NodeAddress.swift`).
    private static func containsTimestamp(_ node: UnsafePointer<Node>) -> Bool {
        switch node.pointee.content {
        case .scalar(let text, .plain):
            return isTimestamp(node.pointee, text)
        case .scalar:
            return false
        case .sequence(let items):
            return items.containsAddress(where: containsTimestamp)
        case .mapping(let pairs):
            return pairs.containsAddress { !isExtension($0.pointee.key) && containsTimestamp($0.valueNode) }
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
