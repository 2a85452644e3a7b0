/// An env-file parse error. `description` is `line N: message` (Compose's text); errors that
/// come from interpolation inside the file carry `line == 0` and print the bare message, as
/// Compose does (`required variable X is missing a value: …`).
public struct DotEnvError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line the parser was on, or 0 for an interpolation error.
    public var line: Int
    /// The message after `line N: `.
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "line \(line): \(message)" : message
    }
}

/// The `.env` / `env_file` parser, following compose-go's `dotenv` package and its quirks.
public enum DotEnv {
    /// Parses one env file's text. `lookup` resolves `${X}` / inherited `KEY` lines first
    /// (OS/project env), then keys already parsed (earlier lines, and `initial`). Returns pairs
    /// in file order (a later duplicate key replaces the value but keeps the first position).
    public static func parse(
        _ text: String,
        lookup: (String) -> String?,
        initial: [String: String] = [:]
    ) throws(DotEnvError) -> [(key: String, value: String)] {
        var parser = Parser(bytes: Array(text.utf8), parsed: initial)
        return try withoutActuallyEscaping(lookup) { (lookup) throws(DotEnvError) in
            try parser.parse(lookup: lookup)
        }
    }

    /// docker's `raw` format (docker/cli kvfile): `KEY=VALUE` per line, no quotes, no
    /// interpolation, leading whitespace dropped, trailing kept; `#` lines are comments;
    /// `KEY` alone inherits from `lookup` (and is omitted when unset). Lines docker rejects
    /// (empty key, key with whitespace) are skipped here.
    public static func parseRaw(_ text: String, lookup: (String) -> String?) -> [(key: String, value: String)] {
        var result = OrderedPairs()
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var lineBytes = rawLine
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }  // bufio.ScanLines drops a CR
            let line = String(decoding: lineBytes, as: UTF8.self)
            let trimmed = line.unicodeScalars.drop(while: { isUnicodeSpace($0) })
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            if let eq = trimmed.firstIndex(of: "=") {
                let key = trimmed[..<eq]
                if key.isEmpty || key.contains(where: { isUnicodeSpace($0) }) { continue }
                result.set(String(key), String(trimmed[trimmed.index(after: eq)...]))
            } else {
                if trimmed.contains(where: { isUnicodeSpace($0) }) { continue }
                let key = String(trimmed)
                if let v = lookup(key) { result.set(key, v) }
            }
        }
        return result.pairs
    }

    /// The project environment: OS env wins; files parsed in order, later files override
    /// earlier; `${X}` inside looks up OS first then values read so far. `files` are
    /// (absolute path, contents). Errors name the file: `failed to read /abs/path: line 3: …`.
    public static func projectEnvironment(
        os: [String: String],
        files: [(path: String, contents: String)]
    ) throws -> [String: String] {
        var fromFiles: [String: String] = [:]
        for file in files {
            do {
                let pairs = try parse(file.contents, lookup: { os[$0] }, initial: fromFiles)
                for pair in pairs { fromFiles[pair.key] = pair.value }
            } catch {
                throw SyntaxError("failed to read \(file.path): \(error)")
            }
        }
        var env = os
        for (k, v) in fromFiles where env[k] == nil { env[k] = v }
        return env
    }
}

/// Pairs in order of first appearance; a repeated key replaces the value in place.
struct OrderedPairs {
    var pairs: [(key: String, value: String)] = []
    var index: [String: Int] = [:]

    mutating func set(_ key: String, _ value: String) {
        if let i = index[key] {
            pairs[i].value = value
        } else {
            index[key] = pairs.count
            pairs.append((key, value))
        }
    }
}

private struct Parser {
    let bytes: [UInt8]
    var parsed: [String: String]
    var pos = 0
    var line = 1
    var result = OrderedPairs()

    init(bytes: [UInt8], parsed: [String: String]) {
        var b = bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { b.removeFirst(3) }
        self.bytes = b
        self.parsed = parsed
    }

