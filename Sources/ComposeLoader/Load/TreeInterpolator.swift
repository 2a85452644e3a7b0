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
        switch node.content {
        case .scalar(let text, let style):
            guard text.utf8.contains(UInt8(ascii: "$")) else { return node }
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
                return node
            }
        case .sequence(let items):
            var out = node
            out.content = .sequence(items.enumerated().map { run($1, path: "\(path)[\($0)]") })
            return out
        case .mapping(let pairs):
            var out = node
            out.content = .mapping(pairs.map { pair in
                let key = pair.key.scalar ?? "?"
                return Node.Pair(key: pair.key, value: run(pair.value, path: path.isEmpty ? key : "\(path).\(key)"))
            })
            return out
        }
    }
}
