#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A position in a source file. Lines and columns are 1-based, as editors show them.
///
/// Every node carries one, so it is kept cheap to copy: the file is an interned name (one
/// shared, never-freed object per distinct path, held without reference counting), and the
/// line and column are 32-bit. Copying a node therefore retains only its content, where a
/// `String` path cost one more retain and release per copy (`callgrind`: `config -q` of 500
/// services copies nodes about 60 000 times).
public struct Mark: Sendable, Hashable, CustomStringConvertible {
    let source: SourceName
    let line32: Int32
    let column32: Int32

    public init(file: String, line: Int, column: Int) {
        self.init(source: SourceName(file), line: line, column: column)
    }

    init(source: SourceName, line: Int, column: Int) {
        self.source = source
        self.line32 = Int32(clamping: line)
        self.column32 = Int32(clamping: column)
    }

    public var file: String { source.name }
    public var line: Int { Int(line32) }
    public var column: Int { Int(column32) }

    /// `file:line:column`
    public var description: String { "\(file):\(line):\(column)" }

    /// Whether two marks are in the same file: one comparison of interned names, where
    /// comparing `file`s makes and compares two strings.
    public func isInSameFile(as other: Mark) -> Bool { source == other.source }
}

extension Mark: Codable {
    private enum CodingKeys: String, CodingKey { case file, line, column }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try c.decode(String.self, forKey: .file),
            line: try c.decode(Int.self, forKey: .line),
            column: try c.decode(Int.self, forKey: .column)
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(column, forKey: .column)
    }
}

/// An interned file name: equal names share one object, so equality and hashing are by
/// identity. The objects live for the whole process (a process reads few distinct files),
/// which is what makes holding them `unowned(unsafe)`, with no reference counting, sound.
struct SourceName: @unchecked Sendable, Hashable {
    private unowned(unsafe) let box: Box

    final class Box: Sendable {
        let name: String
        init(_ name: String) { self.name = name }
    }

    init(_ name: String) {
        box = Self.table.intern(name)
    }

    var name: String { box.name }

    static func == (a: SourceName, b: SourceName) -> Bool { a.box === b.box }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(box)) }

    /// Every name interned so far, behind a lock (parsers may run on several threads).
    private final class Table: @unchecked Sendable {
        private var boxes: [String: Box] = [:]
        private let lock: UnsafeMutablePointer<pthread_mutex_t> = {
            let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            pthread_mutex_init(lock, nil)
            return lock
        }()

        func intern(_ name: String) -> Box {
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            if let box = boxes[name] { return box }
            let box = Box(name)
            boxes[name] = box
            return box
        }
    }

    private static let table = Table()
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
