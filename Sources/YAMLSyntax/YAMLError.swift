/// A YAML syntax or structure error, located.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var mark: Mark
    /// libyaml's context ("while parsing a block mapping") when there is one.
    public var context: String?
    /// Where libyaml's context began (the start of an unclosed quoted scalar, for instance).
    public var contextMark: Mark?

    public init(message: String, mark: Mark, context: String? = nil) {
        self.message = message
        self.mark = mark
        self.context = context
    }

    public var description: String {
        if let context { return "\(mark): \(message) (\(context))" }
        return "\(mark): \(message)"
    }
}
