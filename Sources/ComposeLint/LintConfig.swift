import YAMLSyntax

/// Which rules run and how severe they are: `.berth-lint.yaml` in the project directory,
/// then the `x-lint` extension of the compose file (which wins).
///
/// ```yaml
/// rules:            # severity per rule, or off
///   BL113: off
///   BL105: high
/// services:         # rules turned off for one service
///   legacy: [BL107, BL111]
/// ```
public struct LintConfig: Sendable, Hashable {
    /// `nil` severity: the rule is off.
    public var severities: [String: LintSeverity?] = [:]
    public var serviceExclusions: [String: Set<String>] = [:]

    public init() {}

    /// Reads one configuration node; problems come back as located BL001 findings.
    mutating func read(_ node: Node, problems: inout [LintFinding]) {
        guard let pairs = node.mapping else {
            problems.append(Self.problem("the lint configuration must be a mapping with `rules` and `services`", node.mark))
            return
        }
        for pair in pairs {
            switch pair.key.scalar {
            case "rules":
                for rule in pair.value.mapping ?? [] {
                    guard let id = Self.known(rule.key, &problems) else { continue }
                    let text = rule.value.scalar?.lowercased() ?? ""
                    if text == "off" || text == "false" || text == "disable" {
                        severities[id] = .some(nil)
                    } else if let severity = LintSeverity(rawValue: text) {
                        severities[id] = severity
                    } else {
                        problems.append(Self.problem("severity of \(id) must be one of info, low, medium, high, critical, off; not \"\(text)\"", rule.value.mark))
                    }
                }
                if pair.value.mapping == nil, !pair.value.isNull {
                    problems.append(Self.problem("`rules` must map rule IDs to a severity or off", pair.value.mark))
                }
            case "services":
                for service in pair.value.mapping ?? [] {
                    guard let name = service.key.scalar else { continue }
                    let items = service.value.sequence ?? [service.value]
                    for item in items {
                        if let id = Self.known(item, &problems) { serviceExclusions[name, default: []].insert(id) }
                    }
                }
            default:
                problems.append(Self.problem("unknown lint configuration key \"\(pair.key.scalar ?? "")\": expected `rules` or `services`", pair.key.mark))
            }
        }
    }

    static func known(_ node: Node, _ problems: inout [LintFinding]) -> String? {
        let text = node.scalar ?? ""
        guard let rule = RuleCatalog.rule(text) else {
            problems.append(problem("unknown rule ID \"\(text)\": `berth lint --explain` lists the rules", node.mark))
            return nil
        }
        return rule.id
    }

    static func problem(_ message: String, _ mark: Mark) -> LintFinding {
        LintFinding(rule: "BL001", severity: .high, message: message, at: mark)
    }

    /// Applies the configuration in place: drops turned-off and excluded findings, re-grades
    /// the rest.
    func apply(_ findings: inout [LintFinding]) {
        if serviceExclusions.isEmpty && severities.isEmpty { return }
        findings.removeAll { f in
            if let service = f.service, serviceExclusions[service]?.contains(f.rule) == true { return true }
            if let setting = severities[f.rule], setting == nil { return true }
            return false
        }
        guard !severities.isEmpty else { return }
        for i in findings.indices {
            if let setting = severities[findings[i].rule], let severity = setting { findings[i].severity = severity }
        }
    }
}

/// `# berth-lint-disable BL101 BL102` on the finding's line or the line above, and
/// `# berth-lint-disable-file BL101` anywhere in the file. Without IDs: every rule.
struct Suppressions {
    /// Per file: rules off for the whole file, and per line.
    var fileWide: [String: Set<String>] = [:]
    var lines: [String: [Int: Set<String>]] = [:]
    var scanned: Set<String> = []
    static let all = "*"

    mutating func scan(_ file: String, _ sources: SourceCache, problems: inout [LintFinding]) {
        guard scanned.insert(file).inserted, sources.contains("berth-lint-disable", in: file), let text = sources.lines(file) else { return }
        for (n, line) in text.enumerated() {
            guard line.utf8.contains(UInt8(ascii: "#")), let hash = line.firstRange(of: "# berth-lint-disable") else { continue }
            let rest = line[hash.upperBound...]
            let isFile = rest.hasPrefix("-file")
            let idsText = isFile ? rest.dropFirst(5) : rest
            guard idsText.first == nil || idsText.first == " " || idsText.first == ":" else { continue }
            var ids: Set<String> = []
            var column = line.distance(from: line.startIndex, to: hash.upperBound) + (isFile ? 5 : 0)
            for word in idsText.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ":" }) {
                if word.hasPrefix("--") || word.hasPrefix("#") { break }
                if let rule = RuleCatalog.rule(String(word)) {
                    ids.insert(rule.id)
                } else {
                    let offset = idsText.distance(from: idsText.startIndex, to: word.startIndex)
                    problems.append(LintConfig.problem("unknown rule ID \"\(word)\" in a suppression comment", Mark(file: file, line: n + 1, column: column + offset + 1)))
                }
            }
            column = 0
            if ids.isEmpty { ids = [Self.all] }
            if isFile {
                fileWide[file, default: []].formUnion(ids)
            } else {
                let commentOnly = line.prefix(upTo: hash.lowerBound).allSatisfy { $0 == " " || $0 == "\t" }
                // A comment on its own line covers the next line; a trailing one covers its own.
                lines[file, default: [:]][commentOnly ? n + 2 : n + 1, default: []].formUnion(ids)
            }
        }
    }

    var isEmpty: Bool { fileWide.isEmpty && lines.isEmpty }

    func suppressed(_ f: LintFinding) -> Bool {
        if let ids = fileWide[f.file], ids.contains(f.rule) || ids.contains(Self.all) { return true }
        if let ids = lines[f.file]?[f.line], ids.contains(f.rule) || ids.contains(Self.all) { return true }
        return false
    }
}
