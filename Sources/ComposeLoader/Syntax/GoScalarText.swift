/// The text Compose v2 gives a plain YAML scalar that stands where a string is expected
/// (environment values, labels, sysctls, logging and driver options): go-yaml v3 first resolves
/// it (`0x1F` is the integer 31, `2.50` the float 2.5, `True` the boolean true, `1_000` the
/// integer 1000, `017` octal 15), and compose-go then prints the Go value with `%v`. So
/// `2.50` → `"2.5"`, `0x1F` → `"31"`, `+7` → `"7"`, `True` → `"true"`, `1e6` → `"1e+06"`.
/// Checked against Compose v2 itself by `GoScalarTextTests` and the differential tests.
enum GoScalarText {
    /// v2's text for the plain (unquoted, untagged) scalar `source`, or `nil` when go-yaml
    /// keeps it a string (or it is null).
    static func text(plain source: String) -> String? {
        guard let first = source.utf8.first else { return nil }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            break
        default:
            return nil
        }
        let count = source.utf8.count
        // The named values start with a letter, `.`, `+` or `-`, never with a digit.
        if count >= 4, count <= 5, !isDigit(first) {
            switch source {
            case "true", "True", "TRUE": return "true"
            case "false", "False", "FALSE": return "false"
            case ".nan", ".NaN", ".NAN": return "NaN"
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return "+Inf"
            case "-.inf", "-.Inf", "-.INF": return "-Inf"
            default: break
            }
        }
        // Every other form go-yaml takes for a number is written with these bytes only, so
        // `30s`, `8080:80` or `tier1` are turned away here, before any parsing.
        for b in source.utf8 where !Self.mayBeInNumber(b) { return nil }
        if first == UInt8(ascii: ".") {
            // go-yaml: `strconv.ParseFloat` of the text as written.
            return goFloat(source).map(formatFloat)
        }
        guard isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
        let plain = source.filter { $0 != "_" }
        if let i = goInt(plain) { return i }
        if isYAMLFloat(plain), let d = goFloat(plain) { return formatFloat(d) }
        return nil
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// Digits, hex digits (`e` and `E` among them), the radix letters `x`, `o` (`b` is a hex
    /// digit), `_`, signs and the point.
    private static func mayBeInNumber(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "_"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    /// v2's decimal text for a plain scalar go-yaml v3 resolves to an integer (`0x50`,
    /// `1_000`, `+5`, `017`); `nil` for anything else, floats (`80.0`, `08`) included.
    static func integer(plain source: String) -> String? {
        guard let first = source.utf8.first, isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
        return goInt(source.filter { $0 != "_" })
    }

    /// `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`, as decimal text: a sign, then
    /// `0x`/`0o`/`0b` (either case) or a leading `0` (octal) or decimal digits.
    private static func goInt(_ s: String) -> String? {
        var digits = Substring(s)
        var negative = false
        if let f = digits.first, f == "+" || f == "-" {
            negative = f == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty else { return nil }
        var radix = 10
        if digits.count > 1, digits.first == "0" {
            let second = digits[digits.index(after: digits.startIndex)]
            switch second {
            case "x", "X": radix = 16; digits = digits.dropFirst(2)
            case "o", "O": radix = 8; digits = digits.dropFirst(2)
            case "b", "B": radix = 2; digits = digits.dropFirst(2)
            default: radix = 8; digits = digits.dropFirst()
            }
            guard !digits.isEmpty else { return nil }
        }
        guard let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == 0 ? "0" : "-" + String(magnitude)
        }
        return String(magnitude)
    }

    /// go-yaml's `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isYAMLFloat(_ s: String) -> Bool {
        var b = Array(s.utf8)[...]
        if let f = b.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { b = b.dropFirst() }
        func digits() -> Int {
            var n = 0
            while let f = b.first, isDigit(f) { b = b.dropFirst(); n += 1 }
            return n
        }
        if b.first == UInt8(ascii: ".") {
            b = b.dropFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if b.first == UInt8(ascii: ".") {
                b = b.dropFirst()
                _ = digits()
            }
        }
        if let e = b.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            b = b.dropFirst()
            if let f = b.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { b = b.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return b.isEmpty
    }

    /// `strconv.ParseFloat(s, 64)` for decimal text: `nil` when out of range (go-yaml then keeps
    /// the text as a string).
    private static func goFloat(_ s: String) -> Double? {
        guard s.utf8.allSatisfy({ isDigit($0) || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains($0) }),
            let d = Double(s), d.isFinite
        else { return nil }
        return d
    }

    /// Go's `%v` of a `float64` (`strconv.FormatFloat(d, 'g', -1, 64)`): the shortest digits
    /// that read back as `d`, in `%e` form (`1e+06`, `1.5e-07`) when the decimal exponent is
    /// below -4 or at least 6 (what `%g` decides with the shortest precision).
    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let negative = d.sign == .minus
        // Swift's description is also the shortest round-trip text; take its digits and exponent.
        var text = (negative ? -d : d).description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts.first ?? "0")
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent  // the decimal point's position in `digits`
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        let sign = negative ? "-" : ""
        if digits == "0" { return sign + "0" }
        let exp = point - 1
        if exp < -4 || exp >= 6 {
            var mantissa = String(digits.prefix(1))
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        let i = digits.index(digits.startIndex, offsetBy: point)
        return sign + digits[..<i] + "." + digits[i...]
    }
}
