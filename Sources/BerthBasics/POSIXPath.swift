/// `/`-separated path helpers with the semantics of Go's `path` package (Compose and Docker
/// clean paths this way, so Berth must produce the same strings).
public enum POSIXPath {
    /// Go's `path.Clean`: `/data/` → `/data`, `a/../b` → `b`, `` → `.`, `/..` → `/`.
    public static func clean(_ p: String) -> String {
        if p.isEmpty { return "." }
        if isClean(p) { return p }
        return cleanBytes(p)
    }

    /// `clean` for a path that needs it, in one pass over the bytes: elements are copied to
    /// the output, `.` is skipped, and `..` takes back the last element (or is kept, at the
    /// start of a relative path).
    static func cleanBytes(_ p: String) -> String {
        let input = Array(p.utf8)
        let n = input.count
        if n == 0 { return "." }
        let rooted = input[0] == UInt8(ascii: "/")
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var r = 0
        // `..` below this point of `out` cannot be taken back (the root, or leading `..`s).
        var floor = 0
        if rooted {
            out.append(UInt8(ascii: "/"))
            r = 1
            floor = 1
        }
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        while r < n {
            if input[r] == slash {
                r += 1
            } else if input[r] == dot && (r + 1 == n || input[r + 1] == slash) {
                r += 1
            } else if input[r] == dot && input[r + 1] == dot && (r + 2 == n || input[r + 2] == slash) {
                r += 2
                if out.count > floor {
                    // Take back the last element and its separator.
                    var w = out.count - 1
                    while w > floor && out[w] != slash { w -= 1 }
                    out.removeSubrange(w...)
                } else if !rooted {
                    if !out.isEmpty { out.append(slash) }
                    out.append(dot)
                    out.append(dot)
                    floor = out.count
                }
            } else {
                if (rooted && out.count != 1) || (!rooted && !out.isEmpty) { out.append(slash) }
                while r < n && input[r] != slash {
                    out.append(input[r])
                    r += 1
                }
            }
        }
        if out.isEmpty { return "." }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `clean` would return `p` unchanged: no empty or `.` element (except `.` as the
    /// whole path), `..` only at the start of a relative path, and no trailing slash (other
    /// than the root itself). One pass over the bytes, no allocation.
    static func isClean(_ p: String) -> Bool {
        isClean(p.utf8)
    }

    static func isClean<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
        let rooted = utf8.first == UInt8(ascii: "/")
        var length = 0  // of the current element
        var dots = 0  // dots in it
        var onlyDotDots = true  // every element so far was `..`
        var elements = 0
        func elementIsClean() -> Bool {
            defer { elements += 1 }
            if length == 0 { return elements == 0 && rooted }  // the root's own slash
            if dots == length && length == 1 { return false }
            if dots == length && length == 2 { return !rooted && onlyDotDots }
            onlyDotDots = false
            return true
        }
        for b in utf8 {
            if b == UInt8(ascii: "/") {
                guard elementIsClean() else { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if b == UInt8(ascii: ".") { dots += 1 }
            }
        }
        if length == 0 { return utf8.count == 1 }  // "/" alone; any other trailing slash is not clean
        if length == 1 && dots == 1 { return elements == 0 }  // "." alone
        return elementIsClean()
    }

    /// Go's `path.Join` of two elements: empty elements are ignored, the result is cleaned,
    /// and joining two empty strings gives "".
    public static func join(_ a: String, _ b: String) -> String {
        if a.isEmpty && b.isEmpty { return "" }
        if a.isEmpty { return clean(b) }
        if b.isEmpty { return clean(a) }
        if let joined = joinedClean(a, b) { return joined }
        return clean(a + "/" + b)
    }

    /// The usual join, a clean directory and a clean relative path (`./` in front allowed),
    /// made in one allocation: nothing in it needs cleaning. Nil for anything else.
    static func joinedClean(_ a: String, _ b: String) -> String? {
        var a = a, b = b
        return a.withUTF8 { a in
            b.withUTF8 { b -> String? in
                var tail = b[...]
                while tail.count > 2, tail[tail.startIndex] == UInt8(ascii: "."), tail[tail.startIndex + 1] == UInt8(ascii: "/") {
                    tail = tail.dropFirst(2)
                }
                let dot = UInt8(ascii: ".")
                guard let first = tail.first, first != UInt8(ascii: "/"), !(tail.count == 1 && first == dot),
                    !(tail.count >= 2 && first == dot && tail[tail.startIndex + 1] == dot),
                    !(a.count == 1 && a[0] == dot),
                    isClean(UnsafeBufferPointer(rebasing: tail)), isClean(a)
                else { return nil }
                let slash = a.count == 1 && a[0] == UInt8(ascii: "/") ? 0 : 1
                let count = a.count + slash + tail.count
                return String(unsafeUninitializedCapacity: count) { out in
                    let raw = UnsafeMutableRawBufferPointer(out)
                    raw.copyMemory(from: UnsafeRawBufferPointer(a))
                    if slash == 1 { raw[a.count] = UInt8(ascii: "/") }
                    UnsafeMutableRawBufferPointer(rebasing: raw[(a.count + slash)...])
                        .copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: tail)))
                    return count
                }
            }
        }
    }

    /// True when `p` starts with `/`.
    public static func isAbsolute(_ p: String) -> Bool {
        p.utf8.first == UInt8(ascii: "/")
    }
}
