import CLibYAML

/// Reads YAML text into `Node` trees with libyaml's event parser.
///
/// The tree is built iteratively (an explicit stack, no recursion), so deeply nested input
/// ends in a located error rather than a crash. Anchors and aliases are expanded (an alias
/// copy keeps the alias's own position), `<<` merge keys are applied, and duplicate keys,
/// excessive aliasing and excessive nesting are reported with their position.
public enum YAMLParser {
    /// Limits that protect against hostile or broken input.
    public struct Options: Sendable {
        /// Total nodes in the stream, counting every node created by alias expansion.
        public var maxNodes: Int
        /// Nodes created by alias expansion in the stream (a billion-laughs guard).
        public var maxAliasExpansion: Int
        /// Deepest nesting of collections, counting alias expansion.
        public var maxDepth: Int

        /// Read plain block-style text with `BlockYAMLScanner` first, and with libyaml only
        /// when the text is outside its subset. Off: libyaml always (the differential tests).
        public var blockScanner: Bool

        public init(maxNodes: Int = 1_000_000, maxAliasExpansion: Int = 100_000, maxDepth: Int = 256, blockScanner: Bool = true) {
            self.maxNodes = maxNodes
            self.maxAliasExpansion = maxAliasExpansion
            self.maxDepth = maxDepth
            self.blockScanner = blockScanner
        }
    }

    /// All documents of a stream; throws the first error (syntax, duplicate key, limits).
    /// An empty stream gives `[]`.
    public static func parse(_ bytes: [UInt8], file: String, options: Options = .init()) throws(YAMLError) -> [Node] {
        var builder = TreeBuilder(file: file, options: options, collectDuplicates: false)
        try builder.run(bytes)
        return builder.documents
    }

    /// All documents of a stream; throws the first error (syntax, duplicate key, limits).
    public static func parse(_ text: String, file: String, options: Options = .init()) throws(YAMLError) -> [Node] {
        try parse(Array(text.utf8), file: file, options: options)
    }

    /// Like `parse`, but duplicate-key errors are collected (the later key wins) instead of
    /// thrown; syntax errors and limit errors still throw.
    public static func parseCollecting(
        _ bytes: [UInt8], file: String, options: Options = .init()
    ) throws(YAMLError) -> (documents: [Node], errors: [YAMLError]) {
        var builder = TreeBuilder(file: file, options: options, collectDuplicates: true)
        try builder.run(bytes)
        return (builder.documents, builder.collected)
    }

    /// Like `parse`, but duplicate-key errors are collected instead of thrown.
    public static func parseCollecting(
        _ text: String, file: String, options: Options = .init()
    ) throws(YAMLError) -> (documents: [Node], errors: [YAMLError]) {
        try parseCollecting(Array(text.utf8), file: file, options: options)
    }
}

/// Turns parse events (libyaml's, or the block scanner's) into nodes.
struct TreeBuilder {
    enum Kind { case document, sequence, mapping }

    /// A collection (or document) being built. Its children so far are `nodes` from `start` up:
    /// the items of a sequence, the root of a document, or a mapping's keys and values in turn.
    struct Frame {
        var kind: Kind
        var tag: String?
        var anchor: String?
        var mark: Mark
        var start: Int
        var hasMergeKey = false
        /// Nodes in this subtree, itself included.
        var size = 1
        /// Collection nesting below this node (0 for a collection of scalars).
        var height = 0
    }

    struct Anchored {
        var node: Node
        var size: Int
        var height: Int
    }

    let file: String
    /// `file`, interned once for every mark of this parse.
    let source: SourceName
    let options: YAMLParser.Options
    let collectDuplicates: Bool
    var documents: [Node] = []
    var collected: [YAMLError] = []

    var stack: [Frame] = []
    /// The children of every open collection, one after the other.
    var nodes = NodeStack()
    var anchors: [String: Anchored] = [:]
    var nodeCount = 0
    var aliasCount = 0

    init(file: String, options: YAMLParser.Options, collectDuplicates: Bool) {
        self.file = file
        self.source = SourceName(file)
        self.options = options
        self.collectDuplicates = collectDuplicates
    }

    /// Whether the last `run` read its input with the block scanner (for the tests).
    private(set) var usedBlockScanner = false

