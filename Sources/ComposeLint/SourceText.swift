import YAMLSyntax

/// The text of the files lint reads, split into lines once and kept for suppression
/// comments, raw-value checks (was this written as `${VAR}`?) and fixes.
final class SourceCache {
    /// A file's bytes and where each line starts, for `rest(at:)`: rules ask for a value's
    /// raw text far more often than anything needs whole lines.
    private struct Bytes {
        let bytes: [UInt8]
        let lineStarts: [Int]
    }

    private var raw: [String: Bytes?] = [:]
    private var texts: [String: [Substring]?] = [:]
    /// The last file asked for: lookups come in runs of one file, and comparing the same
    /// string object is cheaper than hashing a path.
    private var last: (path: String, lines: [Substring]?)?
    private var lastRaw: (path: String, bytes: Bytes?)?
    let files: any LintFiles

    init(files: any LintFiles) {
        self.files = files
    }

    private func bytes(_ path: String) -> Bytes? {
        if let lastRaw, lastRaw.path == path { return lastRaw.bytes }
        let result: Bytes?
        if let cached = raw[path] {
            result = cached
        } else {
            result = files.read(path).map { bytes in
                var starts = [0]
                for i in bytes.indices where bytes[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
                return Bytes(bytes: bytes, lineStarts: starts)
            }
            raw[path] = result
        }
        lastRaw = (path, result)
        return result
    }

    /// The lines of a file, without line ends; `nil` when it cannot be read.
    func lines(_ path: String) -> [Substring]? {
        if let last, last.path == path { return last.lines }
        let result: [Substring]?
        if let cached = texts[path] {
            result = cached
        } else {
            result = bytes(path).map { SourceLines.split(String(decoding: $0.bytes, as: UTF8.self)) }
            texts[path] = result
        }
        last = (path, result)
        return result
    }

    /// Whether a file's text contains `needle` anywhere (a quick test before a line-by-line scan).
    func contains(_ needle: String, in path: String) -> Bool {
        guard let text = bytes(path) else { return false }
        return text.bytes.withUnsafeBufferPointer { ComposeLint.Bytes.find(needle, in: $0) != nil }
    }

    /// The whole line a mark is on (without its line end), to `body`; nil when the file
    /// cannot be read or the mark is outside it.
    private func withLine<R>(of mark: Mark, _ body: (UnsafeBufferPointer<UInt8>) -> R?) -> R? {
        guard let text = bytes(mark.file), mark.line >= 1, mark.line <= text.lineStarts.count, mark.column >= 1 else { return nil }
        let start = text.lineStarts[mark.line - 1]
        var end = mark.line < text.lineStarts.count ? text.lineStarts[mark.line] - 1 : text.bytes.count
        if end > start, text.bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return text.bytes.withUnsafeBufferPointer { all in body(UnsafeBufferPointer(rebasing: all[start..<end])) }
    }

    /// The bytes from a mark to the end of its line, when the line is ASCII (so columns are
    /// bytes and every byte is a character); nil otherwise, and then `rest(at:)` answers.
    func withASCIIRest<R>(at mark: Mark, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        withLine(of: mark) { line in
            let prefix = mark.column - 1
            guard prefix <= line.count, !line.contains(where: { $0 >= 0x80 }) else { return nil }
            return body(UnsafeBufferPointer(rebasing: line[prefix...]))
        }
    }

    /// The source text from a mark to the end of its line, as the user wrote it.
    func rest(at mark: Mark) -> Substring? {
        withLine(of: mark) { line in
            // Columns count code points; in the common all-ASCII prefix that is bytes.
            let prefix = mark.column - 1
            if prefix <= line.count, !line[0..<prefix].contains(where: { $0 >= 0x80 }) {
                return Substring(String(decoding: UnsafeBufferPointer(rebasing: line[prefix...]), as: UTF8.self))
            }
            let scalars = String(decoding: line, as: UTF8.self).unicodeScalars
            guard let from = scalars.index(scalars.startIndex, offsetBy: prefix, limitedBy: scalars.endIndex) else { return nil }
            return Substring(scalars[from...])
        }
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
            mark = pair.value.mark.isInSameFile(as: pair.key.mark) ? pair.key.mark : pair.value.mark
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

    static func find(_ needle: String, in h: UnsafeBufferPointer<UInt8>) -> Int? {
        search(needle, in: h, from: 0)
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
