import ComposeModel
import YAMLSyntax

/// Text-preserving fixes: new lines are inserted into the compose source at node positions;
/// nothing else in the file is re-emitted, so comments, order and formatting stay.
public enum Fixer {
    /// Lines to insert after a 1-based line of a file (0: at the top).
    public struct Insertion: Sendable, Hashable {
        public var afterLine: Int
        public var lines: [String]
    }

    /// One file's fix: the original and fixed text, and the rules it fixed.
    public struct FileFix: Sendable, Hashable {
        public var file: String
        public var original: String
        public var fixed: String
        public var insertions: [Insertion]
        public var fixedFindings: [LintFinding]

        /// A unified diff of the change (`--fix --dry-run`).
        public func diff(displayName: String) -> String {
            UnifiedDiff.render(original: original, insertions: insertions, name: displayName)
        }
    }

    /// The fixes for the fixable findings, per file. Findings whose fix cannot be placed
    /// (flow-style or aliased service mappings, flow-style lists) are left unfixed.
    public static func fixes(for findings: [LintFinding], input: LintInput) -> [FileFix] {
        let sources = SourceCache(files: input.files)
        var byFile: [String: (insertions: [Int: [String]], findings: [LintFinding])] = [:]
        let services = input.root["services"]?.mapping ?? []
        var done: Set<String> = []
        for finding in findings {
            guard let name = finding.service, RuleCatalog.byID[finding.rule]?.fixable == true,
                  let pair = services.first(where: { $0.key.scalar == name }),
                  done.insert(name + "/" + finding.rule).inserted else { continue }
            let view = ServiceView(name: name, key: pair.key, node: pair.value)
            guard let placed = place(finding.rule, view, sources: sources) else { continue }
            byFile[placed.file, default: ([:], [])].insertions[placed.afterLine, default: []] += placed.lines
            byFile[placed.file, default: ([:], [])].findings.append(finding)
        }
        return byFile.keys.sorted().compactMap { file in
            guard let entry = byFile[file], let bytes = input.files.read(file) else { return nil }
            let original = String(decoding: bytes, as: UTF8.self)
            let insertions = entry.insertions.keys.sorted().map { Insertion(afterLine: $0, lines: entry.insertions[$0] ?? []) }
            return FileFix(file: file, original: original, fixed: apply(insertions, to: original), insertions: insertions, fixedFindings: entry.findings)
        }
    }

    static func apply(_ insertions: [Insertion], to text: String) -> String {
        var lines = SourceLines.split(text).map(String.init)
        let endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { lines.removeLast() }
        for insertion in insertions.sorted(by: { $0.afterLine > $1.afterLine }) {
            lines.insert(contentsOf: insertion.lines, at: min(insertion.afterLine, lines.count))
        }
        return lines.joined(separator: "\n") + (endsWithNewline || text.isEmpty ? "\n" : "")
    }

    struct Placed {
        var file: String
        var afterLine: Int
        var lines: [String]
    }

    static func place(_ rule: String, _ view: ServiceView, sources: SourceCache) -> Placed? {
        let keyMark = view.key.mark
        // Only a block mapping written below the service key can take new keys.
        guard case .mapping(let pairs) = view.node.content, let first = pairs.first,
              first.key.mark.file == keyMark.file, first.key.mark.line > keyMark.line,
              let lines = sources.lines(keyMark.file) else { return nil }
        let indent = String(repeating: " ", count: first.key.mark.column - 1)
        let step = String(repeating: " ", count: max(2, first.key.mark.column - keyMark.column))
        let end = blockEnd(lines, keyLine: keyMark.line, keyColumn: keyMark.column)
        switch rule {
        case "BL111":
            guard view.value("cap_drop") == nil else { return nil }
            return Placed(file: keyMark.file, afterLine: end, lines: ["\(indent)cap_drop: [ALL]"])
        case "BL112":
            if let existing = view.value("security_opt") {
                guard let items = existing.sequence, let last = items.last, last.mark.file == keyMark.file,
                      last.mark.line > keyMark.line, lines.indices.contains(last.mark.line - 1) else { return nil }
                let line = lines[last.mark.line - 1]
                let dash = line.prefix { $0 == " " }
                guard line.dropFirst(dash.count).hasPrefix("- ") else { return nil }
                return Placed(file: keyMark.file, afterLine: last.mark.line, lines: ["\(dash)- no-new-privileges:true"])
            }
            return Placed(file: keyMark.file, afterLine: end, lines: ["\(indent)security_opt: [\"no-new-privileges:true\"]"])
        case "BL113":
            guard view.value("read_only") == nil else { return nil }
            return Placed(file: keyMark.file, afterLine: end, lines: ["\(indent)read_only: true"])
        case "BL106":
            guard view.value("restart") == nil else { return nil }
            return Placed(file: keyMark.file, afterLine: end, lines: ["\(indent)restart: unless-stopped"])
        case "BL121":
            guard view.value("logging") == nil else { return nil }
            return Placed(file: keyMark.file, afterLine: end, lines: [
                "\(indent)logging:", "\(indent)\(step)driver: json-file", "\(indent)\(step)options:",
                "\(indent)\(step)\(step)max-size: 10m", "\(indent)\(step)\(step)max-file: \"3\"",
            ])
        default:
            return nil
        }
    }

    /// The last line of a service's block: the last non-blank, non-comment line indented
    /// deeper than the service key before the next line that is not.
    static func blockEnd(_ lines: [Substring], keyLine: Int, keyColumn: Int) -> Int {
        var last = keyLine
        var i = keyLine
        while i < lines.count {
            let line = lines[i]
            if SourceLines.isBlankOrComment(line) { i += 1; continue }
            if SourceLines.indent(line) < keyColumn { break }
            last = i + 1
            i += 1
        }
        return last
    }
}

/// Unified diffs for insert-only edits, three lines of context, as `diff -u` prints them.
enum UnifiedDiff {
    static func render(original: String, insertions: [Fixer.Insertion], name: String) -> String {
        var lines = SourceLines.split(original).map(String.init)
        if original.hasSuffix("\n") { lines.removeLast() }
        let context = 3
        var groups: [[Fixer.Insertion]] = []
        for insertion in insertions.sorted(by: { $0.afterLine < $1.afterLine }) {
            if let last = groups.last?.last, insertion.afterLine - last.afterLine <= 2 * context {
                groups[groups.count - 1].append(insertion)
            } else {
                groups.append([insertion])
            }
        }
        var out = "--- a/\(name)\n+++ b/\(name)\n"
        var added = 0
        for group in groups {
            guard let first = group.first, let last = group.last else { continue }
            let start = max(0, first.afterLine - context)
            let end = min(lines.count, last.afterLine + context)
            var body: [String] = []
            var newCount = 0
            for n in start..<end {
                for insertion in group where insertion.afterLine == n {
                    body += insertion.lines.map { "+" + $0 }
                    newCount += insertion.lines.count
                }
                body.append(" " + lines[n])
            }
            for insertion in group where insertion.afterLine == end {
                body += insertion.lines.map { "+" + $0 }
                newCount += insertion.lines.count
            }
            let oldCount = end - start
            out += "@@ -\(start + 1),\(oldCount) +\(start + 1 + added),\(oldCount + newCount) @@\n"
            out += body.joined(separator: "\n") + "\n"
            added += newCount
        }
        return out
    }
}