    mutating func run(_ bytes: [UInt8]) throws(YAMLError) {
        if options.blockScanner {
            let outcome: Result<Bool, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
                guard BlockYAMLScanner.acceptsAlphabet(buffer) else { return .success(false) }
                var scanner = BlockYAMLScanner(buffer, source: source)
                do throws(BlockYAMLScanner.Failure) {
                    try scanner.scan(into: &self)
                    return .success(true)
                } catch {
                    switch error {
                    case .unsupported: return .success(false)
                    case .builder(let e): return .failure(e)
                    }
                }
            }
            if try outcome.get() {
                usedBlockScanner = true
                return
            }
            // Outside the subset: start again, from nothing, with libyaml.
            self = TreeBuilder(file: file, options: options, collectDuplicates: collectDuplicates)
        }
        try runLibYAML(bytes)
    }

    private mutating func runLibYAML(_ bytes: [UInt8]) throws(YAMLError) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(message: "cannot initialize the YAML parser", mark: Mark(file: file, line: 1, column: 1))
        }
        defer { yaml_parser_delete(&parser) }

        // libyaml keeps a pointer to the input: the buffer must outlive the whole parse.
        let result: Result<Void, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            let empty: [UInt8] = [0]
            return empty.withUnsafeBufferPointer { fallback in
                let base = buffer.baseAddress ?? fallback.baseAddress
                guard let base else {
                    return .failure(YAMLError(message: "no input buffer", mark: Mark(file: file, line: 1, column: 1)))
                }
                yaml_parser_set_input_string(&parser, base, buffer.count)
                do throws(YAMLError) {
                    try loop(&parser, bytes: buffer)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
        }
        try result.get()
    }

    private mutating func loop(_ parser: inout yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) throws(YAMLError) {
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw syntaxError(parser, bytes: bytes)
            }
            defer { yaml_event_delete(&event) }
            let mark = self.mark(event.start_mark)
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documentStart(mark)
            case YAML_DOCUMENT_END_EVENT:
                documentEnd()
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let style: ScalarStyle
                switch s.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: style = .literal
                case YAML_FOLDED_SCALAR_STYLE: style = .folded
                default: style = .plain
                }
                try scalar(Self.string(s.value, s.length), style, tag: Self.tag(s.tag), anchor: s.anchor.map { Self.string($0) }, mark: mark)
            case YAML_ALIAS_EVENT:
                try alias(Self.string(event.data.alias.anchor), mark: mark)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let isSequence = event.type == YAML_SEQUENCE_START_EVENT
                let anchor = isSequence ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                let tag = isSequence ? event.data.sequence_start.tag : event.data.mapping_start.tag
                try collectionStart(sequence: isSequence, tag: Self.tag(tag), anchor: anchor.map { Self.string($0) }, mark: mark)
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                try collectionEnd()
            default:
                continue
            }
        }
    }

    // MARK: Events

    mutating func documentStart(_ mark: Mark) {
        // Anchors are scoped to their document; the node limits cover the whole stream.
        anchors.removeAll(keepingCapacity: true)
        stack.append(Frame(kind: .document, mark: mark, start: nodes.count))
    }

    mutating func documentEnd() {
        if let frame = stack.popLast(), let root = nodes.popArray(from: frame.start).first {
            documents.append(root)
        }
    }

    mutating func scalar(_ text: String, _ style: ScalarStyle, tag: String?, anchor: String?, mark: Mark) throws(YAMLError) {
        try countNodes(1, at: mark)
        let node = Node(.scalar(text, style), tag: tag, mark: mark)
        if let anchor {
            anchors[anchor] = Anchored(node: node, size: 1, height: 0)
        }
        try add(node, size: 1, height: 0)
    }

    mutating func alias(_ name: String, mark: Mark) throws(YAMLError) {
        guard let target = anchors[name] else {
            throw YAMLError(message: "unknown anchor '\(name)' referenced", mark: mark)
        }
        aliasCount += target.size
        if aliasCount > options.maxAliasExpansion {
            throw YAMLError(message: "excessive aliasing", mark: mark)
        }
        try countNodes(target.size, at: mark)
        if collectionDepth + target.height > options.maxDepth {
            throw YAMLError(message: "exceeded max depth of \(options.maxDepth)", mark: mark)
        }
        var node = target.node
        node.mark = mark
        try add(node, size: target.size, height: target.height)
    }

    mutating func collectionStart(sequence: Bool, tag: String?, anchor: String?, mark: Mark) throws(YAMLError) {
        if collectionDepth >= options.maxDepth {
            throw YAMLError(message: "exceeded max depth of \(options.maxDepth)", mark: mark)
        }
        try countNodes(1, at: mark)
        stack.append(Frame(kind: sequence ? .sequence : .mapping, tag: tag, anchor: anchor, mark: mark, start: nodes.count))
    }

    mutating func collectionEnd() throws(YAMLError) {
        guard let frame = stack.popLast() else { return }
        let node: Node
        if frame.kind == .sequence {
            node = Node(.sequence(nodes.popArray(from: frame.start)), tag: frame.tag, mark: frame.mark)
        } else {
            node = Node(.mapping(try buildMapping(nodes.popPairs(from: frame.start), hasMergeKey: frame.hasMergeKey)), tag: frame.tag, mark: frame.mark)
        }
        let height = frame.height + 1
        if let anchor = frame.anchor {
            anchors[anchor] = Anchored(node: node, size: frame.size, height: height)
        }
        try add(node, size: frame.size, height: height)
    }

    /// Collections currently open.
    private var collectionDepth: Int { stack.isEmpty ? 0 : stack.count - 1 }

    private mutating func countNodes(_ n: Int, at mark: Mark) throws(YAMLError) {
        nodeCount += n
        if nodeCount > options.maxNodes {
            throw YAMLError(message: "too many nodes (more than \(options.maxNodes))", mark: mark)
        }
    }

    private mutating func add(_ node: consuming Node, size: Int, height: Int) throws(YAMLError) {
        guard !stack.isEmpty else { return }
        let top = stack.count - 1
        // A mapping's keys are its even children.
        if stack[top].kind == .mapping, (nodes.count - stack[top].start) & 1 == 0, Self.isMergeKey(node) {
            stack[top].hasMergeKey = true
        }
        nodes.push(node)
        if stack[top].kind != .document {
            stack[top].size += size
            stack[top].height = max(stack[top].height, height)
        }
    }

    // MARK: Mappings: merge keys and duplicates

    /// Identity of a key for duplicate detection: scalars by resolved value; other keys
    /// (collections, which the loader rejects anyway) are never duplicates.
    private enum KeyID: Hashable {
        case scalar(ScalarValue)
    }

    /// The keys a merge has placed: a list while it is short (compose mappings are), a set
    /// beyond. Building a `Set` for each `<<` cost about 10 000 instructions.
    private struct SeenKeys {
        var list: [KeyID]
        var set: Set<KeyID>?

        init(_ ids: [KeyID]) {
            list = ids
            if ids.count > 16 { set = Set(ids) }
        }

        /// Adds `id`; false when it was there already.
        mutating func insert(_ id: KeyID) -> Bool {
            if set != nil { return set!.insert(id).inserted }
            if list.contains(id) { return false }
            list.append(id)
            if list.count > 16 { set = Set(list) }
            return true
        }
    }

    private static func keyID(_ key: Node) -> KeyID? {
        guard case .scalar = key.content, let value = key.resolved else { return nil }
        return .scalar(value)
    }

    private static func isMergeKey(_ key: Node) -> Bool {
        guard case .scalar(let text, .plain) = key.content, text.utf8.count == 2, text == "<<" else { return false }
        return key.tag == nil || key.tag == "!!merge"
    }

    private mutating func buildMapping(_ pairs: [Node.Pair], hasMergeKey: Bool) throws(YAMLError) -> [Node.Pair] {
        if !hasMergeKey, let unique = textKeyedPairs(pairs) { return unique }
        var explicit = pairs
        var merges: [(position: Int, sources: [Node])] = []
        if hasMergeKey {
            explicit.removeAll(keepingCapacity: true)
            for pair in pairs {
                if Self.isMergeKey(pair.key) {
                    merges.append((explicit.count, try Self.mergeSources(pair.value)))
                } else {
                    explicit.append(pair)
                }
            }
        }
        var ids = explicit.map { Self.keyID($0.key) }
        let removed = try replaceDuplicates(&explicit, ids: ids)
        if !removed.isEmpty {
            for m in merges.indices {
                merges[m].position -= removed.count { $0 < merges[m].position }
            }
            explicit = explicit.indices.filter { !removed.contains($0) }.map { explicit[$0] }
            ids = ids.indices.filter { !removed.contains($0) }.map { ids[$0] }
        }
        if merges.isEmpty { return explicit }

        // Merged pairs are defaults: explicit keys win, and earlier sources win over later ones.
        var seen = SeenKeys(ids.compactMap { $0 })
        var result: [Node.Pair] = []
        result.reserveCapacity(explicit.count)
        var next = 0
        for merge in merges {
            while next < merge.position {
                result.append(explicit[next])
                next += 1
            }
            for source in merge.sources {
                guard case .mapping(let pairs) = source.content else { continue }
                for pair in pairs {
                    if let id = Self.keyID(pair.key), !seen.insert(id) { continue }
                    result.append(pair)
                }
            }
        }
        while next < explicit.count {
            result.append(explicit[next])
            next += 1
        }
        return result
    }

    /// The usual mapping, whose keys are all strings by their text alone (quoted, or plain
    /// words that do not spell null, true or false, untagged): duplicates are equal texts, found
    /// without resolving each key. The pairs when no key repeats; nil otherwise (a repeat, or a
    /// key that needs resolving), for the general path to handle and report.
    private func textKeyedPairs(_ pairs: [Node.Pair]) -> [Node.Pair]? {
        guard pairs.count > 1 else { return pairs }
        let distinct = pairs.withUnsafeBufferPointer { pairs -> Bool in
            var keys: [String] = []
            keys.reserveCapacity(pairs.count)
            for i in pairs.indices {
                guard let text = Self.textKey(pairs[i].key) else { return false }
                keys.append(text)
            }
            if keys.count <= 16 {
                for j in 1..<keys.count {
                    for i in 0..<j where keys[i] == keys[j] { return false }
                }
                return true
            }
            return Set(keys).count == keys.count
        }
        return distinct ? pairs : nil
    }

    /// A key's text when the text alone makes it a string (see `textKeyedPairs`).
    private static func textKey(_ key: Node) -> String? {
        guard key.tag == nil, case .scalar(let text, let style) = key.content else { return nil }
        if style != .plain { return text }
        guard let first = text.utf8.first else { return nil }
        let lower = first | 0x20
        guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return nil }
        if lower == UInt8(ascii: "n") || lower == UInt8(ascii: "t") || lower == UInt8(ascii: "f") {
            switch text {
            case "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE": return nil
            default: break
            }
        }
        return text
    }

    /// Reports keys defined twice; when collecting, the later pair replaces the earlier one
    /// in the earlier one's position, and the later positions are returned for removal.
    private mutating func replaceDuplicates(_ pairs: inout [Node.Pair], ids: [KeyID?]) throws(YAMLError) -> Set<Int> {
        guard pairs.count > 1 else { return [] }
        var duplicates: [(earlier: Int, later: Int)] = []
        if pairs.count <= 16 {
            // Small mappings, the usual case: a quadratic scan beats hashing.
            for j in 1..<ids.count {
                guard let id = ids[j] else { continue }
                for i in 0..<j where ids[i] == id {
                    duplicates.append((i, j))
                    break
                }
            }
        } else {
            var first: [KeyID: Int] = [:]
            first.reserveCapacity(ids.count)
            for (j, id) in ids.enumerated() {
                guard let id else { continue }
                if let i = first[id] {
                    duplicates.append((i, j))
                } else {
                    first[id] = j
                }
            }
        }
        guard !duplicates.isEmpty else { return [] }
        let original = pairs
        var removed = Set<Int>()
        for (earlier, later) in duplicates {
            let key = original[later].key
            let error = YAMLError(
                message: "mapping key \(Self.quoted(key)) already defined at line \(original[earlier].key.mark.line)",
                mark: key.mark
            )
            guard collectDuplicates else { throw error }
            collected.append(error)
            pairs[earlier] = original[later]
            removed.insert(later)
        }
        return removed
    }

    private static func mergeSources(_ value: Node) throws(YAMLError) -> [Node] {
        switch value.content {
        case .mapping:
            return [value]
        case .sequence(let items):
            for item in items {
                guard case .mapping = item.content else {
                    throw YAMLError(
                        message: "map merge requires map or sequence of maps as the value", mark: item.mark)
                }
            }
            return items
        case .scalar:
            throw YAMLError(message: "map merge requires map or sequence of maps as the value", mark: value.mark)
        }
    }

    private static func quoted(_ key: Node) -> String {
        if case .scalar(let text, _) = key.content { return "\"\(text)\"" }
        return key.kindName
    }

    // MARK: libyaml conversions

    private func mark(_ m: yaml_mark_t) -> Mark {
        Mark(source: source, line: m.line + 1, column: m.column + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ length: Int) -> String {
        guard let pointer, length > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>) -> String {
        String(cString: UnsafePointer(pointer))
    }

    private static let coreTagPrefix = "tag:yaml.org,2002:"

    /// The tag in shorthand form: `!!str` for the core schema's tags, others as libyaml gives them.
    private static func tag(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        let full = String(cString: UnsafePointer(pointer))
        if full.hasPrefix(coreTagPrefix) {
            return "!!" + full.dropFirst(coreTagPrefix.count)
        }
        return full
    }

    private func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let context = parser.context.map { String(cString: $0) }
        switch parser.error {
        case YAML_READER_ERROR:
            var message = problem
            if parser.problem_value != -1 {
                message += " (byte 0x\(String(UInt8(truncatingIfNeeded: parser.problem_value), radix: 16)))"
            }
            return YAMLError(message: message, mark: markOfOffset(parser.problem_offset, in: bytes), context: context)
        case YAML_MEMORY_ERROR:
            return YAMLError(message: "out of memory while parsing YAML", mark: Mark(file: file, line: 1, column: 1))
        default:
            var message = problem
            if parser.error == YAML_SCANNER_ERROR, isIndentationTab(parser.problem_mark, in: bytes) {
                // libyaml's text for this is obscure; say what is wrong, as go-yaml does.
                message = "found a tab character that violates indentation"
            }
            var error = YAMLError(message: message, mark: mark(parser.problem_mark), context: context)
            if context != nil { error.contextMark = mark(parser.context_mark) }
            return error
        }
    }

    /// Whether the character at `m` is a tab with only blanks before it on its line.
    private func isIndentationTab(_ m: yaml_mark_t, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var line = 0
        var i = 0
        while i < bytes.count, line < m.line {
            if bytes[i] == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }
        // Only blanks precede the tab, so the column is also a byte offset.
        let end = i + m.column
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\t") else { return false }
        return bytes[i..<end].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// Line and column of a byte offset (reader errors carry only an offset).
    private func markOfOffset(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mark {
        var line = 1
        var column = 1
        var i = 0
        let end = min(offset, bytes.count)
        while i < end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return Mark(file: file, line: line, column: column)
    }
}

/// The tree builder's stack of finished nodes whose collection is still open. A collection's
/// children are moved out of it into an array of their exact size when the collection ends:
/// no array grows child by child, and no node is copied and released on the way.
final class NodeStack {
    private var base: UnsafeMutablePointer<Node>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func push(_ node: consuming Node) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Node>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: node)
        count += 1
    }

    /// The nodes from `start` to the top, moved out, in order.
    func popArray(from start: Int) -> [Node] {
        let n = count - start
        guard n > 0 else { return [] }
        let items = [Node](unsafeUninitializedCapacity: n) { buffer, initialized in
            buffer.baseAddress.unsafelyUnwrapped.moveInitialize(from: base + start, count: n)
            initialized = n
        }
        count = start
        return items
    }

    /// The nodes from `start` to the top as key–value pairs, moved out. (A key with no value,
    /// which no parser hands over, is dropped.)
    func popPairs(from start: Int) -> [Node.Pair] {
        if (count - start) & 1 == 1 {
            count -= 1
            (base + count).deinitialize(count: 1)
        }
        let n = (count - start) / 2
        guard n > 0 else {
            count = start
            return []
        }
        let pairs = [Node.Pair](unsafeUninitializedCapacity: n) { buffer, initialized in
            let from = base + start
            for i in 0..<n {
                (buffer.baseAddress.unsafelyUnwrapped + i).initialize(
                    to: Node.Pair(key: (from + 2 * i).move(), value: (from + 2 * i + 1).move()))
            }
            initialized = n
        }
        count = start
        return pairs
    }
}
