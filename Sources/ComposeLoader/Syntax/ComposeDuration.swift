/// Compose durations (xhit/go-str2duration, as used by compose-go) and Go's
/// `time.Duration.String` formatting.
public enum DurationSyntax {
    /// Parses `[-+]?(<digits>[.<digits>]<unit>)+` with units `ns us µs μs ms s m h d w`, or `0`.
    /// Returns nanoseconds. Errors use Go's texts: `time: invalid duration "x"`,
    /// `time: missing unit in duration "10"`, `time: unknown unit "x" in duration "1x"`.
    public static func parse(_ s: String) throws -> Int64 {
        let orig = s
        var b = Array(s.utf8)[...]
        var neg = false
        if let c = b.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
            neg = c == UInt8(ascii: "-")
            b = b.dropFirst()
        }
        if b.elementsEqual([UInt8(ascii: "0")]) { return 0 }
        if b.isEmpty { throw invalid(orig) }
        var total: Int64 = 0
        while let first = b.first {
            guard first == UInt8(ascii: ".") || isDigit(first) else { throw invalid(orig) }
            // Integer part.
            var v: Int64 = 0
            var pre = false
            while let c = b.first, isDigit(c) {
                if v > Int64.max / 10 { throw invalid(orig) }
                v = v * 10 + Int64(c - UInt8(ascii: "0"))
                if v < 0 { throw invalid(orig) }
                b = b.dropFirst()
                pre = true
            }
            // Fraction.
            var f: Int64 = 0
            var scale: Double = 1
            var post = false
            if b.first == UInt8(ascii: ".") {
                b = b.dropFirst()
                var overflow = false
                while let c = b.first, isDigit(c) {
                    if !overflow {
                        if f > Int64.max / 10 {
                            overflow = true
                        } else {
                            let y = f * 10 + Int64(c - UInt8(ascii: "0"))
                            if y < 0 {
                                overflow = true
                            } else {
                                f = y
                                scale *= 10
                            }
                        }
                    }
                    b = b.dropFirst()
                    post = true
                }
            }
            if !pre && !post { throw invalid(orig) }
            // Unit: up to the next digit or '.'.
            var unitEnd = b.startIndex
            while unitEnd < b.endIndex, b[unitEnd] != UInt8(ascii: "."), !isDigit(b[unitEnd]) { unitEnd += 1 }
            if unitEnd == b.startIndex {
                throw SyntaxError("time: missing unit in duration \(quote(orig))")
            }
            let unitText = String(decoding: b[b.startIndex..<unitEnd], as: UTF8.self)
            b = b[unitEnd...]
            guard let unit = units[unitText] else {
                throw SyntaxError("time: unknown unit \(quote(unitText)) in duration \(quote(orig))")
            }
            if v > Int64.max / unit { throw invalid(orig) }
            v *= unit
            if f > 0 {
                v += Int64(Double(f) * (Double(unit) / scale))
                if v < 0 { throw invalid(orig) }
            }
            total += v
            if total < 0 { throw invalid(orig) }
        }
        return neg ? -total : total
    }

    /// Go's `time.Duration.String`: `1m30s`, `1h0m0s`, `500ms`, `1.5s`, `1µs`, `0s`.
    public static func format(_ nanoseconds: Int64) -> String {
        if nanoseconds == 0 { return "0s" }
        let neg = nanoseconds < 0
        var u = nanoseconds.magnitude
        var out: String
        if u < 1_000_000_000 {
            let (prec, unit): (Int, String) =
                u < 1_000 ? (0, "ns") : u < 1_000_000 ? (3, "µs") : (6, "ms")
            let (frac, whole) = fraction(u, prec)
            out = String(whole) + frac + unit
        } else {
            let (frac, seconds) = fraction(u, 9)
            u = seconds
            out = String(u % 60) + frac + "s"
            u /= 60
            if u > 0 {
                out = String(u % 60) + "m" + out
                u /= 60
                if u > 0 {
                    out = String(u) + "h" + out
                }
            }
        }
        return neg ? "-" + out : out
    }

    /// Go's `fmtFrac`: the fraction of v/10^prec without trailing zeros (and without the dot
    /// when it is zero), and v/10^prec.
    private static func fraction(_ v: UInt64, _ prec: Int) -> (String, UInt64) {
        var v = v
        var digits: [Character] = []
        var printing = false
        for _ in 0..<prec {
            let digit = v % 10
            printing = printing || digit != 0
            if printing { digits.append(Character(String(digit))) }
            v /= 10
        }
        if !printing { return ("", v) }
        return ("." + String(digits.reversed()), v)
    }

    private static let units: [String: Int64] = [
        "ns": 1,
        "us": 1_000,
        "µs": 1_000,  // U+00B5 micro sign
        "μs": 1_000,  // U+03BC Greek mu
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
        "d": 86_400_000_000_000,
        "w": 604_800_000_000_000,
    ]

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func invalid(_ orig: String) -> SyntaxError {
        SyntaxError("time: invalid duration \(quote(orig))")
    }

    /// Go's `time.quote`: `"` and `\` escaped, bytes of non-ASCII or control characters as `\xNN`.
    private static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar.value >= 0x80 {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                }
            } else {
                if scalar == "\"" || scalar == "\\" { out += "\\" }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
