/// Project name rules (compose-go `NormalizeProjectName` and the imperative-name check).
public enum ProjectNameSyntax {
    /// Lowercases, keeps only `[a-z0-9_-]`, then strips leading `_` and `-`.
    /// `My Project!` → `myproject`.
    public static func normalize(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "_", "-":
                if out.isEmpty && (scalar == "_" || scalar == "-") { continue }
                out.append(scalar)
            default:
                continue
            }
        }
        return String(out)
    }

    /// The error text for a name given with `-p` or `COMPOSE_PROJECT_NAME` that is not already
    /// normalized, or nil when it is valid. (An empty name is reported by the loader as
    /// `project name must not be empty`, so it returns nil here.)
    public static func validationError(_ s: String) -> String? {
        if normalize(s) == s { return nil }
        return "invalid project name \(GoQuote.quote(s)): must consist only of lowercase alphanumeric characters, "
            + "hyphens, and underscores as well as start with a letter or number"
    }
}