    mutating func parse(lookup: @escaping (String) -> String?) throws(DotEnvError) -> [(key: String, value: String)] {
        while true {
            skipToStatement()
            if pos >= bytes.count { break }
            let (key, inherited) = try locateKey()
            if key.utf8.contains(UInt8(ascii: " ")) {
                throw DotEnvError(line: line, message: "key cannot contain a space")
            }
            if inherited {
                if let v = lookup(key) ?? parsed[key] { store(key, v) }
                continue
            }
            let value = try extractValue(lookup: lookup)
            store(key, value)
        }
        return result.pairs
    }

    private mutating func store(_ key: String, _ value: String) {
        parsed[key] = value
        result.set(key, value)
    }

    /// Skips whitespace (counting lines) and `#` comment lines.
    private mutating func skipToStatement() {
        while pos < bytes.count {
            let (scalar, len) = decode(at: pos)
            if scalar == "\n" {
                line += 1
            } else if !isUnicodeSpace(scalar) {
                if scalar == "#" {
                    while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
                    continue
                }
                return
            }
            pos += len
        }
    }

    /// Returns the key and whether it is an inherited (`KEY` alone) line; leaves `pos` at the
    /// value start (after `=`/`:` and blanks) or after the newline.
    private mutating func locateKey() throws(DotEnvError) -> (String, Bool) {
        // `^export\s+`
        if hasPrefix("export"), pos + 6 < bytes.count, isRegexSpace(bytes[pos + 6]) {
            pos += 6
            skipBlanks()
        }
        let start = pos
        var i = pos
        var sep: (index: Int, inherited: Bool)? = nil
        while i < bytes.count {
            let (scalar, len) = decode(at: i)
            if isBlank(scalar) {
                i += len
                continue
            }
            switch scalar {
            case "=", ":", "\n":
                sep = (i, scalar == "\n")
            case "_", ".", "-", "[", "]":
                break
            default:
                let props = scalar.properties
                if !(isLetter(props) || isNumber(props)) {
                    var lineEnd = start
                    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                    let text = String(decoding: bytes[start..<lineEnd], as: UTF8.self)
                    throw DotEnvError(
                        line: line,
                        message: "unexpected character \(GoQuote.quote(String(scalar))) in variable name \(GoQuote.quote(text))")
                }
            }
            if sep != nil { break }
            i += len
        }
        if start >= bytes.count {
            throw DotEnvError(line: line, message: "zero length string")
        }
        var key = ""
        var inherited = false
        if let sep {
            key = String(decoding: bytes[start..<sep.index], as: UTF8.self)
            inherited = sep.inherited
            pos = sep.index + 1
        } else {
            // No separator before the end: the quirk where a final `KEY` becomes value of key "".
            pos = start
        }
        key = trimRightUnicodeSpace(key)
        if inherited, !key.utf8.contains(UInt8(ascii: " ")) { line += 1 }
        if !inherited { skipBlanks() }
        return (key, inherited)
    }

