extension Node {
    /// The text of a scalar node; `nil` for collections.
    public var scalar: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The items of a sequence node; `nil` for other nodes.
    public var sequence: [Node]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The pairs of a mapping node, in order; `nil` for other nodes.
    public var mapping: [Node.Pair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value for a scalar key whose text is `key`, in a mapping node.
    public subscript(key: String) -> Node? {
        guard case .mapping(let pairs) = content else { return nil }
        for pair in pairs {
            if case .scalar(let text, _) = pair.key.content, text == key { return pair.value }
        }
        return nil
    }

    /// The value of a scalar by the YAML 1.2 core schema (as go-yaml reads it); `nil` for
    /// collections. Only plain scalars are resolved; quoted and block scalars are strings.
    /// The tags `!!str`, `!!int`, `!!float`, `!!bool` and `!!null` force a type (falling back
    /// to a string when the text does not fit); other tags do not change resolution.
    public var resolved: ScalarValue? {
        guard case .scalar(let text, let style) = content else { return nil }
        return ScalarResolver.resolve(text, style: style, tag: tag)
    }

    /// Whether this is a scalar that resolves to null.
    public var isNull: Bool {
        resolved == .null
    }

    /// "mapping", "sequence", "string", "number", "boolean" or "null", for messages such
    /// as "services must be a mapping".
    public var kindName: String {
        switch content {
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        case .scalar:
            switch resolved {
            case .null: return "null"
            case .bool: return "boolean"
            case .int, .float: return "number"
            case .string, nil: return "string"
            }
        }
    }
}

/// YAML 1.2 core schema resolution, working on UTF-8 bytes.
enum ScalarResolver {
    static func resolve(_ text: String, style: ScalarStyle, tag: String?) -> ScalarValue {
        switch tag {
        case "!!str":
            return .string(text)
        case "!!null":
            return isNull(text) ? .null : .string(text)
        case "!!bool":
            return bool(text).map(ScalarValue.bool) ?? .string(text)
        case "!!int":
            return int(text).map(ScalarValue.int) ?? .string(text)
        case "!!float":
            if let d = float(text) { return .float(d) }
            if let i = int(text) { return .float(Double(i)) }
            return .string(text)
        case "!":
            return .string(text)
        default:
            guard style == .plain else { return .string(text) }
            return plain(text)
        }
    }

    /// Resolution of an untagged plain scalar.
    static func plain(_ text: String) -> ScalarValue {
        // A string result is `text` itself (shared storage, not a copy).
        guard let first = text.utf8.first else { return .null }
        // Fast exit for ordinary words: every non-string starts with one of these.
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"):
            break
        default:
            return .string(text)
        }
        let count = text.utf8.count
        if count <= 4, isNull(text) { return .null }
        if count >= 4, count <= 5, let b = bool(text) { return .bool(b) }
        var copy = text
        let number: ScalarValue? = copy.withUTF8 { bytes -> ScalarValue? in
            var overflow = false
            if let i = int(bytes, overflow: &overflow) { return .int(i) }
            // An integer too large for Int stays text rather than turning into an inexact float.
            if overflow { return nil }
            if let d = float(bytes) { return .float(d) }
            return nil
        }
        return number ?? .string(text)
    }

    static func isNull(_ s: String) -> Bool {
        switch s {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    static func bool(_ s: String) -> Bool? {
        switch s {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func int(_ s: String) -> Int? {
        var s = s
        var overflow = false
        return s.withUTF8 { int($0, overflow: &overflow) }
    }

    static func float(_ s: String) -> Double? {
        var s = s
        return s.withUTF8 { float($0) }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// `[-+]?[0-9]+` (a leading `0` followed by digits is octal), `[-+]?0o[0-7]+`,
    /// `[-+]?0x[0-9a-fA-F]+`. Overflow gives `nil` and sets `overflow`.
    static func int(_ bytes: UnsafeBufferPointer<UInt8>, overflow: inout Bool) -> Int? {
        var i = 0
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        guard i < bytes.count else { return nil }
        var radix = 10
        if bytes[i] == UInt8(ascii: "0"), i + 1 < bytes.count {
            switch bytes[i + 1] {
            case UInt8(ascii: "o"):
                radix = 8
                i += 2
            case UInt8(ascii: "x"):
                radix = 16
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                radix = 8
                i += 1
            default:
                return nil
            }
            guard i < bytes.count else { return nil }
        }
        // Accumulate negatively so that Int.min is representable.
        var value = 0
        while i < bytes.count {
            let b = bytes[i]
            let digit: Int
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(b - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(b - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < radix else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (v, o2) = m.subtractingReportingOverflow(digit)
            if o1 || o2 {
                overflow = !bytes[i...].contains { !isHexDigit($0, radix: radix) }
                return nil
            }
            value = v
            i += 1
        }
        if negative { return value }
        let (v, o) = (0).subtractingReportingOverflow(value)
        if o { overflow = true }
        return o ? nil : v
    }

    private static func isHexDigit(_ b: UInt8, radix: Int) -> Bool {
        let digit: Int
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(b - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(b - UInt8(ascii: "A")) + 10
        default: return false
        }
        return digit < radix
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?(.inf|.Inf|.INF)`,
    /// `.nan|.NaN|.NAN`.
    static func float(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        // The named values are 4 or 5 bytes and hold a `.` then a letter: only such a text is
        // compared with them (ports, durations and plain numbers went through twelve string
        // comparisons each).
        if bytes.count == 4 || bytes.count == 5, let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot + 1 < bytes.count, !isDigit(bytes[dot + 1]) {
            switch String(decoding: bytes, as: UTF8.self) {
            case ".nan", ".NaN", ".NAN": return .nan
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
            case "-.inf", "-.Inf", "-.INF": return -.infinity
            default: break
            }
        }
        var i = 0
        let n = bytes.count
        if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
        var intDigits = 0
        while i < n, isDigit(bytes[i]) { i += 1; intDigits += 1 }
        var fracDigits = 0
        if i < n, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, isDigit(bytes[i]) { i += 1; fracDigits += 1 }
            // `\.[0-9]+` needs fraction digits when there is no integer part.
            if intDigits == 0, fracDigits == 0 { return nil }
        }
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        if i < n, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            var expDigits = 0
            while i < n, isDigit(bytes[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == n else { return nil }
        // Swift's parser does not take "1." or "+1"; normalise to forms it accepts.
        var normal = String(decoding: bytes, as: UTF8.self)
        if normal.first == "+" { normal.removeFirst() }
        normal = normal.replacingDotBeforeExponent()
        return Double(normal)
    }
}

extension String {
    /// "1." → "1.0", "1.e5" → "1.0e5", so that `Double.init` accepts them.
    fileprivate func replacingDotBeforeExponent() -> String {
        var out = ""
        out.reserveCapacity(utf8.count + 1)
        var previousWasDot = false
        for ch in self {
            if previousWasDot, ch == "e" || ch == "E" { out.append("0") }
            out.append(ch)
            previousWasDot = ch == "."
        }
        if previousWasDot { out.append("0") }
        return out
    }
}
