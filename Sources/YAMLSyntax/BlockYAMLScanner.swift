/// A reader for the plain block-style YAML that nearly every compose file is written in,
/// which hands the tree builder the same events libyaml would, without libyaml.
///
/// It accepts a strict subset: ASCII text with `\n` line ends; block mappings and sequences
/// indented with spaces; single-line plain, single-quoted and (escape-free) double-quoted
/// scalars; one-line flow collections of scalars; anchors, aliases and tags in the simple
/// positions; comments. Anything else (tabs, `\r`, non-ASCII bytes, document markers,
/// directives, block scalars, multi-line scalars, explicit keys, escapes, and every syntax
/// error) makes it stop with `unsupported` before it has said anything that libyaml would
/// not, and the parser starts again from the beginning with libyaml, which then decides
/// (and words any error) as always. The differential tests hold the two to the same events,
/// marks included, on the corpus and on mutated input.
///
/// libyaml spent about 250 instructions a byte on compose files (48 M of the 195 M a
/// `config -q` of 500 services took); this reads them in a fraction of that.
struct BlockYAMLScanner {
    enum Failure: Error {
        /// Outside the subset: parse again with libyaml.
        case unsupported
        /// The tree builder refused an event (a duplicate key, a limit): final.
        case builder(YAMLError)
    }

