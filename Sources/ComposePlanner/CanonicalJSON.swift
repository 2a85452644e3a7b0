/// A JSON value in canonical form: object keys are kept in a dictionary and always written
/// sorted by their UTF-8 bytes, numbers as their shortest decimal text, no insignificant
/// whitespace. Two equal values always serialise to the same bytes.
public enum CanonicalJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number's canonical decimal text (`42`, `-1`, `0.5`).
    case number(String)
    case string(String)
    case array([CanonicalJSON])
    case object([String: CanonicalJSON])

    /// The canonical serialisation.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }

    /// The canonical serialisation as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, key) in Self.sortedKeys(members).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                members[key]?.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Keys in UTF-8 byte order (independent of locale and of Unicode normalisation).
    static func sortedKeys(_ members: [String: CanonicalJSON]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func writeString(_ s: String, into out: inout [UInt8]) {
        let hexDigits = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0a: out.append(contentsOf: #"\n"#.utf8)
            case 0x0d: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The dotted paths at which `old` and `new` differ, sorted. Objects are compared member by
    /// member (`environment.MODE`); arrays and scalars are compared whole (`ports`).
    public static func differences(_ old: CanonicalJSON, _ new: CanonicalJSON) -> [String] {
        var out: [String] = []
        diff(old, new, path: "", into: &out)
        return out
    }

    private static func diff(_ old: CanonicalJSON, _ new: CanonicalJSON, path: String, into out: inout [String]) {
        guard old != new else { return }
        guard case .object(let a) = old, case .object(let b) = new else {
            out.append(path)
            return
        }
        let keys = Set(a.keys).union(b.keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            let child = path.isEmpty ? key : path + "." + key
            // A map left out because it is empty compares as an empty object, so adding a
            // first variable reads `environment.MODE`, not `environment`.
            let before = out.count
            switch (a[key], b[key]) {
            case let (x?, y?): diff(x, y, path: child, into: &out)
            case (nil, nil): break
            case (.object(let x)?, nil): diff(.object(x), .object([:]), path: child, into: &out)
            case (nil, .object(let y)?): diff(.object([:]), .object(y), path: child, into: &out)
            default: out.append(child)
            }
            if out.count == before, a[key] != b[key] { out.append(child) }
        }
    }
}

/// Marks `[String: Value]` so the encoder can tell a map (whose `x-…` keys are data) from a
/// struct (whose `x-…` keys are extension fields).
protocol CanonicalStringMap {
    func canonicalEntries() -> [(key: String, value: any Encodable)]
}

extension Dictionary: CanonicalStringMap where Key == String, Value: Encodable {
    func canonicalEntries() -> [(key: String, value: any Encodable)] {
        map { (key: $0.key, value: $0.value as any Encodable) }
    }
}

/// A `Swift.Encoder` producing `CanonicalJSON` (no Foundation). By default it drops the `x-*`
/// extension fields of every struct, so extensions never reach a config hash; keys of maps
/// (`environment`, `labels`, …) are kept whatever they look like.
public struct CanonicalEncoder: Sendable {
    /// Drop `x-*` members of encoded structs (not of dictionaries).
    public var dropsExtensions: Bool

    /// An encoder; by default extensions are dropped.
    public init(dropsExtensions: Bool = true) {
        self.dropsExtensions = dropsExtensions
    }

    /// The canonical JSON value of `value`.
    public func encodeValue(_ value: some Encodable) throws -> CanonicalJSON {
        let node = EncodingNode()
        try encodeAny(value, into: node, path: [], options: self)
        return node.finish()
    }

    /// The canonical JSON bytes of `value`.
    public func encode(_ value: some Encodable) throws -> [UInt8] {
        try encodeValue(value).bytes
    }
}

// MARK: - Encoder machinery

/// Mutable tree the containers write into; turned into `CanonicalJSON` at the end.
final class EncodingNode {
    enum Content {
        case empty
        case scalar(CanonicalJSON)
        case array([EncodingNode])
        case object([String: EncodingNode], isMap: Bool)
    }

    var content: Content = .empty

    func finish() -> CanonicalJSON {
        switch content {
        case .empty: return .object([:])
        case .scalar(let v): return v
        case .array(let items): return .array(items.map { $0.finish() })
        case .object(let members, _): return .object(members.mapValues { $0.finish() })
        }
    }

    var isMap: Bool {
        if case .object(_, true) = content { return true }
        return false
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:], isMap: false)
    }

    func child(forKey key: String) -> EncodingNode {
        makeObject()
        guard case .object(var members, let isMap) = content else { return EncodingNode() }
        if let existing = members[key] { return existing }
        let node = EncodingNode()
        members[key] = node
        content = .object(members, isMap: isMap)
        return node
    }

    func appendChild() -> EncodingNode {
        var items: [EncodingNode] = []
        if case .array(let existing) = content { items = existing }
        let node = EncodingNode()
        items.append(node)
        content = .array(items)
        return node
    }
}

