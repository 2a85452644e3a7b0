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