    private let b: UnsafeBufferPointer<UInt8>
    private let source: SourceName
    /// Offset of the next byte to read, and of the start of its line (columns are byte
    /// offsets from there: the text is ASCII).
    private var i = 0
    private var line = 0
    private var lineStart = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, source: SourceName) {
        b = bytes
        self.source = source
    }

    /// Whether every byte is printable ASCII or `\n`: the subset's alphabet. A cheap first
    /// look, so that a file outside it costs libyaml's parse and almost nothing more.
    static func acceptsAlphabet(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        // Eight bytes at a time: a word with no byte below 0x20 and none of 0x7F or above
        // passes at once; only words holding a line end or a stranger are looked at byte by byte.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        while i + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            let below20 = (word &- ones &* 0x20) & ~word
            let from7F = (word &+ ones) & highs | word & highs
            if (below20 & highs) | from7F != 0 {
                for byte in UnsafeBufferPointer(rebasing: bytes[i..<(i + 8)]) where byte > 0x7E || (byte < 0x20 && byte != 0x0A) {
                    return false
                }
            }
            i += 8
        }
        for byte in UnsafeBufferPointer(rebasing: bytes[i...]) where byte > 0x7E || (byte < 0x20 && byte != 0x0A) { return false }
        return true
    }

    // MARK: Bytes and positions

    private var atEnd: Bool { i >= b.count }
    private func byte(_ at: Int) -> UInt8 { at < b.count ? b[at] : 0 }
    private var current: UInt8 { byte(i) }
    private var column: Int { i - lineStart }

    private func mark(_ offset: Int) -> Mark {
        Mark(source: source, line: line + 1, column: offset - lineStart + 1)
    }

    private static let space = UInt8(ascii: " ")
    private static let newline = UInt8(ascii: "\n")
    private static let hash = UInt8(ascii: "#")
    private static let colon = UInt8(ascii: ":")
    private static let dash = UInt8(ascii: "-")

    private func isBlankOrEnd(_ at: Int) -> Bool {
        at >= b.count || b[at] == Self.space || b[at] == Self.newline
    }

    private mutating func skipSpaces() {
        while i < b.count, b[i] == Self.space { i += 1 }
    }

    /// After a node on its line: only spaces and a comment may follow; moves past the line end.
    private mutating func endOfLine() throws(Failure) {
        skipSpaces()
        if i < b.count, b[i] == Self.hash {
            while i < b.count, b[i] != Self.newline { i += 1 }
        }
        guard atEnd || current == Self.newline else { throw .unsupported }
        if !atEnd { nextLine() }
    }

    private mutating func nextLine() {
        i += 1
        line += 1
        lineStart = i
    }

    /// Moves to the first byte of the next line with content, skipping blank lines and
    /// comment lines. Returns its indentation, or nil at the end of the input. The
    /// position is then at that first byte. Called at the start of a line, or at the first
    /// byte of a line's content (where a nested collection stopped), so the indentation is
    /// the column. A document marker (`---`, `...`) in column 0 is left to libyaml.
    private mutating func nextContentLine() throws(Failure) -> Int? {
        while !atEnd {
            skipSpaces()
            if atEnd { return nil }
            if current == Self.newline {
                nextLine()
                continue
            }
            if current == Self.hash {
                while i < b.count, b[i] != Self.newline { i += 1 }
                if !atEnd { nextLine() }
                continue
            }
            if column == 0, current == Self.dash || current == UInt8(ascii: "."), byte(i + 1) == current, byte(i + 2) == current, isBlankOrEnd(i + 3) {
                throw .unsupported
            }
            return column
        }
        return nil
    }

    /// The indentation of the next non-blank line (comments count), without moving.
    private func peekIndent() -> Int? {
        var j = i
        while j < b.count {
            var k = j
            while k < b.count, b[k] == Self.space { k += 1 }
            if k >= b.count { return nil }
            if b[k] == Self.newline {
                j = k + 1
                continue
            }
            return k - j
        }
        return nil
    }

    // MARK: The stream

    /// Reads the whole input into `builder`, or stops at the first thing outside the subset.
    mutating func scan(into builder: inout TreeBuilder) throws(Failure) {
        guard try nextContentLine() != nil else { return }
        // Directives: libyaml (document markers stop `nextContentLine`).
        if current == UInt8(ascii: "%") { throw .unsupported }
        let indent = column
        builder.documentStart(mark(i))
        try blockNode(parentIndent: -1, at: indent, properties: nil, builder: &builder)
        guard try nextContentLine() == nil else { throw .unsupported }
        builder.documentEnd()
    }

    /// Anchor and tag written before a node, and where the first of them starts.
    private struct Properties {
        var anchor: String?
        var tag: String?
        var mark: Mark
    }

    /// A block collection starting at the current position (the first byte of a line's
    /// content, at `indent`): a sequence when it starts with `- `, otherwise a mapping.
    private mutating func blockNode(parentIndent: Int, at indent: Int, properties: Properties?, builder: inout TreeBuilder) throws(Failure) {
        guard indent > parentIndent else { throw .unsupported }
        if current == Self.dash && isBlankOrEnd(i + 1) {
            try blockSequence(indent: indent, properties: properties, builder: &builder)
        } else {
            try blockMapping(indent: indent, properties: properties, builder: &builder)
        }
    }

    private mutating func blockSequence(indent: Int, properties: Properties?, builder: inout TreeBuilder) throws(Failure) {
        try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in
            try b.collectionStart(sequence: true, tag: properties?.tag, anchor: properties?.anchor, mark: properties?.mark ?? mark(i))
        }
        while true {
            // At a `-` at `indent`.
            let afterDash = i + 1
            i += 1
            try value(parentIndent: indent, emptyMark: mark(afterDash), inSequence: true, builder: &builder)
            guard let next = try nextContentLine() else { break }
            if next < indent { break }
            guard next == indent else { throw .unsupported }
            guard current == Self.dash && isBlankOrEnd(i + 1) else { break }
        }
        try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in try b.collectionEnd() }
    }

    /// A block mapping whose first key is at the current position, in column `indent`.
    private mutating func blockMapping(indent: Int, properties: Properties?, builder: inout TreeBuilder) throws(Failure) {
        try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in
            try b.collectionStart(sequence: false, tag: properties?.tag, anchor: properties?.anchor, mark: properties?.mark ?? mark(i))
        }
        while true {
            let keyStart = i
            guard let (text, style) = try scalar(flow: false, key: true) else { throw .unsupported }
            guard i - keyStart <= 1000 else { throw .unsupported }
            skipSpaces()
            guard current == Self.colon, isBlankOrEnd(i + 1) else { throw .unsupported }
            try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in
                try b.scalar(text, style, tag: nil, anchor: nil, mark: mark(keyStart))
            }
            i += 1
            try value(parentIndent: indent, emptyMark: mark(i), inSequence: false, builder: &builder)
            guard let next = try nextContentLine() else { break }
            if next < indent { break }
            guard next == indent else { throw .unsupported }
            // An indentless sequence ends a mapping value; a `-` here after a scalar value is an error.
            if current == Self.dash && isBlankOrEnd(i + 1) { throw .unsupported }
        }
        try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in try b.collectionEnd() }
    }

    /// The value after a mapping's `:` or a sequence's `-`, up to the end of its node.
    private mutating func value(parentIndent: Int, emptyMark: Mark, inSequence: Bool, builder: inout TreeBuilder) throws(Failure) {
        guard atEnd || current == Self.space || current == Self.newline else { throw .unsupported }
        skipSpaces()
        var properties: Properties?
        while current == UInt8(ascii: "&") || current == UInt8(ascii: "!") {
            let start = i
            let isAnchor = current == UInt8(ascii: "&")
            i += 1
            let nameStart = i
            while i < b.count, !isBlankOrEnd(i), isAnchor ? Self.isAnchorByte(b[i]) : Self.isTagByte(b[i]) { i += 1 }
            guard i > nameStart, isBlankOrEnd(i) else { throw .unsupported }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<i]), as: UTF8.self)
            var p = properties ?? Properties(mark: mark(start))
            if isAnchor {
                guard p.anchor == nil else { throw .unsupported }
                p.anchor = name
            } else {
                guard p.tag == nil, let tag = Self.tag(name) else { throw .unsupported }
                p.tag = tag
            }
            properties = p
            skipSpaces()
        }
        // Nothing more on this line: a block collection below, or an empty value.
        if atEnd || current == Self.newline || current == Self.hash {
            try endOfLine()
            let resume = (i, line, lineStart)
            if let next = try nextContentLine() {
                if next > parentIndent {
                    return try blockNode(parentIndent: parentIndent, at: next, properties: properties, builder: &builder)
                }
                if next == parentIndent, !inSequence, current == Self.dash, isBlankOrEnd(i + 1) {
                    // `key:` followed by `- item` at the key's own indentation.
                    return try blockSequence(indent: next, properties: properties, builder: &builder)
                }
            }
            // An empty value, which libyaml marks just past its indicator.
            guard properties == nil else { throw .unsupported }
            (i, line, lineStart) = resume
            return try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in
                try b.scalar("", .plain, tag: nil, anchor: nil, mark: emptyMark)
            }
        }
        let start = i
        let nodeMark = properties?.mark ?? mark(start)
        switch current {
        case UInt8(ascii: "*"):
            guard properties == nil else { throw .unsupported }
            i += 1
            let nameStart = i
            while i < b.count, !isBlankOrEnd(i), Self.isAnchorByte(b[i]) { i += 1 }
            guard i > nameStart, isBlankOrEnd(i) else { throw .unsupported }
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[nameStart..<i]), as: UTF8.self)
            try finishInline(parentIndent: parentIndent)
            try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in try b.alias(name, mark: nodeMark) }
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            // Told as it is read, like everything else here: every event is one libyaml gives
            // too, in the same order, so the builder's own errors come at the same event; a
            // collection that runs past its line ends the scan, and libyaml starts over.
            try flowNode(&builder, first: properties, depth: 0)
            try finishInline(parentIndent: parentIndent)
        case UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"), UInt8(ascii: "?"), UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"):
            throw .unsupported
        default:
            guard let (text, style) = try scalar(flow: false, key: false) else { throw .unsupported }
            let afterScalar = i
            skipSpaces()
            if current == Self.colon && isBlankOrEnd(i + 1) {
                // `- key: value`: a mapping inside a sequence entry, indented at its key.
                guard inSequence, properties == nil else { throw .unsupported }
                i = start
                return try blockMapping(indent: start - lineStart, properties: nil, builder: &builder)
            }
            i = afterScalar
            try finishInline(parentIndent: parentIndent)
            try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in
                try b.scalar(text, style, tag: properties?.tag, anchor: properties?.anchor, mark: nodeMark)
            }
        }
    }

    /// After an inline value: the rest of the line must be blank or a comment, and the next
    /// line must not be indented deeper (it would continue the scalar, or be an error).
    private mutating func finishInline(parentIndent: Int) throws(Failure) {
        try endOfLine()
        if let next = peekIndent(), next > parentIndent { throw .unsupported }
    }

    /// libyaml's anchor characters: letters, digits, `-` and `_`.
    private static func isAnchorByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }

    /// What a tag may be made of here (`tag(_:)` then narrows it to a handle and a word).
    private static func isTagByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): return false
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "%"), UInt8(ascii: "^"), UInt8(ascii: "|"), UInt8(ascii: "`"):
            return false
        default: return c > 0x20 && c < 0x7F
        }
    }

    /// `!name` as the builder keeps it (`!reset`, `!override`), `!!name` for the core schema's
    /// tags; other handles and verbatim tags are left to libyaml.
    private static func tag(_ name: String) -> String? {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next() else { return nil }
        if first == UInt8(ascii: "!") {
            let rest = name.dropFirst()
            guard !rest.isEmpty, !rest.contains("!") else { return nil }
            return "!!" + rest
        }
        guard !name.contains("!") else { return nil }
        // Only word characters: libyaml decodes `%xx` in a tag, and a `:` or `/` in one
        // could be read as a URI.
        for c in name.utf8 {
            let word = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
            guard word else { return nil }
        }
        return "!" + name
    }

    // MARK: Scalars

    /// A plain or quoted scalar at the current position, on one line, or nil when none starts
    /// here. Moves past it (and, for a plain scalar, not past its trailing spaces).
    private mutating func scalar(flow: Bool, key: Bool) throws(Failure) -> (String, ScalarStyle)? {
        let c = current
        if c == UInt8(ascii: "'") { return (try singleQuoted(), .singleQuoted) }
        if c == UInt8(ascii: "\"") { return (try doubleQuoted(), .doubleQuoted) }
        guard !atEnd, c != Self.newline, c != Self.space else { return nil }
        // Indicators that cannot start a plain scalar (and `-`, `?`, `:` unless a non-blank follows).
        switch c {
        case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ","), Self.hash,
             UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"),
             UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            return nil
        case Self.dash, UInt8(ascii: "?"), Self.colon:
            let next = byte(i + 1)
            if isBlankOrEnd(i + 1) { return nil }
            // In a flow collection `?` and `:` are always indicators (libyaml).
            if flow && c != Self.dash { return nil }
            if flow && (next == UInt8(ascii: ",") || next == UInt8(ascii: "[") || next == UInt8(ascii: "]") || next == UInt8(ascii: "{") || next == UInt8(ascii: "}")) {
                return nil
            }
        default:
            break
        }
        let start = i
        var end = i  // just past the last non-space byte
        while i < b.count {
            let x = b[i]
            if x == Self.newline { break }
            if x == Self.colon {
                let next = byte(i + 1)
                if isBlankOrEnd(i + 1) { break }
                if flow && (next == UInt8(ascii: ",") || next == UInt8(ascii: "[") || next == UInt8(ascii: "]") || next == UInt8(ascii: "{") || next == UInt8(ascii: "}")) {
                    break
                }
            }
            if x == Self.hash && i > start && b[i - 1] == Self.space { break }
            if flow && (x == UInt8(ascii: ",") || x == UInt8(ascii: "[") || x == UInt8(ascii: "]") || x == UInt8(ascii: "{") || x == UInt8(ascii: "}")) {
                break
            }
            i += 1
            if x != Self.space { end = i }
        }
        i = end
        return (String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self), .plain)
    }

    private mutating func singleQuoted() throws(Failure) -> String {
        i += 1
        var text: [UInt8] = []
        while true {
            guard i < b.count, b[i] != Self.newline else { throw .unsupported }
            if b[i] == UInt8(ascii: "'") {
                if byte(i + 1) == UInt8(ascii: "'") {
                    text.append(UInt8(ascii: "'"))
                    i += 2
                    continue
                }
                i += 1
                return String(decoding: text, as: UTF8.self)
            }
            text.append(b[i])
            i += 1
        }
    }

    private mutating func doubleQuoted() throws(Failure) -> String {
        i += 1
        let start = i
        while true {
            guard i < b.count, b[i] != Self.newline, b[i] != UInt8(ascii: "\\") else { throw .unsupported }
            if b[i] == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return text
            }
            i += 1
        }
    }

    // MARK: Flow collections (on one line)

    private mutating func flowNode(_ builder: inout TreeBuilder, first properties: Properties?, depth: Int) throws(Failure) {
        guard depth < 64 else { throw .unsupported }
        let open = current
        let isSequence = open == UInt8(ascii: "[")
        let close = isSequence ? UInt8(ascii: "]") : UInt8(ascii: "}")
        let m = properties?.mark ?? mark(i)
        try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in
            try b.collectionStart(sequence: isSequence, tag: properties?.tag, anchor: properties?.anchor, mark: m)
        }
        i += 1
        while true {
            skipSpaces()
            if current == close {
                i += 1
                try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in try b.collectionEnd() }
                return
            }
            // One entry: a scalar or a nested collection (a sequence), or `key: value` (a mapping).
            try flowEntry(&builder, depth: depth)
            if !isSequence {
                skipSpaces()
                guard current == Self.colon else { throw .unsupported }
                i += 1
                guard current == Self.space else { throw .unsupported }
                skipSpaces()
                guard current != UInt8(ascii: ","), current != close else { throw .unsupported }
                try flowEntry(&builder, depth: depth)
            }
            skipSpaces()
            if current == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard current == close else { throw .unsupported }
        }
    }

    /// A scalar or a nested collection. What may follow it (`,`, the closing bracket, or a
    /// mapping key's `:`) is checked by the caller, so `[a: b]` stops there.
    private mutating func flowEntry(_ builder: inout TreeBuilder, depth: Int) throws(Failure) {
        let start = i
        if current == UInt8(ascii: "[") || current == UInt8(ascii: "{") {
            return try flowNode(&builder, first: nil, depth: depth + 1)
        }
        guard let (text, style) = try scalar(flow: true, key: false) else { throw .unsupported }
        let m = mark(start)
        try emit(&builder) { (b: inout TreeBuilder) throws(YAMLError) in try b.scalar(text, style, tag: nil, anchor: nil, mark: m) }
    }

    private func emit(_ builder: inout TreeBuilder, _ body: (inout TreeBuilder) throws(YAMLError) -> Void) throws(Failure) {
        do throws(YAMLError) {
            try body(&builder)
        } catch {
            throw .builder(error)
        }
    }
}
