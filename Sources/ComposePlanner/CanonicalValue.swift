import ComposeModel

/// A model value written straight to `CanonicalJSON`: the value `CanonicalEncoder` gives for
/// it through Codable, built without Codable. Each struct's conversion is generated from the
/// model's field table (CanonicalValue+Generated.swift); the primitives and the hand-written
/// model types are here.
///
/// Why: the Codable path instantiates a keyed container, its box and its coding keys for
/// every model type, and casts every value to find dictionaries. In a binary this size each
/// first generic instantiation and each first conformance check scans every conformance
/// record. For a no-op `up -d` of 20 services the hashes were a quarter of all the process's
/// instructions (callgrind), and every `up` hashes every service.
protocol CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON
}

/// What the conversion needs to know: whether the `x-*` extension fields of structs are left
/// out (they are for hashes; keys of maps are kept whatever they look like).
struct CanonicalContext {
    var dropsExtensions: Bool

    func extensions(_ extensions: [String: JSONValue], into object: inout [String: CanonicalJSON]) throws {
        guard !dropsExtensions else { return }
        for (key, value) in extensions {
            object[key] = try value.canonical(self)
        }
    }
}

/// Thrown for a value JSON cannot hold (a non-finite number); the caller then takes the
/// Codable path, so the error text is the encoder's own.
struct NotCanonical: Error {}

extension CanonicalEncoder {
    /// The canonical JSON of a model value: the direct conversion, or the Codable encoder's
    /// result for a value the conversion refuses.
    func canonical<T: CanonicalValue & Encodable>(_ value: T) throws -> CanonicalJSON {
        if let direct = try? value.canonical(CanonicalContext(dropsExtensions: dropsExtensions)) {
            return direct
        }
        return try encodeValue(value)
    }
}

extension String: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { .string(self) }
}

extension Bool: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { .bool(self) }
}

extension Int: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { .number(String(self)) }
}

extension Int64: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { .number(String(self)) }
}

extension Double: CanonicalValue {
    /// As `CanonicalEncoder` writes a number: integral values without a fraction.
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON {
        guard isFinite else { throw NotCanonical() }
        if self == rounded(), abs(self) < 1e15 { return .number(String(Int64(self))) }
        return .number("\(self)")
    }
}

extension Optional: CanonicalValue where Wrapped: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON {
        guard let self else { return .null }
        return try self.canonical(context)
    }
}

extension Array: CanonicalValue where Element: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON {
        .array(try map { try $0.canonical(context) })
    }
}

extension Dictionary: CanonicalValue where Key == String, Value: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON {
        var members: [String: CanonicalJSON] = [:]
        members.reserveCapacity(count)
        for (key, value) in self {
            members[key] = try value.canonical(context)
        }
        return .object(members)
    }
}

extension JSONValue: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(String(i))
        case .double(let d): return try d.canonical(context)
        case .string(let s): return .string(s)
        case .array(let a): return try a.canonical(context)
        case .object(let o): return try o.canonical(context)
        }
    }
}

extension ComposeDuration: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { .string(description) }
}

extension DependencyCondition: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { .string(rawValue) }
}

extension ExtraHosts: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON { try list.canonical(context) }
}

extension UlimitsConfig: CanonicalValue {
    func canonical(_ context: CanonicalContext) throws -> CanonicalJSON {
        if let single { return try single.canonical(context) }
        var o: [String: CanonicalJSON] = [:]
        if let soft { o["soft"] = try soft.canonical(context) }
        if let hard { o["hard"] = try hard.canonical(context) }
        try context.extensions(extensions, into: &o)
        return .object(o)
    }
}
