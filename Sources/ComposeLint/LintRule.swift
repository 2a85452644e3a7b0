/// A rule's stable description: what `--explain` prints and SARIF lists.
public struct LintRule: Sendable, Hashable {
    /// Stable ID (`BL101`); never reused for another meaning.
    public var id: String
    /// A short kebab-case name (`image-not-pinned`).
    public var name: String
    public var severity: LintSeverity
    /// One line: what the rule finds.
    public var summary: String
    public var why: String
    public var fix: String
    public var reference: String
    /// Whether `--fix` can repair it.
    public var fixable: Bool

    init(_ id: String, _ name: String, _ severity: LintSeverity, _ summary: String, why: String, fix: String, reference: String, fixable: Bool = false) {
        self.id = id
        self.name = name
        self.severity = severity
        self.summary = summary
        self.why = why
        self.fix = fix
        self.reference = reference
        self.fixable = fixable
    }

    /// Everything known about the rule, for `berth lint --explain`.
    public var explanation: String {
        """
        \(id) \(name) (\(severity.rawValue)\(fixable ? ", fixable with --fix" : ""))
        \(summary)

        Why: \(why)
        Fix: \(fix)
        Reference: \(reference)

        """
    }
}
