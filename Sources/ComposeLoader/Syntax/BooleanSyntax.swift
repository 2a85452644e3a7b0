/// Compose's `toBoolean` cast (loader/interpolate.go), applied to strings at boolean paths.
public enum BooleanSyntax {
    /// `true`/`false` (any case); `y|yes|on` and `n|no|off` with a YAML 1.2 warning; otherwise
    /// `SyntaxError("invalid boolean: X")`.
    public static func parse(_ s: String) throws -> (value: Bool, warning: String?) {
        switch s.lowercased() {
        case "true":
            return (true, nil)
        case "false":
            return (false, nil)
        case "y", "yes", "on":
            return (true, "\(GoQuote.quote(s)) for boolean is not supported by YAML 1.2, please use `true`")
        case "n", "no", "off":
            return (false, "\(GoQuote.quote(s)) for boolean is not supported by YAML 1.2, please use `false`")
        default:
            throw SyntaxError("invalid boolean: \(s)")
        }
    }
}
