/// A free-form JSON value: `x-*` extension fields and anything the specification leaves open.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

/// A coding key for arbitrary names (extension fields).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

/// Writes `x-*` fields inline into the object being encoded.
func encodeExtensions(_ extensions: [String: JSONValue], to encoder: any Encoder) throws {
    guard !extensions.isEmpty else { return }
    var c = encoder.container(keyedBy: AnyCodingKey.self)
    for (key, value) in extensions {
        try c.encode(value, forKey: AnyCodingKey(key))
    }
}

/// Reads back the `x-*` fields of the object being decoded.
func decodeExtensions(from decoder: any Decoder) throws -> [String: JSONValue] {
    let c = try decoder.container(keyedBy: AnyCodingKey.self)
    var out: [String: JSONValue] = [:]
    for key in c.allKeys where key.stringValue.hasPrefix("x-") {
        out[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
    }
    return out
}

/// Reads an integer written either as a number or as a decimal string.
func decodeIntegerOrString<K: CodingKey>(_ c: KeyedDecodingContainer<K>, forKey key: K) throws -> Int64? {
    if let n = try? c.decodeIfPresent(Int64.self, forKey: key) { return n }
    guard let s = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
    guard let n = Int64(s) else {
        throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an integer: \(s)")
    }
    return n
}
