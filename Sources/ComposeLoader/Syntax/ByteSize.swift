/// Compose byte sizes (`mem_limit`, `shm_size`, …): go-units `RAMInBytes`, binary units.
public enum ByteSizeSyntax {
    /// A plain integer (negative allowed, e.g. `-1`), else `<float>[ ]<k|m|g|t|p>[b|ib]` or
    /// `<float>[ ]b`, case-insensitive, 1k = 1024. Errors: `invalid size: '…'`,
    /// `invalid suffix: '…'`, or Go's `strconv.ParseFloat: parsing "…": invalid syntax`.
    public static func parse(_ s: String) throws -> Int64 {
        if let n = Int64(s) { return n }
        let bytes = Array(s.utf8)
        // Last digit, '.' or space separates the number from the suffix.
        guard let sep = bytes.lastIndex(where: { isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: " ") })
        else {
            throw SyntaxError("invalid size: '\(s)'")
        }
        let numBytes = bytes[sep] == UInt8(ascii: " ") ? bytes[..<sep] : bytes[...sep]
        let num = String(decoding: numBytes, as: UTF8.self)
        let suffix = String(decoding: bytes[(sep + 1)...], as: UTF8.self)
        guard let size = parseFloat(num) else {
            throw SyntaxError("strconv.ParseFloat: parsing \(GoQuote.quote(num)): invalid syntax")
        }
        if size < 0 { throw SyntaxError("invalid size: '\(s)'") }
        if suffix.isEmpty { return clamp(size) }
        let sfx = Array(suffix.lowercased().utf8)
        let bad = SyntaxError("invalid suffix: '\(sfx.count > 3 ? suffix : suffix.lowercased())'")
        guard sfx.count <= 3 else { throw bad }
        if sfx[0] == UInt8(ascii: "b") {
            guard sfx.count == 1 else { throw bad }
            return clamp(size)
        }
        let multiplier: Double
        switch sfx[0] {
        case UInt8(ascii: "k"): multiplier = 1024
        case UInt8(ascii: "m"): multiplier = 1024 * 1024
        case UInt8(ascii: "g"): multiplier = 1024 * 1024 * 1024
        case UInt8(ascii: "t"): multiplier = 1024 * 1024 * 1024 * 1024
        case UInt8(ascii: "p"): multiplier = 1024 * 1024 * 1024 * 1024 * 1024
        default: throw bad
        }
        if sfx.count == 2 && sfx[1] != UInt8(ascii: "b") { throw bad }
        if sfx.count == 3 && !(sfx[1] == UInt8(ascii: "i") && sfx[2] == UInt8(ascii: "b")) { throw bad }
        return clamp(size * multiplier)
    }

    /// Decimal floats as Go's ParseFloat accepts them for sizes: digits, one optional dot,
    /// optional exponent, optional sign.
    private static func parseFloat(_ s: String) -> Double? {
        guard !s.isEmpty,
            s.utf8.allSatisfy({
                isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
                    || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
            })
        else { return nil }
        return Double(s)
    }

    /// Go's float64 → int64 conversion saturates on amd64 to Int64.min; keep it in range.
    private static func clamp(_ d: Double) -> Int64 {
        if d >= 9.223372036854775807e18 { return Int64.min }
        return Int64(d)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
