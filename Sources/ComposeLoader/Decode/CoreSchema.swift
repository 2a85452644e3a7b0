import YAMLSyntax

/// YAML 1.2 core-schema resolution of scalars, as Compose reads files: `yes`/`no`/`on`/`off`
/// stay strings, `0o17` and `017` are octal. Only plain scalars resolve; quoted and block
/// scalars are strings. `!!str` forces a string.
enum CoreSchema {
    static func resolve(_ text: String, style: ScalarStyle, tag: String?) -> Scalar {
        if tag == "!!str" || tag == "!" { return .string(text) }
        guard style == .plain else { return .string(text) }
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
            UInt8(ascii: "f"), UInt8(ascii: "F"):
            break
        default:
            return .string(text)
        }
        switch text {
        case "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .float(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .float(-.infinity)
        case ".nan", ".NaN", ".NAN": return .float(.nan)
        default: break
        }
        if let i = integer(text) { return .int(i) }
        if isFloat(text), let d = Double(text) { return .float(d) }
        return .string(text)
    }

    private static func integer(_ text: String) -> Int? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" {
            negative = s.first == "-"
            s.removeFirst()
        }
        guard !s.isEmpty else { return nil }
        var radix = 10
        if s.hasPrefix("0o") || s.hasPrefix("0O") {
            radix = 8
            s.removeFirst(2)
        } else if s.hasPrefix("0x") || s.hasPrefix("0X") {
            radix = 16
            s.removeFirst(2)
        } else if s.hasPrefix("0b") || s.hasPrefix("0B") {
            radix = 2
            s.removeFirst(2)
        } else if s.count > 1, s.first == "0", s.allSatisfy({ ("0"..."7").contains($0) }) {
            radix = 8
            s.removeFirst()
        }
        s = s.filter { $0 != "_" }[...]
        guard !s.isEmpty, let magnitude = Int(s, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    private static func isFloat(_ text: String) -> Bool {
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        var sawDigit = false
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "-"), UInt8(ascii: "+"): break
            default: return false
            }
        }
        return sawDigit
    }
}

/// "Did you mean" for unknown keys: the closest known key by edit distance (adjacent
/// transpositions count as one edit), when it is close enough to be a likely typo.
enum KeySuggestion {
    static func closest(to key: String, in known: [String]) -> String? {
        let a = Array(key.lowercased().utf8)
        let limit = a.count <= 4 ? 1 : 2
        var best: (String, Int)?
        for candidate in known {
            let b = Array(candidate.utf8)
            if abs(a.count - b.count) > limit { continue }
            let d = distance(a, b)
            if d <= limit, d < (best?.1 ?? Int.max) { best = (candidate, d) }
        }
        if best == nil {
            // `depends-on` for `depends_on`, `dependsOn` for `depends_on`.
            let squashed = key.lowercased().filter { $0 != "_" && $0 != "-" }
            best = known.first { $0.filter { $0 != "_" } == squashed }.map { ($0, 0) }
        }
        return best?.0
    }

    /// Optimal string alignment distance.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    v = Swift.min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[b.count]
    }
}
