import ComposeModel
import YAMLSyntax

/// Interpolates every string value of a tree (§1 of the semantics: values, never keys;
/// `x-*` extensions too). A substituted value becomes a string scalar: typed fields cast later.
struct TreeInterpolator {
    let env: [String: String]
    var warned: Set<String> = []
    var diagnostics: [Diagnostic] = []

    init(env: [String: String], warned: Set<String> = []) {
        self.env = env
        self.warned = warned
    }

    static func message(_ error: InterpolationError, path: String) -> String {
        switch error.kind {
        case .invalidTemplate:
            return "invalid interpolation format for \(path): \"\(error.template)\"; you may need to escape any $ with another $"
        case .missingRequired:
            return "error while interpolating \(path): \(error)"
        }
    }

    mutating func run(_ node: Node, path: String = "") -> Node {
        substituted(node, path: path) ?? node
    }

    /// Whether `text` has a `$`, searched in its bytes (the generic `contains` walked the
    /// UTF-8 view at about 300 instructions a scalar, for every scalar of the file).
    static func hasDollar(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ $0.firstIndex(of: UInt8(ascii: "$")) != nil }) {
            return found
        }
        return text.utf8.contains(UInt8(ascii: "$"))
    }

    /// The node with its strings substituted, or nil when nothing in it changes: most of a
    /// file has no `$`, and sharing those subtrees keeps big files cheap.
    mutating func substituted(_ node: Node, path: @autoclosure () -> String) -> Node? {
        switch node.content {
        case .scalar(let text, let style):
            guard Self.hasDollar(text) else { return nil }
            let path = path()
            do {
                let env = self.env
                let (value, unset) = try Interpolation.substitute(text, lookup: { env[$0] })
                for name in unset where warned.insert(name).inserted {
                    diagnostics.append(.warning("The \"\(name)\" variable is not set. Defaulting to a blank string.",
                                                path: path, at: SourceLocation(node.mark)))
                }
                var out = node
                out.content = .scalar(value, style == .plain ? .doubleQuoted : style)
                return out
            } catch {
                diagnostics.append(.error(Self.message(error, path: path), path: path, at: SourceLocation(node.mark)))
                return nil
            }
        case .sequence(let items):
            var changed: [Node]?
            for i in items.indices {
                if let new = substituted(items[i], path: "\(path())[\(i)]") {
                    if changed == nil { changed = items }
                    changed?[i] = new
                }
            }
            guard let changed else { return nil }
            var out = node
            out.content = .sequence(changed)
            return out
        case .mapping(let pairs):
            var changed: [Node.Pair]?
            for i in pairs.indices {
                let key = pairs[i].key.scalar ?? "?"
                if let new = substituted(pairs[i].value, path: { let p = path(); return p.isEmpty ? key : "\(p).\(key)" }()) {
                    if changed == nil { changed = pairs }
                    changed?[i].value = new
                }
            }
            guard let changed else { return nil }
            var out = node
            out.content = .mapping(changed)
            return out
        }
    }
}
