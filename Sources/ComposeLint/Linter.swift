import ComposeModel
import YAMLSyntax

/// Runs every rule over a loaded project and returns the findings, suppressions and
/// configuration applied, sorted by file, line, column and rule.
public enum Linter {
    /// - Parameter only: rule IDs to keep (`--rule`); empty keeps all.
    public static func lint(_ input: LintInput, only: Set<String> = []) -> [LintFinding] {
        var context = LintContext(input: input)
        ComposeRules.run(&context)
        DockerfileRules.run(&context)

        var problems: [LintFinding] = []
        var config = LintConfig()
        let configPath = input.workingDirectory + "/.berth-lint.yaml"
        if let bytes = input.files.read(configPath) {
            do {
                for doc in try YAMLParser.parse(bytes, file: configPath) where !doc.isNull {
                    config.read(doc, problems: &problems)
                }
            } catch {
                problems.append(LintConfig.problem("cannot parse the lint configuration: \(error.message)", error.mark))
            }
        }
        if let extensionNode = input.root["x-lint"] {
            config.read(extensionNode, problems: &problems)
        }
        var suppressions = Suppressions()
        for file in Set(context.findings.map(\.file)).sorted() {
            suppressions.scan(file, context.sources, problems: &problems)
        }
        var findings = config.apply(context.findings).filter { !suppressions.suppressed($0) }
        if !only.isEmpty { findings = findings.filter { only.contains($0.rule) } }
        var out: [LintFinding] = []
        out.reserveCapacity(findings.count + problems.count)
        for f in sorted(findings + problems) where out.last != f { out.append(f) }
        return out
    }

    /// By file, line, column, rule and message; files are ranked once, so the sort compares integers.
    static func sorted(_ findings: [LintFinding]) -> [LintFinding] {
        let files = Set(findings.map(\.file)).sorted()
        let rank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        let keyed = findings.map { (file: rank[$0.file] ?? 0, finding: $0) }
        return keyed.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            let x = a.finding, y = b.finding
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            if x.rule != y.rule { return x.rule < y.rule }
            return x.message < y.message
        }.map(\.finding)
    }
}
