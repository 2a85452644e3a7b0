import ComposeModel
import YAMLSyntax

/// What the typed decoder needs besides the tree: where relative paths start, what `~` means,
/// and the project environment (for `environment: [VAR]`, `build.args` and secret/config
/// `environment:` resolution).
public struct DecodeContext: Sendable {
    /// The project directory, absolute. Relative bind sources, build contexts and file paths
    /// are joined onto it.
    public var workingDir: String
    /// The user's home directory, for `~` in bind sources.
    public var homeDir: String
    /// The project environment (OS + env files), used to resolve valueless entries.
    public var environment: [String: String]

    public init(workingDir: String, homeDir: String, environment: [String: String] = [:]) {
        self.workingDir = workingDir
        self.homeDir = homeDir
        self.environment = environment
    }
}

/// The typed decoder: the structural validator and the short→long normaliser of the Compose
/// Specification, written out in Swift (the JSON schema is its checklist, not its engine).
public enum ProjectDecoder {
    /// Decodes the merged, interpolated compose tree (after merge/extends/include) into a typed
    /// Project. Never throws: every problem becomes a located Diagnostic; bad fields are skipped
    /// and decoding goes on. The project name comes from the root `name` key. Diagnostics are
    /// returned in discovery order; the caller sorts them.
    public static func decode(_ root: Node, context: DecodeContext) -> (project: Project, diagnostics: [Diagnostic]) {
        let decoder = TreeDecoder(context: context)
        let project = decoder.project(root)
        return (project, decoder.diagnostics)
    }
}

/// One decoding run: the context and the diagnostics found so far.
final class TreeDecoder {
    let context: DecodeContext
    var diagnostics: [Diagnostic] = []

    init(context: DecodeContext) {
        self.context = context
    }

    // MARK: Diagnostics

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: node.mark.file, line: node.mark.line, column: node.mark.column)
    }

    func error(_ message: String, _ path: DecodePath, _ node: Node) {
        diagnostics.append(.error(message, path: path.text, at: location(node)))
    }

    func warning(_ message: String, _ path: DecodePath, _ node: Node) {
        diagnostics.append(.warning(message, path: path.text, at: location(node)))
    }

    /// `services.web.ports must be a sequence`
    func typeError(_ expected: String, _ path: DecodePath, _ node: Node) {
        error("\(path.isEmpty ? "top-level object" : path.text) must be a \(expected)", path, node)
    }
}

/// Where a decoded value sits in the tree, `services.web.ports[0]`: the text that every
/// diagnostic names. Nearly every value decodes without one, so a path is kept as its parent's
/// text plus the last key or index, and joined only when a message asks for it. (Joining
/// each entry's path up front was about 12 000 strings, some 6 M instructions, for a file of
/// 500 services.) A function that joins many children onto its path takes `materialized`
/// first, so the parent's text is made once.
struct DecodePath: CustomStringConvertible, ExpressibleByStringLiteral {
    private let head: String
    private let key: String?
    /// `[index]` after `head` when not negative (and `key` is nil).
    private let index: Int

    init(_ text: String) {
        head = text
        key = nil
        index = -1
    }

    init(stringLiteral text: String) {
        self.init(text)
    }

    fileprivate init(head: String, key: String?, index: Int) {
        self.head = head
        self.key = key
        self.index = index
    }

    /// `a.b`, `a[1]`; a key alone when the parent is the root.
    var text: String {
        if let key { return head.isEmpty ? key : concatenated(head, UInt8(ascii: "."), key, nil) }
        if index >= 0 { return concatenated(head, UInt8(ascii: "["), String(index), UInt8(ascii: "]")) }
        return head
    }

    var description: String { text }

    var isEmpty: Bool {
        if let key { return head.isEmpty && key.isEmpty }
        return index < 0 && head.isEmpty
    }

    /// The same path with its text made now, for a parent of many joins.
    var materialized: DecodePath {
        key == nil && index < 0 ? self : DecodePath(text)
    }
}

func join(_ path: DecodePath, _ key: String) -> DecodePath {
    DecodePath(head: path.text, key: key, index: -1)
}

func join(_ path: DecodePath, _ index: Int) -> DecodePath {
    DecodePath(head: path.text, key: nil, index: index)
}

private func concatenated(_ head: String, _ separator: UInt8, _ tail: String, _ end: UInt8?) -> String {
    var head = head
    var tail = tail
    return head.withUTF8 { h in
        tail.withUTF8 { t in
            let count = h.count + 1 + t.count + (end == nil ? 0 : 1)
            return String(unsafeUninitializedCapacity: count) { buffer in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                raw.copyMemory(from: UnsafeRawBufferPointer(h))
                raw[h.count] = separator
                UnsafeMutableRawBufferPointer(rebasing: raw[(h.count + 1)...]).copyMemory(from: UnsafeRawBufferPointer(t))
                if let end { raw[count - 1] = end }
                return count
            }
        }
    }
}
