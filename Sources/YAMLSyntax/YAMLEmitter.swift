/// Writes `Node` trees as block-style YAML (for `berth config`).
///
/// Mappings are `key: value`, sequence items `- item` indented two spaces under their key
/// (as docker compose prints them), empty collections `{}` and `[]`. A string is written
/// plain when it reads back as the same string, otherwise double-quoted with escapes;
/// multi-line strings use a literal block when that reads back exactly. Re-parsing the
/// output gives the same tree (same texts, resolved values and tags; positions differ).
public enum YAMLEmitter {
    /// One document.
    public static func emit(_ node: Node) -> String {
        var writer = Writer()
        writer.document(node)
        return writer.out
    }

    /// Several documents, separated by `---`.
    public static func emit(documents: [Node]) -> String {
        var writer = Writer()
        for (index, node) in documents.enumerated() {
            writer.document(node, separated: index > 0)
        }
        return writer.out
    }
}

private struct Writer {
    var out = ""

    mutating func document(_ node: Node, separated: Bool = false) {
        // A tag on the root collection needs a document start to sit on.
        if let tag = node.tag, !isScalar(node), !isEmptyCollection(node) {
            out += "--- " + tagText(tag) + "\n"
            collectionBody(node, indent: 0)
            return
        }
        if separated { out += "---\n" }
        switch node.content {
        case .scalar:
            out += scalarText(node, indent: 0) + "\n"
        case .sequence(let items) where items.isEmpty:
            out += tagPrefix(node) + "[]\n"
        case .mapping(let pairs) where pairs.isEmpty:
            out += tagPrefix(node) + "{}\n"
        default:
            collectionBody(node, indent: 0)
        }
    }

    /// The lines of a non-empty collection, each starting at `indent`.
    mutating func collectionBody(_ node: Node, indent: Int) {
        switch node.content {
        case .mapping(let pairs):
            for pair in pairs {
                spaces(indent)
                pairText(pair, indent: indent)
            }
        case .sequence(let items):
            for item in items {
                spaces(indent)
                out += "-"
                afterIndicator(item, indent: indent + 2)
            }
        case .scalar:
            break
        }
    }

    /// One pair; the key's indentation is already written.
    mutating func pairText(_ pair: Node.Pair, indent: Int) {
        if let key = simpleKey(pair.key) {
            out += key + ":"
            afterKey(pair.value, indent: indent)
        } else {
            out += "?"
            afterIndicator(pair.key, indent: indent + 2)
            spaces(indent)
            out += ":"
            afterIndicator(pair.value, indent: indent + 2)
        }
    }

    /// A mapping value after `key:`; block collections go on the next lines, two deeper.
    mutating func afterKey(_ node: Node, indent: Int) {
        switch node.content {
        case .scalar:
            out += " " + scalarText(node, indent: indent + 2) + "\n"
        case .sequence(let items) where items.isEmpty:
            out += " " + tagPrefix(node) + "[]\n"
        case .mapping(let pairs) where pairs.isEmpty:
            out += " " + tagPrefix(node) + "{}\n"
        default:
            if let tag = node.tag { out += " " + tagText(tag) }
            out += "\n"
            collectionBody(node, indent: indent + 2)
        }
    }

    /// A node after `-`, `?` or an explicit `:`, whose content sits at `indent`.
    mutating func afterIndicator(_ node: Node, indent: Int) {
        switch node.content {
        case .scalar:
            out += " " + scalarText(node, indent: indent) + "\n"
        case .sequence(let items) where items.isEmpty:
            out += " " + tagPrefix(node) + "[]\n"
        case .mapping(let pairs) where pairs.isEmpty:
            out += " " + tagPrefix(node) + "{}\n"
        default:
            if let tag = node.tag {
                // A tag before a compact collection would tag its first key instead.
                out += " " + tagText(tag) + "\n"
                collectionBody(node, indent: indent)
                return
            }
            // Compact form: the first entry on the indicator's line.
            out += " "
            var first = true
            switch node.content {
            case .mapping(let pairs):
                for pair in pairs {
                    if !first { spaces(indent) }
                    first = false
                    pairText(pair, indent: indent)
                }
            case .sequence(let items):
                for item in items {
                    if !first { spaces(indent) }
                    first = false
                    out += "-"
                    afterIndicator(item, indent: indent + 2)
                }
            case .scalar:
                break
            }
        }
    }

    mutating func spaces(_ n: Int) {
        out += String(repeating: " ", count: n)
    }

    /// A key written inline (`key:`), or nil when it needs the explicit `? key` form.
    func simpleKey(_ key: Node) -> String? {
        guard case .scalar = key.content else {
            return isEmptyCollection(key) ? tagPrefix(key) + (key.sequence != nil ? "[]" : "{}") : nil
        }
        // libyaml accepts implicit keys of up to 1024 characters.
        let written = inlineScalar(key)
        guard written.utf8.count < 1000 else { return nil }
        return written
    }

    // MARK: Scalars

