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
