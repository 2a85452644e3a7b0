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
        for file in distinctFiles(context.findings).sorted() {
            suppressions.scan(file, context.sources, problems: &problems)
        }
        var findings = config.apply(context.findings).filter { !suppressions.suppressed($0) }
        if !only.isEmpty { findings = findings.filter { only.contains($0.rule) } }
        var out: [LintFinding] = []
        out.reserveCapacity(findings.count + problems.count)
        for f in sorted(findings + problems) where out.last != f { out.append(f) }
        return out
    }

    /// By file, line, column, rule and message; files are ranked once, so the sort compares
    /// integers, and it moves indexes rather than findings.
    static func sorted(_ findings: [LintFinding]) -> [LintFinding] {
        let rank = Dictionary(uniqueKeysWithValues: distinctFiles(findings).sorted().enumerated().map { ($1, $0) })
        var fileRank: [Int] = []
        fileRank.reserveCapacity(findings.count)
        var last: (file: String, rank: Int)?
        for f in findings {
            if let last, last.file == f.file {
                fileRank.append(last.rank)
            } else {
                let r = rank[f.file] ?? 0
                fileRank.append(r)
                last = (f.file, r)
            }
        }
        let order = findings.indices.sorted { a, b in
            if fileRank[a] != fileRank[b] { return fileRank[a] < fileRank[b] }
            if findings[a].line != findings[b].line { return findings[a].line < findings[b].line }
            if findings[a].column != findings[b].column { return findings[a].column < findings[b].column }
            if findings[a].rule != findings[b].rule { return findings[a].rule < findings[b].rule }
            return findings[a].message < findings[b].message
        }
        return order.map { findings[$0] }
    }

    /// The files findings are in; runs of one file (the common case) hash it once.
    static func distinctFiles(_ findings: [LintFinding]) -> Set<String> {
        var files: Set<String> = []
        var last: String?
        for f in findings where f.file != last {
            files.insert(f.file)
            last = f.file
        }
        return files
    }
}
