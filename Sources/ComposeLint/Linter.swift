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
        // The findings move out of the context and are filtered in place: a finding holds four
        // strings, and each copy of the whole list retained them all again.
        var findings = context.findings
        context.findings = []
        config.apply(&findings)
        if !suppressions.isEmpty { findings.removeAll { suppressions.suppressed($0) } }
        if !only.isEmpty { findings.removeAll { !only.contains($0.rule) } }
        findings.append(contentsOf: problems)
        var out: [LintFinding] = []
        out.reserveCapacity(findings.count)
        var previous: Int?
        for i in sortedOrder(findings) {
            if let previous, findings[previous] == findings[i] { continue }
            out.append(findings[i])
            previous = i
        }
        return out
    }

    /// By file, line, column, rule and message; files are ranked once, so the sort compares
    /// integers, and it moves indexes rather than findings.
    static func sortedOrder(_ findings: [LintFinding]) -> [Int] {
        let rank = Dictionary(uniqueKeysWithValues: distinctFiles(findings).sorted().enumerated().map { ($1, $0) })
        var fileRank: [Int] = []
        fileRank.reserveCapacity(findings.count)
        var last: (file: String, rank: Int)?
        for i in findings.indices {
            if let last, last.file == findings[i].file {
                fileRank.append(last.rank)
            } else {
                let r = rank[findings[i].file] ?? 0
                fileRank.append(r)
                last = (findings[i].file, r)
            }
        }
        return findings.indices.sorted { a, b in
            if fileRank[a] != fileRank[b] { return fileRank[a] < fileRank[b] }
            if findings[a].line != findings[b].line { return findings[a].line < findings[b].line }
            if findings[a].column != findings[b].column { return findings[a].column < findings[b].column }
            if findings[a].rule != findings[b].rule { return findings[a].rule < findings[b].rule }
            return findings[a].message < findings[b].message
        }
    }

    /// The files findings are in; runs of one file (the common case) hash it once.
    static func distinctFiles(_ findings: [LintFinding]) -> Set<String> {
        var files: Set<String> = []
        var last: String?
        for i in findings.indices where findings[i].file != last {
            files.insert(findings[i].file)
            last = findings[i].file
        }
        return files
    }
}
