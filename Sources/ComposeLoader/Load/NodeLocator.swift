import ComposeModel
import YAMLSyntax

/// Finds where something was written in the merged tree, for diagnostics found after decoding.
/// Walks as deep as the path goes and answers the deepest node found, so a checked value that
/// was expanded or defaulted still points at the nearest thing the user wrote.
struct NodeLocator {
    let root: Node

    /// `components` are mapping keys, or list indexes as decimal strings.
    func mark(_ components: [String]) -> Mark {
        var node = root
        for component in components {
            switch node.content {
            case .mapping(let pairs):
                guard let next = pairs.first(where: { $0.key.scalar == component }) else { return node.mark }
                node = next.value
            case .sequence(let items):
                if let i = Int(component), items.indices.contains(i) {
                    node = items[i]
                } else if let item = items.first(where: { $0.scalar == component || $0.scalar?.hasPrefix(component + ":") == true }) {
                    // A short-syntax list (`depends_on: [db]`, `networks: [back]`, `links: [db:alias]`).
                    node = item
                } else {
                    return node.mark
                }
            case .scalar:
                return node.mark
            }
        }
        return node.mark
    }

    /// The mark of a mapping key itself (better for "this service …" messages).
    func keyMark(_ components: [String]) -> Mark {
        guard let last = components.last else { return root.mark }
        let parent = Array(components.dropLast())
        var node = root
        for component in parent {
            guard let next = node.mapping?.first(where: { $0.key.scalar == component })?.value else { return mark(components) }
            node = next
        }
        return node.mapping?.first(where: { $0.key.scalar == last })?.key.mark ?? mark(components)
    }

    func location(_ components: [String]) -> SourceLocation {
        SourceLocation(mark(components))
    }

    /// Finds the index of a list item whose scalar text (or whose mapping's `key`) matches.
    func index(in components: [String], where matches: (Node) -> Bool) -> Int? {
        var node = root
        for component in components {
            guard let next = node.mapping?.first(where: { $0.key.scalar == component })?.value else { return nil }
            node = next
        }
        return node.sequence?.firstIndex(where: matches)
    }
}