struct CanonicalKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private func encodeAny(
    _ value: some Encodable, into node: EncodingNode, path: [any CodingKey], options: CanonicalEncoder
) throws {
    if let map = value as? any CanonicalStringMap {
        node.content = .object([:], isMap: true)
        for entry in map.canonicalEntries() {
            try encodeAny(entry.value, into: node.child(forKey: entry.key),
                          path: path + [CanonicalKey(entry.key)], options: options)
        }
        return
    }
    try value.encode(to: TreeEncoder(node: node, codingPath: path, options: options))
}

private func numberText(_ d: Double, path: [any CodingKey]) throws -> String {
    guard d.isFinite else {
        throw EncodingError.invalidValue(d, .init(codingPath: path, debugDescription: "non-finite number"))
    }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
}

private struct TreeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: CanonicalEncoder
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedTreeContainer<Key>(node: node, codingPath: codingPath, options: options))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return UnkeyedTreeContainer(node: node, codingPath: codingPath, options: options)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeContainer(node: node, codingPath: codingPath, options: options)
    }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: CanonicalEncoder

    private func skips(_ key: Key) -> Bool {
        options.dropsExtensions && !node.isMap && key.stringValue.hasPrefix("x-")
    }

    private func set(_ value: CanonicalJSON, _ key: Key) {
        guard !skips(key) else { return }
        node.child(forKey: key.stringValue).content = .scalar(value)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(.number(try numberText(value, path: codingPath + [key])), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(.number(try numberText(Double(value), path: codingPath + [key])), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.number(String(value)), key) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        guard !skips(key) else { return }
        try encodeAny(value, into: node.child(forKey: key.stringValue), path: codingPath + [key], options: options)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = skips(key) ? EncodingNode() : node.child(forKey: key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(
            KeyedTreeContainer<NestedKey>(node: child, codingPath: codingPath + [key], options: options))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = skips(key) ? EncodingNode() : node.child(forKey: key.stringValue)
        child.content = .array([])
        return UnkeyedTreeContainer(node: child, codingPath: codingPath + [key], options: options)
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node.child(forKey: "super"), codingPath: codingPath, options: options)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key], options: options)
    }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: CanonicalEncoder

    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    private var nextPath: [any CodingKey] { codingPath + [CanonicalKey(intValue: count) ?? CanonicalKey("")] }

    private func append(_ value: CanonicalJSON) { node.appendChild().content = .scalar(value) }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.number(try numberText(value, path: nextPath))) }
    mutating func encode(_ value: Float) throws { append(.number(try numberText(Double(value), path: nextPath))) }
    mutating func encode(_ value: Int) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { append(.number(String(value))) }

    mutating func encode(_ value: some Encodable) throws {
        let path = nextPath
        try encodeAny(value, into: node.appendChild(), path: path, options: options)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = node.appendChild()
        child.makeObject()
        return KeyedEncodingContainer(KeyedTreeContainer<NestedKey>(node: child, codingPath: path, options: options))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = node.appendChild()
        child.content = .array([])
        return UnkeyedTreeContainer(node: child, codingPath: path, options: options)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return TreeEncoder(node: node.appendChild(), codingPath: path, options: options)
    }
}

private struct SingleTreeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let options: CanonicalEncoder

    private func set(_ value: CanonicalJSON) { node.content = .scalar(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.number(try numberText(value, path: codingPath))) }
    mutating func encode(_ value: Float) throws { set(.number(try numberText(Double(value), path: codingPath))) }
    mutating func encode(_ value: Int) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { set(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { set(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { set(.number(String(value))) }

    mutating func encode(_ value: some Encodable) throws {
        try encodeAny(value, into: node, path: codingPath, options: options)
    }
}
