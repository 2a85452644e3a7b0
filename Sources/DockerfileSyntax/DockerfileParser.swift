/// Turns Dockerfile text into instructions the way BuildKit's front end reads it: parser
/// directives first, `#` comment lines skipped (also inside continuations), lines ending in
/// the escape character joined, here-documents collected, then stages split at each FROM.
struct DockerfileParser {
    static let keywords: Set<String> = [
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
        "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    ]
    static let heredocKeywords: Set<String> = ["RUN", "COPY", "ADD"]

    let lines: [Substring]
    var escape: Character = "\\"
    var index = 0
    var directives: [ParserDirective] = []
    var comments: [Dockerfile.CommentLine] = []

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.last == "\r" ? $0.dropLast() : $0
        }
    }

    mutating func parse() throws(DockerfileError) -> Dockerfile {
        readDirectives()
        var instructions: [Instruction] = []
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { index += 1; continue }
            if trimmed.first == "#" {
                comments.append(.init(line: index + 1, text: String(trimmed)))
                index += 1
                continue
            }
            instructions.append(try readInstruction())
        }
        let stages = try Self.stages(instructions)
        return Dockerfile(directives: directives, instructions: instructions, stages: stages, escape: escape, commentLines: comments)
    }

    /// `# name=value` lines at the very top; the first other line ends them.
    mutating func readDirectives() {
        var seen: Set<String> = []
        while index < lines.count {
            let line = lines[index].drop { $0 == " " || $0 == "\t" }
            guard line.first == "#" else { return }
            let rest = line.dropFirst().drop { $0 == " " || $0 == "\t" }
            guard let eq = rest.firstIndex(of: "=") else { return }
            let name = rest[..<eq].trimmedSpaces().lowercased()
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter }), !seen.contains(name) else { return }
            let value = rest[rest.index(after: eq)...].trimmedSpaces()
            seen.insert(name)
            let column = lines[index].count - line.count + 1
            directives.append(ParserDirective(name: name, value: value, position: .init(line: index + 1, column: column)))
            comments.append(.init(line: index + 1, text: String(line)))
            if name == "escape", let c = value.first, value.count == 1, c == "`" || c == "\\" { escape = c }
            index += 1
        }
    }

    mutating func readInstruction() throws(DockerfileError) -> Instruction {
        let startLine = index + 1
        let first = lines[index]
        let indent = first.prefix { $0 == " " || $0 == "\t" }.count
        let position = DockerfilePosition(line: startLine, column: indent + 1)
        var text = ""
        var current = first.dropFirst(indent)
        // Join continuation lines; comment lines inside a continuation are dropped.
        while true {
            let end = current.trimmingTrailingSpaces()
            if end.last == escape {
                text += end.dropLast() + " "
                index += 1
                while index < lines.count, lines[index].drop(while: { $0 == " " || $0 == "\t" }).first == "#" {
                    comments.append(.init(line: index + 1, text: String(lines[index].drop { $0 == " " || $0 == "\t" })))
                    index += 1
                }
                guard index < lines.count else { break }
                current = lines[index]
            } else {
                text += current
                break
            }
        }
        var endLine = index + 1
        index += 1

        let keywordText = String(text.prefix { $0 != " " && $0 != "\t" })
        let keyword = keywordText.uppercased()
        guard Self.keywords.contains(keyword) else {
            throw DockerfileError("unknown instruction: \(keywordText)", at: position)
        }
        let arguments = text.dropFirst(keywordText.count).trimmedSpaces()
        guard !arguments.isEmpty else {
            throw DockerfileError("\(keyword) requires at least one argument", at: position)
        }
        var flags: [String] = []
        var body = Substring(arguments)
        if keyword != "RUN" || body.hasPrefix("--") {
            while body.hasPrefix("--") {
                let token = body.prefix { $0 != " " && $0 != "\t" }
                flags.append(String(token))
                body = body.dropFirst(token.count).drop { $0 == " " || $0 == "\t" }
            }
        }
        var heredocs: [Heredoc] = []
        if Self.heredocKeywords.contains(keyword) {
            for marker in Self.heredocMarkers(in: String(body)) {
                let bodyStart = index + 1
                var bodyLines: [Substring] = []
                var closed = false
                while index < lines.count {
                    let line = lines[index]
                    index += 1
                    let candidate = marker.stripTabs ? line.drop { $0 == "\t" } : line
                    if candidate == marker.word { closed = true; break }
                    bodyLines.append(marker.stripTabs ? candidate : line)
                }
                guard closed else {
                    throw DockerfileError("unterminated heredoc: no line \"\(marker.word)\" ends the here-document", at: position)
                }
                endLine = index
                heredocs.append(Heredoc(
                    delimiter: marker.word, body: bodyLines.joined(separator: "\n"), quoted: marker.quoted,
                    stripTabs: marker.stripTabs, position: .init(line: bodyStart, column: 1)
                ))
            }
        }
        return Instruction(
            keyword: keyword, keywordText: keywordText, arguments: arguments, flags: flags, body: String(body),
            execForm: JSONStringArray.parse(body), heredocs: heredocs, position: position, endLine: endLine
        )
    }

    struct HeredocMarker {
        var word: String
        var quoted: Bool
        var stripTabs: Bool
    }

    /// `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'` in an instruction's first line (not `<<<`).
    static func heredocMarkers(in text: String) -> [HeredocMarker] {
        var markers: [HeredocMarker] = []
        let chars = Array(text)
        var i = 0
        while i + 1 < chars.count {
            guard chars[i] == "<", chars[i + 1] == "<", i == 0 || chars[i - 1] != "<" else { i += 1; continue }
            var j = i + 2
            if j < chars.count, chars[j] == "<" { i = j + 1; continue }
            var stripTabs = false
            if j < chars.count, chars[j] == "-" { stripTabs = true; j += 1 }
            var quote: Character?
            if j < chars.count, chars[j] == "\"" || chars[j] == "'" { quote = chars[j]; j += 1 }
            var word = ""
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" {
                word.append(chars[j])
                j += 1
            }
            if let quote {
                guard j < chars.count, chars[j] == quote else { i = j; continue }
                j += 1
            }
            if !word.isEmpty { markers.append(HeredocMarker(word: word, quoted: quote != nil, stripTabs: stripTabs)) }
            i = j
        }
        return markers
    }

    static func stages(_ instructions: [Instruction]) throws(DockerfileError) -> [Stage] {
        var stages: [Stage] = []
        for (i, instruction) in instructions.enumerated() {
            if instruction.keyword == "FROM" {
                if let last = stages.indices.last { stages[last].instructionIndexes = (stages[last].fromIndex + 1)..<i }
                let words = instruction.body.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let image = words.first else {
                    throw DockerfileError("FROM requires an image", at: instruction.position)
                }
                var name: String?
                if words.count >= 3, words[1].uppercased() == "AS" {
                    name = words[2].lowercased()
                } else if words.count > 1 {
                    throw DockerfileError("FROM takes an image and optionally `AS name`, not \"\(instruction.body)\"", at: instruction.position)
                }
                stages.append(Stage(fromIndex: i, instructionIndexes: (i + 1)..<(i + 1), baseImage: image, name: name, platform: instruction.flag("platform")))
            } else if stages.isEmpty, instruction.keyword != "ARG" {
                throw DockerfileError("\(instruction.keyword) before the first FROM: a Dockerfile must start with FROM (only ARG may come before it)", at: instruction.position)
            }
        }
        guard let last = stages.indices.last else {
            let position = instructions.first?.position ?? DockerfilePosition(line: 1, column: 1)
            throw DockerfileError("no FROM instruction: a Dockerfile needs at least one stage", at: position)
        }
        stages[last].instructionIndexes = (stages[last].fromIndex + 1)..<instructions.count
        return stages
    }
}

