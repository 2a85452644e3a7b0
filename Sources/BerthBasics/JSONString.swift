/// A string as a JSON string literal, written without Foundation: the one escaper the
/// reports, the engine's query filters and `config --format json` share.
public enum JSONString {
    /// `s` quoted and escaped: `"`, `\`, `\n`, `\r`, `\t` by name, other control characters
    /// as `\u00XX`. `htmlSafe` also escapes `<`, `>`, `&`, U+2028 and U+2029 as Go's
    /// `encoding/json` does by default.
    public static func quoted(_ s: String, htmlSafe: Bool = false) -> String {
        // Most strings need no escaping; only scan their bytes.
        if !s.utf8.contains(where: { needsEscape($0, htmlSafe: htmlSafe) }) {
            return "\"" + s + "\""
        }
        var out = ""
        append(s, htmlSafe: htmlSafe, to: &out)
        return out
    }

    /// Appends `s` quoted and escaped (see `quoted(_:htmlSafe:)`) to `out`.
    public static func append(_ s: String, htmlSafe: Bool = false, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                if htmlSafe { out += "\\u" + hex4(scalar.value) } else { out.unicodeScalars.append(scalar) }
            default:
                if scalar.value < 0x20 { out += "\\u" + hex4(scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
    }

    /// The index of the first byte at or after `start` that a JSON string must escape (a
    /// control character, `"` or `\`), or `bytes.count`. It tests eight bytes at a time (the
    /// bit tricks find a byte below 0x20 and a byte equal to `"` or `\` in a 64-bit word
    /// exactly), then finds the byte one by one: reports write megabytes of strings that
    /// nearly never need escaping.
    public static func firstEscapeIndex(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroInQuote = (quote &- ones) & ~quote
            let zeroInBackslash = (backslash &- ones) & ~backslash
            let below20 = (word &- ones &* 0x20) & ~word
            if (zeroInQuote | zeroInBackslash | below20) & highs != 0 { break }
            i += 8
        }
        while i < bytes.count {
            let b = base[i]
            if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return i }
            i += 1
        }
        return bytes.count
    }

    private static func needsEscape(_ byte: UInt8, htmlSafe: Bool) -> Bool {
        if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return true }
        // 0xE2 starts U+2028 and U+2029 (and other scalars: the slow path sorts them out).
        return htmlSafe && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") || byte == 0xE2)
    }

    private static func hex4(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
