/// The `{}` Docker uses as the value of set-like maps (`ExposedPorts`, `Volumes`).
public struct EmptyObject: Codable, Sendable, Hashable {
    public init() {}
}

/// List filters, as the engine's `filters` query parameter takes them: a name (`label`,
/// `name`, `status`, `type`, `event`, `container`…) to the values to match.
public struct Filters: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, [String])...) {
        values = [:]
        for (key, list) in elements { values[key, default: []].append(contentsOf: list) }
    }

    /// Adds a filter value.
    public mutating func add(_ name: String, _ value: String) {
        values[name, default: []].append(value)
    }

    /// Adds `label=key=value` (or `label=key` to match the key only).
    public mutating func label(_ key: String, _ value: String? = nil) {
        add("label", value.map { "\(key)=\($0)" } ?? key)
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The JSON form (`{"label":["a=b"]}`), with sorted keys so requests are stable.
    var json: String {
        values.keys.sorted().map { key in
            let list = (values[key] ?? []).map(Self.quote).joined(separator: ",")
            return "\(Self.quote(key)):[\(list)]"
        }.joined(separator: ",").surrounded
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension String {
    fileprivate var surrounded: String { "{" + self + "}" }
}
