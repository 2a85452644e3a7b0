import YAMLSyntax

/// `build.additional_contexts` values, in either syntax (`{name: path}` or `[name=path]`), with
/// each value passed through `rebase` (a node holding just the value, with the original's mark).
enum BuildContextPaths {
    static func rebaseAdditional(_ node: Node, _ rebase: (Node) -> Node) -> Node {
        switch node.content {
        case .mapping:
            return node.updating { _, value in rebase(value) }
        case .sequence:
            return node.updatingItems { item in
                guard let text = item.scalar, let eq = text.firstIndex(of: "=") else { return item }
                var value = item
                value.content = .scalar(String(text[text.index(after: eq)...]), .plain)
                let rebased = rebase(value)
                guard let path = rebased.scalar, rebased != value else { return item }
                var out = item
                out.content = .scalar(text[...eq] + path, .doubleQuoted)
                return out
            }
        case .scalar:
            return node
        }
    }
}
