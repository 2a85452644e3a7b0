/// A duration in nanoseconds. Its Codable form is Go's `time.Duration` string (`1m30s`,
/// `500ms`, `1h0m0s`), as `docker compose config` prints it; decoding also accepts a number
/// of nanoseconds.
public struct ComposeDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func seconds(_ s: Int64) -> ComposeDuration { ComposeDuration(nanoseconds: s * 1_000_000_000) }
    public static func milliseconds(_ ms: Int64) -> ComposeDuration { ComposeDuration(nanoseconds: ms * 1_000_000) }

    public static func < (a: ComposeDuration, b: ComposeDuration) -> Bool { a.nanoseconds < b.nanoseconds }

    /// Go's `time.Duration.String()`.
    public var description: String { ComposeDuration.format(nanoseconds) }

    /// Formats nanoseconds as Go's `time.Duration.String()` does.
    public static func format(_ value: Int64) -> String {
        if value == 0 { return "0s" }
        let negative = value < 0
        var u = value.magnitude
        var out: String
        if u < 1_000_000_000 {
            let (unit, prec): (String, Int)
            if u < 1_000 {
                (unit, prec) = ("ns", 0)
            } else if u < 1_000_000 {
                (unit, prec) = ("µs", 3)
            } else {
                (unit, prec) = ("ms", 6)
            }
            let (frac, rest) = fraction(u, prec)
            out = "\(rest)\(frac)\(unit)"
        } else {
            let (frac, secs) = fraction(u, 9)
            u = secs
            out = "\(u % 60)\(frac)s"
            u /= 60
            if u > 0 {
                out = "\(u % 60)m" + out
                u /= 60
                if u > 0 { out = "\(u)h" + out }
            }
        }
        return negative ? "-" + out : out
    }

    /// The fractional part `.ddd` (trailing zeros dropped) of `v / 10^prec`, and the integer part.
    private static func fraction(_ v: UInt64, _ prec: Int) -> (String, UInt64) {
        guard prec > 0 else { return ("", v) }
        var scale: UInt64 = 1
        for _ in 0..<prec { scale *= 10 }
        let frac = v % scale
        if frac == 0 { return ("", v / scale) }
        var digits = String(frac)
        digits = String(repeating: "0", count: prec - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return ("." + digits, v / scale)
    }

    /// Parses Go duration syntax (`1h5m30s20ms`, `1.5s`, `-2m`; units ns, us, µs, ms, s, m, h,
    /// and d, w as compose-go accepts). Returns nil when the text is not a duration.
    public static func parse(_ text: String) -> ComposeDuration? {
        var chars = Array(text.unicodeScalars)
        guard !chars.isEmpty else { return nil }
        var negative = false
        if chars[0] == "-" || chars[0] == "+" {
            negative = chars[0] == "-"
            chars.removeFirst()
        }
        if chars.count == 1, chars[0] == "0" { return ComposeDuration(nanoseconds: 0) }
        guard !chars.isEmpty else { return nil }
        var total: Double = 0
        var i = 0
        while i < chars.count {
            let start = i
            while i < chars.count, ("0"..."9").contains(chars[i]) || chars[i] == "." { i += 1 }
            guard i > start, let number = Double(String(String.UnicodeScalarView(chars[start..<i]))) else { return nil }
            let unitStart = i
            while i < chars.count, !("0"..."9").contains(chars[i]), chars[i] != "." { i += 1 }
            let unit = String(String.UnicodeScalarView(chars[unitStart..<i]))
            let scale: Double
            switch unit {
            case "ns": scale = 1
            case "us", "µs", "μs": scale = 1e3
            case "ms": scale = 1e6
            case "s": scale = 1e9
            case "m": scale = 60e9
            case "h": scale = 3600e9
            case "d": scale = 86400e9
            case "w": scale = 604800e9
            default: return nil
            }
            total += number * scale
        }
        guard total < 9.2e18 else { return nil }
        let ns = Int64(total.rounded())
        return ComposeDuration(nanoseconds: negative ? -ns : ns)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let ns = try? c.decode(Int64.self) {
            self.init(nanoseconds: ns)
            return
        }
        let text = try c.decode(String.self)
        guard let d = ComposeDuration.parse(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "invalid duration \(text)")
        }
        self = d
    }
}
