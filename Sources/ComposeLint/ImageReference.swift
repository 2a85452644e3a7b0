/// The parts of an image reference that lint cares about: `registry/repo:tag@digest`.
struct ImageReference: Equatable {
    var repository: String
    var tag: String?
    var digest: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        repository = String(rest)
    }

    /// The last path component without registry or namespace: `golang`, `dotnet/sdk` → `sdk`.
    var baseName: String {
        repository.split(separator: "/").last.map(String.init) ?? repository
    }

    var isPinned: Bool { digest != nil || (tag != nil && tag != "latest") }
}
