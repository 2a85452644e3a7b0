import ComposeModel
import YAMLSyntax

/// A mapping entry whose key is a string.
struct Entry {
    let key: String
    let keyNode: Node
    let value: Node
}

/// A scalar as the decoder sees it (YAML 1.2 core schema; quoted scalars are strings).
enum Scalar {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
}

extension TreeDecoder {
    // MARK: Scalars

    /// The YAML 1.2 core value of a scalar node, `nil` for a collection.
    func scalar(_ node: Node) -> Scalar? {
        switch node.resolved {
        case nil: return nil
        case .null?: return .null
        case .bool(let b)?: return .bool(b)
        case .int(let i)?: return .int(i)
        case .float(let d)?: return .float(d)
        case .string(let s)?:
            // go-yaml v3, which Compose reads files with, takes `1_000`, `0b101` and `08` for
            // numbers where YAML 1.2 keeps a string: a number field must accept them too.
            if readsAsNumberInCompose(node), case .scalar(let t, _) = node.content, let v2 = GoScalarText.text(plain: t) {
                if let i = Int(v2) { return .int(i) }
                if let d = Double(v2), d.isFinite { return .float(d) }
            }
            return .string(s)
        }
    }

    func isNull(_ node: Node) -> Bool {
        if case .null? = scalar(node) { return true }
        return false
    }

    /// "mapping", "sequence", "string", "number", "boolean" or "null".
    func kindName(_ node: Node) -> String {
        switch node.content {
        case .mapping: return "mapping"
        case .sequence: return "sequence"
        case .scalar:
            switch scalar(node) {
            case .null?: return "null"
            case .bool?: return "boolean"
            case .int?, .float?: return "number"
            default: return "string"
            }
        }
    }

    /// The scalar's text as written.
    func text(_ node: Node) -> String? {
        if case .scalar(let t, _) = node.content { return t }
        return nil
    }

    // MARK: Mappings

    /// The string-keyed entries of a mapping. Reports `<path> must be a mapping` and non-string
    /// keys (skipping them).
    func entries(_ node: Node, _ path: DecodePath) -> [Entry]? {
        var out: [Entry] = []
        let ok = forEachEntry(node, path) { out.append($0) }
        return ok ? out : nil
    }

    /// Calls `body` for each string-keyed entry of a mapping; false (after reporting) when the
    /// node is not a mapping. Non-string keys are reported and skipped.
    @discardableResult
    func forEachEntry(_ node: Node, _ path: DecodePath, _ body: (Entry) -> Void) -> Bool {
        guard case .mapping(let pairs) = node.content else {
            typeError("mapping", path, node)
            return false
        }
        // The pairs are read in place and each entry is made from them directly: the loop's
        // own copy of every pair (two nodes) cost as much as the entry.
        pairs.withUnsafeBufferPointer { pairs in
            for pair in pairs.indices.lazy.map({ pairs.baseAddress.unsafelyUnwrapped + $0 }) {
                let key = pair.pointee.key
                if case .scalar(let t, let style) = key.content, style != .plain || key.tag != nil || isStringKey(key, t) {
                    body(Entry(key: t, keyNode: key, value: pair.pointee.value))
                } else {
                    let shown = text(key) ?? kindName(key)
                    let message = path.isEmpty ? "non-string key at top level: \(shown)" : "non-string key in \(path): \(shown)"
                    error(message, path, key)
                }
            }
        }
        return true
    }

