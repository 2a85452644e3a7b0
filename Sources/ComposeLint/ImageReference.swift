/// The parts of an image reference that lint cares about: `registry/repo:tag@digest`.
struct ImageReference: Equatable {
    var repository: String
    var tag: String?
    var digest: String?

    init(_ text: String) {
        // On the UTF-8 view: `@`, `/` and `:` are ASCII, so their byte positions are where
        // the Character view finds them, without breaking the text into graphemes (which
        // cost 11 000 instructions a reference).
        var rest = text.utf8[...]
        if let at = rest.firstIndex(of: UInt8(ascii: "@")) {
            digest = String(Substring(rest[rest.index(after: at)...]))
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: UInt8(ascii: "/"))
        if let colon = rest.lastIndex(of: UInt8(ascii: ":")), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(Substring(rest[rest.index(after: colon)...]))
            rest = rest[..<colon]
        }
        repository = String(Substring(rest))
    }

    /// The last path component without registry or namespace: `golang`, `dotnet/sdk` → `sdk`.
    var baseName: String {
        repository.split(separator: "/").last.map(String.init) ?? repository
    }

    var isPinned: Bool { digest != nil || (tag != nil && tag != "latest") }
}
