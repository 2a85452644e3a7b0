extension CanonicalJSON {
    /// Parses JSON text (as `ComposeV2JSON` writes it, or any JSON) into a value; `nil` when
    /// the text is not one well-formed JSON value. Numbers keep their text.
    public static func parse(_ bytes: [UInt8]) -> CanonicalJSON? {
        var parser = JSONTextParser(bytes: bytes)
        guard let value = parser.value() else { return nil }
        parser.skipSpace()
        return parser.at == bytes.count ? value : nil
    }

    /// Parses JSON text; `nil` when malformed.
    public static func parse(_ text: String) -> CanonicalJSON? { parse(Array(text.utf8)) }
}

private struct JSONTextParser {
    let bytes: [UInt8]
    var at = 0
    /// Nesting bound, so a hostile label cannot exhaust the stack.
    var depth = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpace() {
        while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0a || bytes[at] == 0x0d || bytes[at] == 0x09 { at += 1 }
    }

    mutating func literal(_ word: String, _ value: CanonicalJSON) -> CanonicalJSON? {
        let w = Array(word.utf8)
        guard at + w.count <= bytes.count, Array(bytes[at..<at + w.count]) == w else { return nil }
        at += w.count
        return value
    }

    mutating func value() -> CanonicalJSON? {
        skipSpace()
        guard at < bytes.count, depth < 200 else { return nil }
        switch bytes[at] {
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "\""): return string().map { .string($0) }
        case UInt8(ascii: "["):
            at += 1
            depth += 1
            defer { depth -= 1 }
            var items: [CanonicalJSON] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                guard let item = value() else { return nil }
                items.append(item)
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "{"):
            at += 1
            depth += 1
            defer { depth -= 1 }
            var members: [String: CanonicalJSON] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { return nil }
                at += 1
                guard let member = value() else { return nil }
                members[key] = member
                skipSpace()
                guard at < bytes.count else { return nil }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                return nil
            }
        default:
            let start = at
            while at < bytes.count, "+-0123456789.eE".utf8.contains(bytes[at]) { at += 1 }
            guard at > start else { return nil }
            return .number(String(decoding: bytes[start..<at], as: UTF8.self))
        }
    }

    mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for b in bytes[at..<at + 4] {
            guard let d = hexValue(b) else { return nil }
            v = v << 4 | d
        }
        at += 4
        return v
    }

    func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    mutating func string() -> String? {
        at += 1
        var out: [UInt8] = []
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard at < bytes.count else { return nil }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "u"):
                    guard var v = hex4() else { return nil }
                    if (0xd800..<0xdc00).contains(v), at + 6 <= bytes.count, bytes[at] == UInt8(ascii: "\\"),
                        bytes[at + 1] == UInt8(ascii: "u")
                    {
                        at += 2
                        guard let low = hex4() else { return nil }
                        v = 0x10000 + ((v - 0xd800) << 10) + (low &- 0xdc00)
                    }
                    out.append(contentsOf: String(Unicode.Scalar(v) ?? "\u{fffd}").utf8)
                default: out.append(e)
                }
            default: out.append(b)
            }
        }
        return nil
    }
}
