import ComposeLoader
import ComposeModel
import Foundation
import Testing
import YAMLSyntax

/// A node tree without marks or scalar styles, for comparing results with expectations.
/// Mappings compare regardless of key order; scalars by their core-schema value.
indirect enum Plain: Hashable, CustomStringConvertible {
    case scalar(ScalarValue)
    case sequence([Plain])
    case mapping([String: Plain])

    init(_ node: Node) {
        switch node.content {
        case .scalar:
            self = .scalar(node.resolved ?? .null)
        case .sequence(let items):
            self = .sequence(items.map(Plain.init))
        case .mapping(let pairs):
            var m: [String: Plain] = [:]
            for pair in pairs { m[pair.key.scalar ?? "<complex key>"] = Plain(pair.value) }
            self = .mapping(m)
        }
    }

    var description: String {
        switch self {
        case .scalar(let v):
            switch v {
            case .null: return "null"
            case .bool(let b): return "\(b)"
            case .int(let i): return "\(i)"
            case .float(let d): return "\(d)"
            case .string(let s): return "\"\(s)\""
            }
        case .sequence(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .mapping(let m):
            return "{" + m.keys.sorted().map { "\($0): \(m[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}

/// The first document of a YAML text.
func yaml(_ text: String, file: String = "test.yaml") throws -> Node {
    let docs = try YAMLParser.parse(text, file: file)
    return try #require(docs.first)
}

/// The value at a dotted path (mapping keys only).
func at(_ node: Node, _ path: String) -> Node? {
    var current: Node? = node
    for key in path.split(separator: ".") { current = current?[String(key)] }
    return current
}

/// The fixtures folder of this test target.
func mergeFixtures() throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return url.appendingPathComponent("merge").path
}

/// Loads and parses a compose file from disk, as the pipeline's `loadFile` would.
func loadYAMLFile(_ path: String) throws -> Node {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return try yaml(text, file: path)
}
