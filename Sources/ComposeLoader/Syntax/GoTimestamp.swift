/// go-yaml v3, which Compose reads files with, turns an unquoted date such as `2001-12-14`
/// or `2001-12-14T21:59:43Z` into a timestamp, and no field of the Compose schema accepts one
/// ("invalid jsonType time.Time"); only `x-*` extensions do. YAML 1.2, which Berth reads
/// with, keeps it a string, so without this check Berth would accept files Compose refuses.
enum GoTimestamp {
    /// Whether go-yaml v3 resolves this plain scalar to a timestamp: the layouts
    /// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`), `2006-1-2 15:4:5.999999999` and
    /// `2006-1-2`, with Go's ranges (a day that exists in its month, hours 0–23…).
    static func matches(_ text: String) -> Bool {
        var b = Array(text.utf8)[...]
        func number(_ min: Int, _ max: Int) -> Int? {
            var n = 0, count = 0
            while let c = b.first, c >= 0x30, c <= 0x39, count < max {
                n = n * 10 + Int(c - 0x30)
                count += 1
                b = b.dropFirst()
            }
            return count >= min ? n : nil
        }
        func take(_ c: UInt8) -> Bool {
            guard b.first == c else { return false }
            b = b.dropFirst()
            return true
        }
        guard let year = number(4, 4), take(UInt8(ascii: "-")), let month = number(1, 2), (1...12).contains(month),
            take(UInt8(ascii: "-")), let day = number(1, 2), day >= 1, day <= days(month, year)
        else { return false }
        guard let separator = b.first else { return true }
        guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(separator) else { return false }
        b = b.dropFirst()
        guard let hour = number(1, 2), hour < 24, take(UInt8(ascii: ":")), let minute = number(1, 2), minute < 60,
            take(UInt8(ascii: ":")), let second = number(1, 2), second < 60
        else { return false }
        if take(UInt8(ascii: ".")) {
            guard number(1, 9) != nil else { return false }
        }
        if separator == UInt8(ascii: " ") { return b.isEmpty }
        if take(UInt8(ascii: "Z")) { return b.isEmpty }
        guard take(UInt8(ascii: "+")) || take(UInt8(ascii: "-")), let h = number(2, 2), h < 24, take(UInt8(ascii: ":")),
            let m = number(2, 2), m < 60
        else { return false }
        return b.isEmpty
    }

    private static func days(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