    private mutating func extractValue(lookup: (String) -> String?) throws(DotEnvError) -> String {
        guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") || bytes[pos] == UInt8(ascii: "'") else {
            // Unquoted: to the end of the line, cut at " #", right-trimmed, interpolated.
            var end = pos
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var valueEnd = end
            var j = pos
            while j + 1 < end {
                if bytes[j] == UInt8(ascii: " "), bytes[j + 1] == UInt8(ascii: "#") {
                    valueEnd = j
                    break
                }
                j += 1
            }
            let raw = trimRightUnicodeSpace(String(decoding: bytes[pos..<valueEnd], as: UTF8.self))
            pos = end < bytes.count ? end + 1 : end
            line += 1
            return try expand(raw, lookup: lookup)
        }
        let quote = bytes[pos]
        var chars: [UInt8] = []
        var escape = false
        var i = pos + 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\n") { line += 1 }
            if c != quote {
                if !escape, c == UInt8(ascii: "\\") {
                    escape = true
                    i += 1
                    continue
                }
                if escape {
                    escape = false
                    chars.append(UInt8(ascii: "\\"))
                }
                chars.append(c)
                i += 1
                continue
            }
            if escape {
                escape = false
                chars.append(c)
                i += 1
                continue
            }
            // Closing quote. The rest of that line is a comment.
            pos = i + 1
            while pos < bytes.count, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            if quote == UInt8(ascii: "'") {
                return String(decoding: chars, as: UTF8.self)
            }
            return try expand(String(decoding: expandEscapes(chars), as: UTF8.self), lookup: lookup)
        }
        var lineEnd = pos
        while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        throw DotEnvError(
            line: line,
            message: "unterminated quoted value " + String(decoding: bytes[pos..<lineEnd], as: UTF8.self))
    }

    private func expand(_ value: String, lookup: (String) -> String?) throws(DotEnvError) -> String {
        do {
            let parsed = self.parsed
            return try Interpolation.substitute(value) { lookup($0) ?? parsed[$0] }.value
        } catch {
            throw DotEnvError(line: 0, message: error.description)
        }
    }

    private mutating func skipBlanks() {
        while pos < bytes.count {
            let (scalar, len) = decode(at: pos)
            if !isBlank(scalar) { return }
            pos += len
        }
    }

    private func hasPrefix(_ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        guard pos + n <= bytes.count else { return false }
        let p = s.utf8Start
        for k in 0..<n where bytes[pos + k] != p[k] { return false }
        return true
    }

    private func decode(at i: Int) -> (Unicode.Scalar, Int) {
        let b = bytes[i]
        if b < 0x80 { return (Unicode.Scalar(b), 1) }
        var it = bytes[i...].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) {
            return (s, UTF8.width(s))
        }
        return ("\u{FFFD}", 1)
    }
}

/// `\\(?:[abcfnrtv$"\\]|0\d{0,3})` expansion of a double-quoted value.
func expandEscapes(_ s: [UInt8]) -> [UInt8] {
    guard s.contains(UInt8(ascii: "\\")) else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(s.count)
    var i = 0
    while i < s.count {
        let c = s[i]
        guard c == UInt8(ascii: "\\"), i + 1 < s.count else {
            out.append(c)
            i += 1
            continue
        }
        let n = s[i + 1]
        switch n {
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "c"): out.append(contentsOf: [UInt8(ascii: "\\"), n])  // in the regex, but not a Go escape
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "$"): out.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "$")])
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "0"):
            var j = i + 2
            while j < s.count, j < i + 5, s[j] >= UInt8(ascii: "0"), s[j] <= UInt8(ascii: "9") { j += 1 }
            let digits = s[(i + 2)..<j]
            // `\0NNN` → Go's `\NNN`: exactly three octal digits, value ≤ 255.
            if digits.count == 3, digits.allSatisfy({ $0 <= UInt8(ascii: "7") }) {
                let v = digits.reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
                if v <= 255, let scalar = Unicode.Scalar(UInt32(v)) {
                    out.append(contentsOf: Array(String(scalar).utf8))
                    i = j
                    continue
                }
            }
            out.append(contentsOf: s[i..<j])
            i = j
            continue
        default:
            out.append(c)
            i += 1
            continue
        }
        i += 2
    }
    return out
}

/// Go's `unicode.IsSpace`.
@inline(__always)
private func isUnicodeSpace(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
    case 0..<0x80: return false
    default: return s.properties.isWhitespace
    }
}

/// compose-go dotenv `isSpace`: blanks that are not a line break.
@inline(__always)
private func isBlank(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x09, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0: return true
    default: return false
    }
}

/// RE2 `\s`: `[\t\n\f\r ]`.
@inline(__always)
private func isRegexSpace(_ b: UInt8) -> Bool {
    b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D || b == 0x20
}

private func isLetter(_ p: Unicode.Scalar.Properties) -> Bool {
    switch p.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
    default: return false
    }
}

private func isNumber(_ p: Unicode.Scalar.Properties) -> Bool {
    switch p.generalCategory {
    case .decimalNumber, .letterNumber, .otherNumber: return true
    default: return false
    }
}

private func trimRightUnicodeSpace(_ s: String) -> String {
    var scalars = s.unicodeScalars[...]
    while let last = scalars.last, isUnicodeSpace(last) { scalars = scalars.dropLast() }
    return String(String.UnicodeScalarView(scalars))
}
