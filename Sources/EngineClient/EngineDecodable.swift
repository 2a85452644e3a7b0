protocol EngineDecodable {
    init(engine value: JSONValue) throws
}

/// The direct path does not take this value; Codable decides (and reports).
struct NotDirectlyDecodable: Error {}

// Primitives and collections are decoded by functions rather than conformances of the
// standard types, so that the generated code names each step and nothing is looked up at
// run time.

@inline(__always)
func engineString(_ value: JSONValue) throws -> String {
    guard case .string(let s) = value else { throw NotDirectlyDecodable() }
    return s
}

@inline(__always)
func engineBool(_ value: JSONValue) throws -> Bool {
    guard case .bool(let b) = value else { throw NotDirectlyDecodable() }
    return b
}

/// An integer written as one; `5.0` or `5e0` (which Codable's path also takes) go that way.
@inline(__always)
func engineInteger<T: FixedWidthInteger>(_ value: JSONValue) throws -> T {
    guard case .number(let text) = value else { throw NotDirectlyDecodable() }
    if let number = T(text) { return number }
    throw NotDirectlyDecodable()
}

/// An array, each element by `element`.
@inline(__always)
func engineArray<T>(_ value: JSONValue, _ element: (JSONValue) throws -> T) throws -> [T] {
    guard case .array(let items) = value else { throw NotDirectlyDecodable() }
    return try items.map(element)
}

/// A map with string keys, each value by `element`; a repeated key is Codable's to judge.
@inline(__always)
func engineMap<T>(_ value: JSONValue, _ element: (JSONValue) throws -> T) throws -> [String: T] {
    guard case .object(let members) = value else { throw NotDirectlyDecodable() }
    var out: [String: T] = [:]
    for (key, member) in members {
        if out[key] != nil { throw NotDirectlyDecodable() }
        out[key] = try element(member)
    }
    return out
}

/// A value that may be null, inside a collection.
@inline(__always)
func engineOptional<T>(_ value: JSONValue, _ element: (JSONValue) throws -> T) throws -> T? {
    if case .null = value { return nil }
    return try element(value)
}

extension EmptyObject: EngineDecodable {
    init(engine value: JSONValue) throws {
        guard case .object = value else { throw NotDirectlyDecodable() }
        self.init()
    }
}


/// A top-level list (`GET /containers/json` and the like) of directly decodable values.
protocol EngineDecodableList {
    static func engineList(_ value: JSONValue) throws -> Self
}

extension Array: EngineDecodableList where Element: EngineDecodable {
    static func engineList(_ value: JSONValue) throws -> [Element] {
        try engineArray(value) { try Element(engine: $0) }
    }
}