    func scalarText(_ node: Node, indent: Int) -> String {
        guard case .scalar(let text, _) = node.content else { return "" }
        if text.contains("\n"), canWriteLiteral(node, text: text) {
            return tagPrefix(node) + literal(text, indent: indent)
        }
        return inlineScalar(node)
    }

    /// The scalar on one line: plain when it reads back the same, else double-quoted.
    func inlineScalar(_ node: Node) -> String {
        guard case .scalar(let text, let style) = node.content else { return "" }
        let value = ScalarResolver.resolve(text, style: style, tag: node.tag)
        let prefix = tagPrefix(node)
        if isPlainSafe(text), ScalarResolver.resolve(text, style: .plain, tag: node.tag) == value {
            return prefix + text
        }
        if value == .null, ScalarResolver.resolve("null", style: .plain, tag: node.tag) == .null {
            return prefix + "null"
        }
        if case .float(let d) = value, d.isNaN, style == .plain, isPlainSafe(text) {
            return prefix + text
        }
        return prefix + doubleQuoted(text)
    }

    /// Whether `text` can be written as a plain scalar in block context and be read back
    /// as the same characters (its type is checked separately).
    func isPlainSafe(_ text: String) -> Bool {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return false }
        if last == UInt8(ascii: ":") { return false }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            // `-x`, `?x` and `:x` are plain scalars (`- -c`); `- x` or `-` alone are not.
            if first == UInt8(ascii: "-") || first == UInt8(ascii: "?") || first == UInt8(ascii: ":") {
                let second = bytes.dropFirst().first
                if let second, second != UInt8(ascii: " "), second != UInt8(ascii: "\t") { break }
            }
            return false
        default:
            break
        }
        if text == "<<" || text.hasPrefix("...") || text.hasPrefix("---") { return false }
        var previous: UInt8 = 0
        var ascii = true
        for b in bytes {
            if b < 0x20 || b == 0x7F { return false }
            if b >= 0x80 { ascii = false }
            if b == UInt8(ascii: "#"), previous == UInt8(ascii: " ") { return false }
            if b == UInt8(ascii: " "), previous == UInt8(ascii: ":") { return false }
            previous = b
        }
        if ascii { return true }
        for scalar in text.unicodeScalars where scalar.value >= 0x80 {
            switch scalar.value {
            case 0x85, 0xA0, 0x2028, 0x2029, 0xFEFF: return false
            default: if !isPrintable(scalar) { return false }
            }
        }
        return true
    }

    /// Characters libyaml reads raw (outside escapes).
    func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF:
            return scalar.value != 0xFEFF
        default:
            return false
        }
    }

    func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\0": result += "\\0"
            default:
                let v = scalar.value
                if v == 0x85 {
                    result += "\\N"
                } else if v == 0x2028 {
                    result += "\\L"
                } else if v == 0x2029 {
                    result += "\\P"
                } else if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) {
                    result += "\\x" + hex(v, width: 2)
                } else if !isPrintable(scalar) {
                    result += v > 0xFFFF ? "\\U" + hex(v, width: 8) : "\\u" + hex(v, width: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A literal block reads back exactly for text of printable lines without trailing
    /// blanks that does not start with a blank or a line break.
    func canWriteLiteral(_ node: Node, text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != " ", first != "\n" else { return false }
        var previous: Unicode.Scalar = "\n"
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if previous == " " || previous == "\t" { return false }
            } else if scalar == "\t" {
                // Tabs are content inside a block, but not right at a line start.
                if previous == "\n" { return false }
            } else if !isPrintable(scalar) || scalar == "\r" || scalar.value == 0x85
                || scalar.value == 0x2028 || scalar.value == 0x2029 {
                return false
            }
            previous = scalar
        }
        return previous != " " && previous != "\t"
    }

    /// `|`, `|-` or `|+` with the lines indented at `indent`.
    func literal(_ text: String, indent: Int) -> String {
        var body = Substring(text)
        var trailingBreaks = 0
        while body.last == "\n" {
            body.removeLast()
            trailingBreaks += 1
        }
        let chomp = trailingBreaks == 0 ? "-" : trailingBreaks == 1 ? "" : "+"
        let pad = String(repeating: " ", count: max(indent, 1))
        var result = "|" + chomp
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            result += "\n"
            if !line.isEmpty { result += pad + line }
        }
        for _ in 1..<max(trailingBreaks, 1) {
            result += "\n"
        }
        return result
    }

    // MARK: Tags

    func tagPrefix(_ node: Node) -> String {
        guard let tag = node.tag else { return "" }
        return tagText(tag) + " "
    }

    func tagText(_ tag: String) -> String {
        tag.hasPrefix("!") ? tag : "!<\(tag)>"
    }

    func isScalar(_ node: Node) -> Bool {
        if case .scalar = node.content { return true }
        return false
    }

    func isEmptyCollection(_ node: Node) -> Bool {
        switch node.content {
        case .scalar: return false
        case .sequence(let items): return items.isEmpty
        case .mapping(let pairs): return pairs.isEmpty
        }
    }
}
