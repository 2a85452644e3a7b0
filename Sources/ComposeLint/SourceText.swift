import YAMLSyntax

/// The text of the files lint reads, split into lines once and kept for suppression
/// comments, raw-value checks (was this written as `${VAR}`?) and fixes.
final class SourceCache {
    private var texts: [String: [Substring]?] = [:]
    let files: any LintFiles

    init(files: any LintFiles) {
        self.files = files
    }

    /// The lines of a file, without line ends; `nil` when it cannot be read.
    func lines(_ path: String) -> [Substring]? {
        if let cached = texts[path] { return cached }
        let result = files.read(path).map { SourceLines.split(String(decoding: $0, as: UTF8.self)) }
        texts[path] = result
        return result
    }

    /// The source text from a mark to the end of its line, as the user wrote it.
    func rest(at mark: Mark) -> Substring? {
        guard let lines = lines(mark.file), lines.indices.contains(mark.line - 1) else { return nil }
        let line = lines[mark.line - 1]
        let utf8 = line.utf8
        // Columns count code points; in the common all-ASCII prefix that is bytes.
        if let start = utf8.index(utf8.startIndex, offsetBy: mark.column - 1, limitedBy: utf8.endIndex),
           !utf8[utf8.startIndex..<start].contains(where: { $0 >= 0x80 }) {
            return line[start...]
        }
        let scalars = line.unicodeScalars
        guard let start = scalars.index(scalars.startIndex, offsetBy: mark.column - 1, limitedBy: scalars.endIndex) else { return nil }
        return Substring(scalars[start...])
    }
}

enum SourceLines {
    /// Splits at `\n` bytes (a trailing `\r` is dropped), without walking Characters.
    static func split(_ text: String) -> [Substring] {
        // The newlines' offsets from the contiguous bytes first (walking `String.Index`es cost
        // about 15 instructions a byte), then one index per line.
        var copy = text
        let newlines: [Int] = copy.withUTF8 { bytes in
            var found: [Int] = []
            for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") { found.append(i) }
            return found
        }
        let utf8 = text.utf8
        var lines: [Substring] = []
        lines.reserveCapacity(newlines.count + 1)
        var start = utf8.startIndex
        for offset in newlines {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(line(text, start, end))
            start = utf8.index(after: end)
        }
        lines.append(line(text, start, utf8.endIndex))
        return lines
    }

    private static func line(_ text: String, _ start: String.Index, _ end: String.Index) -> Substring {
        var end = end
        if end > start, text.utf8[text.utf8.index(before: end)] == UInt8(ascii: "\r") { end = text.utf8.index(before: end) }
        return text[start..<end]
    }

    static func indent(_ line: Substring) -> Int {
        line.prefix { $0 == " " }.count
    }

    static func isBlankOrComment(_ line: Substring) -> Bool {
        let t = line.drop { $0 == " " || $0 == "\t" }
        return t.isEmpty || t.first == "#"
    }
}

/// A service as lint sees it: the typed model and the located source nodes.
struct ServiceView {
    let name: String
    let key: Node
    let node: Node

    func value(_ path: String...) -> Node? {
        var current = node
        for component in path {
            guard let next = current[component] else { return nil }
            current = next
        }
        return current
    }

    /// The key mark when present, otherwise the service's own key line. When a later `-f`
    /// file replaced the value, the key is still the first file's: the value's own mark
    /// then says where the effective value was set.
    func mark(_ path: String...) -> Mark {
        var current = node
        var mark = key.mark
        for component in path {
            guard let pair = current.mapping?.first(where: { $0.key.scalar == component }) else { return mark }
            mark = pair.value.mark.file == pair.key.mark.file ? pair.key.mark : pair.value.mark
            current = pair.value
        }
        return mark
    }
}

extension Node {
    /// Where an entry of a list (or a key of a mapping) is: the first item that matches.
    func entryMark(where matches: (Node) -> Bool) -> Mark? {
        switch content {
        case .sequence(let items): return items.first(where: matches)?.mark
        case .mapping(let pairs): return pairs.first(where: { matches($0.key) })?.key.mark
        case .scalar: return nil
        }
    }
}

/// Byte-level substring search: lint checks thousands of short values, and the
/// Character-level algorithms cost more than the rules themselves.
enum Bytes {
    static func find(_ needle: String, in haystack: some StringProtocol, from start: Int = 0) -> Int? {
        // Native strings are contiguous UTF-8: search them in place, without copying.
        if let found = haystack.utf8.withContiguousStorageIfAvailable({ search(needle, in: $0, from: start) }) { return found }
        return Array(haystack.utf8).withUnsafeBufferPointer { search(needle, in: $0, from: start) }
    }

    private static func search(_ needle: String, in h: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var needle = needle
        return needle.withUTF8 { n in
            guard let first = n.first, h.count >= n.count, start <= h.count - n.count else { return nil }
            var i = start
            while i <= h.count - n.count {
                if h[i] == first {
                    var j = 1
                    while j < n.count, h[i + j] == n[j] { j += 1 }
                    if j == n.count { return i }
                }
                i += 1
            }
            return nil
        }
    }

    static func contains(_ needle: String, in haystack: some StringProtocol) -> Bool {
        find(needle, in: haystack) != nil
    }
}