    /// Whether an untagged plain key is a string. The usual key is a word: a letter starts only
    /// strings, for YAML 1.2 and go-yaml alike, unless the word is `null`, `true` or `false` in
    /// one of their spellings. No need to resolve it.
    private func isStringKey(_ key: Node, _ text: String) -> Bool {
        if let first = text.utf8.first {
            let lower = first | 0x20
            if lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") {
                guard lower == UInt8(ascii: "n") || lower == UInt8(ascii: "t") || lower == UInt8(ascii: "f") else { return true }
                if text.utf8.count > 5 || text.utf8.count < 4 { return true }
                switch text {
                case "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE": return false
                default: return true
                }
            }
        }
        if case .string? = scalar(key) { return true }
        return false
    }

    /// Decodes an object with a fixed set of keys. `handle` returns false for a key it does not
    /// know; that key is reported (with a suggestion from `known` when one is close).
    /// `x-*` keys become extensions when `allowExtensions`. Returns the extensions.
    @discardableResult
    func object(
        _ node: Node, _ path: DecodePath, known: [String], allowExtensions: Bool = true,
        _ handle: (Entry, DecodePath) -> Bool
    ) -> [String: JSONValue] {
        let path = path.materialized
        var extensions: [String: JSONValue] = [:]
        forEachEntry(node, path) { entry in
            if allowExtensions, isExtensionKey(entry.key) {
                extensions[entry.key] = json(entry.value)
                return
            }
            if !handle(entry, join(path, entry.key)) {
                unknownKey(entry, path, known: known)
            }
        }
        return extensions
    }

    /// `x-…`, on the first two bytes (`hasPrefix` took about 100 instructions a key).
    private func isExtensionKey(_ key: String) -> Bool {
        var bytes = key.utf8.makeIterator()
        return bytes.next() == UInt8(ascii: "x") && bytes.next() == UInt8(ascii: "-")
    }

    func unknownKey(_ entry: Entry, _ path: DecodePath, known: [String]) {
        var message = "additional properties '\(entry.key)' not allowed"
        if let suggestion = KeySuggestion.closest(to: entry.key, in: known) {
            message += ": did you mean \"\(suggestion)\"?"
        }
        error(message, join(path, entry.key), entry.keyNode)
    }

    /// Checks a user-defined name (service, network, volume, …) against `^[a-zA-Z0-9._-]+$`.
    func checkName(_ entry: Entry, _ path: DecodePath, what: String) -> Bool {
        let ok = !entry.key.isEmpty && entry.key.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x2E || c == 0x5F || c == 0x2D
        }
        if !ok {
            error("invalid \(what) name \"\(entry.key)\": only [a-zA-Z0-9._-] are allowed (additional properties '\(entry.key)' not allowed)", join(path, entry.key), entry.keyNode)
        }
        return ok
    }

    // MARK: JSON

    /// A free-form value (extensions, provider options).
    func json(_ node: Node) -> JSONValue {
        switch node.content {
        case .sequence(let items):
            return .array(items.map(json))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                object[text(pair.key) ?? kindName(pair.key)] = json(pair.value)
            }
            return .object(object)
        case .scalar:
            if readsAsNumberInCompose(node), case .string? = scalar(node), case .scalar(let t, _) = node.content,
                let value = GoScalarText.text(plain: t)
            {
                // `1_000`, `0b101`: numbers to Compose's YAML reader.
                if let i = Int(value) { return .int(i) }
                if let d = Double(value), d.isFinite { return .double(d) }
            }
            switch scalar(node) {
            case .null?, nil: return .null
            case .bool(let b)?: return .bool(b)
            case .int(let i)?: return .int(i)
            case .float(let d)?: return .double(d)
            case .string(let s)?: return .string(s)
            }
        }
    }

    // MARK: Typed values

    /// A string field (schema `type: string`). A plain scalar that Compose's YAML reader
    /// takes for a number (`1_000`, `0b101`) is not a string there either.
    func string(_ node: Node, _ path: DecodePath) -> String? {
        // An untagged quoted or block scalar is a string to both YAML readers.
        if case .scalar(let t, let style) = node.content, style != .plain, node.tag == nil { return t }
        if case .string(let s)? = scalar(node), !readsAsNumberInCompose(node) { return s }
        typeError("string", path, node)
        return nil
    }

    /// Whether go-yaml v3, which Compose reads files with, resolves this plain scalar to a
    /// number or boolean where Berth's YAML 1.2 reading keeps a string (`1_000`, `0b101`, `08`).
    func readsAsNumberInCompose(_ node: Node) -> Bool {
        guard case .scalar(let t, .plain) = node.content, node.tag == nil else { return false }
        return GoScalarText.text(plain: t) != nil
    }

    /// A field that accepts a string or an integer (`expose`, `group_add`): a string as
    /// written, an integer in decimal as Compose v2 prints it (`0x50` → `80`, `1_000` →
    /// `1000`, `+5` → `5`). Compose refuses a number that go-yaml reads as a float (`80.0`,
    /// `1e3`, `08`) or a boolean there, and so does Berth.
    func stringOrNumber(_ node: Node, _ path: DecodePath) -> String? {
        if case .scalar(let t, .plain) = node.content, node.tag == nil, let v2 = GoScalarText.text(plain: t) {
            if let decimal = GoScalarText.integer(plain: t) { return decimal }
            let kind = v2 == "true" || v2 == "false" ? "a boolean" : "the float \(v2)"
            error("must be an integer or a string, not \(t), which Compose reads as \(kind); quote it to keep it text", path, node)
            return nil
        }
        switch scalar(node) {
        case .string?, .int?: return text(node)
        default:
            typeError("integer or string", path, node)
            return nil
        }
    }

    /// A boolean field that also accepts strings (cast with Compose's rules: `yes`/`no`/`on`/`off`
    /// are accepted with a warning).
    func bool(_ node: Node, _ path: DecodePath, allowString: Bool = true) -> Bool? {
        switch scalar(node) {
        case .bool(let b)?: return b
        case .string(let s)? where allowString:
            return castBool(s, path, node)
        default:
            typeError(allowString ? "boolean or string" : "boolean", path, node)
            return nil
        }
    }

    func castBool(_ s: String, _ path: DecodePath, _ node: Node) -> Bool? {
        do {
            let (value, warningText) = try BooleanSyntax.parse(s)
            if let warningText { warning(warningText, path, node) }
            return value
        } catch let e as SyntaxError {
            error("failed to cast to expected type: \(e.message)", path, node)
        } catch {
            self.error("failed to cast to expected type: invalid boolean: \(s)", path, node)
        }
        return nil
    }

    /// An integer field that also accepts strings (cast like Go's strconv.Atoi).
    func int(_ node: Node, _ path: DecodePath, min: Int? = nil, max: Int? = nil, allowString: Bool = true) -> Int? {
        var value: Int?
        switch scalar(node) {
        case .int(let i)?: value = i
        case .float(let d)? where d == d.rounded() && abs(d) < 9e18: value = Int(d)
        case .string(let s)? where allowString:
            if let i = Int(s.trimmingSpaces()) {
                value = i
            } else {
                error("failed to cast to expected type: strconv.Atoi: parsing \(quoteGo(s)): invalid syntax", path, node)
                return nil
            }
        default:
            typeError(allowString ? "integer or string" : "integer", path, node)
            return nil
        }
        guard let v = value else { return nil }
        if let min, v < min {
            error("\(path) must be greater than or equal to \(min)", path, node)
            return nil
        }
        if let max, v > max {
            error("\(path) must be less than or equal to \(max)", path, node)
            return nil
        }
        return v
    }

    /// A floating-point field that also accepts strings.
    func double(_ node: Node, _ path: DecodePath, min: Double? = nil, max: Double? = nil) -> Double? {
        var value: Double?
        switch scalar(node) {
        case .int(let i)?: value = Double(i)
        case .float(let d)?: value = d
        case .string(let s)?:
            if let d = Double(s.trimmingSpaces()) {
                value = d
            } else {
                error("failed to cast to expected type: strconv.ParseFloat: parsing \(quoteGo(s)): invalid syntax", path, node)
                return nil
            }
        default:
            typeError("number or string", path, node)
            return nil
        }
        guard let v = value else { return nil }
        if let min, v < min {
            error("\(path) must be greater than or equal to \(formatNumber(min))", path, node)
            return nil
        }
        if let max, v > max {
            error("\(path) must be less than or equal to \(formatNumber(max))", path, node)
            return nil
        }
        return v
    }

    /// A byte size: an integer, or a string such as `512m`, `2gb`, `-1`.
    func bytes(_ node: Node, _ path: DecodePath, min: Int64? = nil) -> Int64? {
        var value: Int64?
        switch scalar(node) {
        case .int(let i)?: value = Int64(i)
        case .float(let d)? where d == d.rounded(): value = Int64(d)
        case .string(let s)?:
            switch SyntaxBridge.byteSize(s) {
            case .success(let v): value = v
            case .failure(let e):
                error(e.message, path, node)
                return nil
            }
        default:
            typeError("integer or string", path, node)
            return nil
        }
        if let v = value, let min, v < min {
            error("\(path) must be greater than or equal to \(min)", path, node)
            return nil
        }
        return value
    }

    /// A duration string (`1m30s`).
    func duration(_ node: Node, _ path: DecodePath) -> ComposeDuration? {
        guard let s = string(node, path) else { return nil }
        switch SyntaxBridge.duration(s) {
        case .success(let ns): return ComposeDuration(nanoseconds: ns)
        case .failure(let e):
            error(e.message, path, node)
            return nil
        }
    }

    /// A string restricted to a set of values.
    func oneOf(_ node: Node, _ path: DecodePath, _ allowed: [String]) -> String? {
        guard let s = string(node, path) else { return nil }
        guard allowed.contains(s) else {
            error("\(path) must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", ")), not \"\(s)\"", path, node)
            return nil
        }
        return s
    }

    /// A sequence of items; reports `must be a sequence`.
    func items(_ node: Node, _ path: DecodePath) -> [Node]? {
        if case .sequence(let items) = node.content { return items }
        typeError("sequence", path, node)
        return nil
    }

    /// `list_of_strings`.
    func stringList(_ node: Node, _ path: DecodePath) -> [String] {
        let path = path.materialized
        guard let list = items(node, path) else { return [] }
        var out: [String] = []
        out.reserveCapacity(list.count)
        for i in list.indices {
            // The item's path is made only for the error that needs it.
            if case .scalar(let t, let style) = list[i].content, style != .plain, list[i].tag == nil {
                out.append(t)
            } else if let s = string(list[i], join(path, i)) {
                out.append(s)
            }
        }
        return out
    }

    /// `string_or_list`: a string becomes a one-element list.
    func stringOrList(_ node: Node, _ path: DecodePath) -> [String] {
        if case .scalar = node.content {
            if isNull(node) { return [] }
            return string(node, path).map { [$0] } ?? []
        }
        if case .sequence = node.content { return stringList(node, path) }
        typeError("sequence or string", path, node)
        return []
    }

    /// `list_or_dict` with string values: `k=v` / `k` list entries (`k` alone → `""`), map values
    /// stringified, null → `""`. Used for labels, sysctls, annotations, options.
    func stringMap(_ node: Node, _ path: DecodePath) -> [String: String] {
        let path = path.materialized
        var out: [String: String] = [:]
        switch node.content {
        case .mapping(let pairs):
            out.reserveCapacity(pairs.count)
            for entry in entries(node, path) ?? [] {
                if let v = mapValue(entry.value, join(path, entry.key)) { out[entry.key] = v ?? "" }
            }
        case .sequence(let list):
            for (i, item) in list.enumerated() {
                guard let s = string(item, join(path, i)) else { continue }
                if let eq = s.firstIndex(of: "=") {
                    out[String(s[..<eq])] = String(s[s.index(after: eq)...])
                } else {
                    out[s] = ""
                }
            }
        default:
            typeError("mapping or sequence", path, node)
        }
        return out
    }

    /// A `list_or_dict` map value: a scalar stringified (`.some(nil)` for null), `nil` when invalid.
    /// A plain number or boolean prints as Compose v2 prints the value go-yaml read
    /// (`GoScalarText`: `2.50` → `2.5`, `0x1F` → `31`), which is also what the container gets.
    func mapValue(_ node: Node, _ path: DecodePath) -> String?? {
        if case .scalar(let t, .plain) = node.content, node.tag == nil, let value = GoScalarText.text(plain: t) {
            return .some(value)
        }
        switch scalar(node) {
        case .null?: return .some(nil)
        case .string(let s)?: return .some(s)
        case .bool(let b)?: return .some(b ? "true" : "false")
        case .int?, .float?: return .some(text(node))
        case nil:
            typeError("boolean, null, number or string", path, node)
            return nil
        }
    }

    /// `environment`-style maps: list or map to name → value-or-nil. Valueless entries are
    /// resolved from the project environment, else nil.
    func environment(_ node: Node, _ path: DecodePath) -> [String: String?] {
        let path = path.materialized
        var out: [String: String?] = [:]
        switch node.content {
        case .mapping(let pairs):
            // Room for every entry at once: growing the dictionary rehashed it along the way.
            out.reserveCapacity(pairs.count)
            for entry in entries(node, path) ?? [] {
                guard let v = mapValue(entry.value, join(path, entry.key)) else { continue }
                if let v {
                    out[entry.key] = .some(v)
                } else {
                    out[entry.key] = .some(context.environment[entry.key])
                }
            }
        case .sequence(let list):
            for (i, item) in list.enumerated() {
                guard let s = string(item, join(path, i)) else { continue }
                let key: Substring
                let value: String?
                if let eq = s.firstIndex(of: "=") {
                    key = s[..<eq]
                    value = String(s[s.index(after: eq)...])
                } else {
                    key = Substring(s)
                    value = nil
                }
                if let last = key.last, last == " " || last == "\t" {
                    error("environment variable \(key) is declared with a trailing space", join(path, i), item)
                    continue
                }
                out[String(key)] = .some(value ?? context.environment[String(key)])
            }
        default:
            if isNull(node) { return [:] }
            typeError("mapping", path, node)
        }
        return out
    }

    /// `command`/`entrypoint`: nil for null, a shell-split string, or a list of strings.
    func command(_ node: Node, _ path: DecodePath) -> [String]? {
        let path = path.materialized
        switch node.content {
        case .sequence:
            return stringList(node, path)
        case .scalar:
            if isNull(node) { return nil }
            guard let s = string(node, path) else { return nil }
            switch SyntaxBridge.shellSplit(s) {
            case .success(let words): return words
            case .failure(let e):
                error(e.message, path, node)
                return nil
            }
        case .mapping:
            typeError("null, sequence or string", path, node)
            return nil
        }
    }

    /// An absolute path: relative paths are joined onto the working directory.
    func absolute(_ path: String) -> String {
        SyntaxBridge.isAbsolute(path) ? SyntaxBridge.clean(path) : SyntaxBridge.join(context.workingDir, path)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

/// Go's `%q`-ish quoting for messages.
func quoteGo(_ s: String) -> String {
    "\"" + s.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
}

func formatNumber(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
}

extension String {
    /// Replaces every occurrence of a single character (no Foundation here).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var out = ""
        for c in self {
            if c == target { out += replacement } else { out.append(c) }
        }
        return out
    }
}

/// The keys of one Compose object, looked up by their first and last bytes and length
/// before one string comparison. A `Dictionary<String, _>` hashes the whole key first:
/// about 660 instructions a lookup, for each of the ~20 keys of every service.
struct KeyTable<Value> {
    private let slots: [[(key: String, value: Value)]]

    init(_ entries: [String: Value]) {
        var slots = [[(key: String, value: Value)]](repeating: [], count: 256)
        for (key, value) in entries { slots[Self.slot(key)].append((key, value)) }
        self.slots = slots
    }

    private static func slot(_ key: String) -> Int {
        let utf8 = key.utf8
        guard let first = utf8.first, let last = utf8.last else { return 0 }
        return (Int(first) &* 31 &+ Int(last) &* 7 &+ utf8.count) & 255
    }

    subscript(_ key: String) -> Value? {
        for entry in slots[Self.slot(key)] where entry.key == key { return entry.value }
        return nil
    }
}
extension KeyTable: Sendable where Value: Sendable {}
