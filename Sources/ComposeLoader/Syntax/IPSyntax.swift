/// IP address validation with Go's `net.ParseIP` rules.
public enum IPSyntax {
    /// True for a dotted IPv4 address (no leading zeros) or an IPv6 address (no zone).
    public static func isValid(_ s: String) -> Bool {
        let b = Array(s.utf8)
        if b.contains(UInt8(ascii: ":")) { return isIPv6(b[...]) }
        return isIPv4(b[...])
    }

    static func isIPv4(_ b: ArraySlice<UInt8>) -> Bool {
        let fields = b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 4 else { return false }
        for f in fields {
            guard !f.isEmpty, f.count <= 3, f.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            if f.count > 1 && f.first == 0x30 { return false }
            let v = f.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            if v > 255 { return false }
        }
        return true
    }

    static func isIPv6(_ b: ArraySlice<UInt8>) -> Bool {
        var groups = 0
        var sawDoubleColon = false
        var i = b.startIndex
        if b.starts(with: [0x3A, 0x3A]) {
            sawDoubleColon = true
            i += 2
            if i == b.endIndex { return true }
        }
        while i < b.endIndex {
            // One group: hex digits, or a trailing IPv4.
            var j = i
            while j < b.endIndex, isHex(b[j]) { j += 1 }
            if j < b.endIndex, b[j] == UInt8(ascii: ".") {
                guard groups <= 6, isIPv4(b[i...]) else { return false }
                groups += 2
                i = b.endIndex
                break
            }
            let n = j - i
            guard n >= 1, n <= 4 else { return false }
            groups += 1
            i = j
            if i == b.endIndex { break }
            guard b[i] == UInt8(ascii: ":") else { return false }
            i += 1
            if i < b.endIndex, b[i] == UInt8(ascii: ":") {
                if sawDoubleColon { return false }
                sawDoubleColon = true
                i += 1
                if i == b.endIndex { break }
            } else if i == b.endIndex {
                return false
            }
        }
        return sawDoubleColon ? groups < 8 : groups == 8
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
}
