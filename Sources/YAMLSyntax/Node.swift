/// A position in a source file. Lines and columns are 1-based, as editors show them.
public struct Mark: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`
    public var description: String { "\(file):\(line):\(column)" }
}

/// How a scalar was written. Only plain scalars are subject to type resolution
/// (`null`, booleans, numbers); quoted and block scalars are always strings.
public enum ScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// A scalar resolved by the YAML 1.2 core schema (as Compose reads files):
/// `yes`/`no`/`on`/`off` stay strings, `0o17` and `017` are octal integers.
public enum ScalarValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

/// A YAML node. Every node keeps where it was written; a node produced by an alias
/// carries the alias's own position, not the anchor's.
public struct Node: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case scalar(String, ScalarStyle)
        case sequence([Node])
        case mapping([Pair])
    }

    public struct Pair: Sendable, Hashable {
        public var key: Node
        public var value: Node
        public init(key: Node, value: Node) {
            self.key = key
            self.value = value
        }
    }

    public var content: Content
    /// An explicit local tag such as `!reset`, `!override` or `!!str`, as written (shorthand form).
    public var tag: String?
    public var mark: Mark

    public init(_ content: Content, tag: String? = nil, mark: Mark) {
        self.content = content
        self.tag = tag
        self.mark = mark
    }

    public static func string(_ s: String, mark: Mark, style: ScalarStyle = .doubleQuoted) -> Node {
        Node(.scalar(s, style), mark: mark)
    }

    public static func null(mark: Mark) -> Node {
        Node(.scalar("null", .plain), mark: mark)
    }
}