/// The exec form of CMD, ENTRYPOINT, RUN, …: a JSON array of strings, or `nil` for anything else.
enum JSONStringArray {
    static func parse(_ text: Substring) -> [String]? {
        let chars = Array(text.trimmedSpaces())
        guard chars.first == "[", chars.last == "]" else { return nil }
        var items: [String] = []
        var i = 1
        func skipSpace() { while i < chars.count, chars[i] == " " || chars[i] == "\t" { i += 1 } }
        skipSpace()
        if i == chars.count - 1 { return [] }
        while i < chars.count {
            skipSpace()
            guard i < chars.count, chars[i] == "\"" else { return nil }
            i += 1
            var item = ""
            while i < chars.count, chars[i] != "\"" {
                if chars[i] == "\\", i + 1 < chars.count {
                    i += 1
                    switch chars[i] {
                    case "n": item.append("\n")
                    case "t": item.append("\t")
                    default: item.append(chars[i])
                    }
                } else {
                    item.append(chars[i])
                }
                i += 1
            }
            guard i < chars.count else { return nil }
            i += 1
            items.append(item)
            skipSpace()
            guard i < chars.count else { return nil }
            if chars[i] == "]" { return i == chars.count - 1 ? items : nil }
            guard chars[i] == "," else { return nil }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    func trimmedSpaces() -> String {
        let start = drop { $0 == " " || $0 == "\t" }
        return String(start.trimmingTrailingSpaces())
    }

    func trimmingTrailingSpaces() -> SubSequence {
        var end = endIndex
        while end > startIndex {
            let before = index(before: end)
            guard self[before] == " " || self[before] == "\t" else { break }
            end = before
        }
        return self[startIndex..<end]
    }
}
