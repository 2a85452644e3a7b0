/// A position in a Dockerfile: 1-based line and column, as editors show them.
public struct DockerfilePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A parser directive from the top of the file (`# syntax=…`, `# escape=…`, `# check=…`).
public struct ParserDirective: Sendable, Hashable {
    public var name: String
    public var value: String
    public var position: DockerfilePosition
}

/// A here-document attached to an instruction (`RUN <<EOF … EOF`).
public struct Heredoc: Sendable, Hashable {
    /// The delimiter word, without quotes or `-`.
    public var delimiter: String
    /// The body lines between the instruction and the delimiter line, joined with newlines.
    public var body: String
    /// Whether the delimiter was quoted (no expansion inside the body).
    public var quoted: Bool
    /// `<<-`: leading tabs are stripped from the body.
    public var stripTabs: Bool
    /// Where the body starts.
    public var position: DockerfilePosition
}

/// One instruction, with its continuation lines joined.
public struct Instruction: Sendable, Hashable {
    /// The keyword in upper case (`RUN`, `FROM`, …).
    public var keyword: String
    /// The keyword as written.
    public var keywordText: String
    /// Everything after the keyword with continuations joined by a space, flags included.
    public var arguments: String
    /// Leading `--name=value` flags (`--from=build`, `--mount=…`), in order.
    public var flags: [String]
    /// The arguments after the flags.
    public var body: String
    /// The JSON (exec) form's items when the body is a JSON array of strings.
    public var execForm: [String]?
    public var heredocs: [Heredoc]
    /// Where the keyword starts.
    public var position: DockerfilePosition
    /// The last source line of the instruction (continuations and heredocs included).
    public var endLine: Int

    /// The value of a flag such as `--from`, if given.
    public func flag(_ name: String) -> String? {
        let prefix = "--\(name)="
        return flags.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}

/// A build stage: a FROM instruction and what follows it up to the next FROM.
public struct Stage: Sendable, Hashable {
    /// The index in `Dockerfile.instructions` of the stage's FROM.
    public var fromIndex: Int
    /// The indexes of the stage's instructions after its FROM.
    public var instructionIndexes: Range<Int>
    /// The base image as written (`golang:1.22`, `${BASE}`, or an earlier stage's name).
    public var baseImage: String
    /// `AS name`, lower-cased as BuildKit matches it.
    public var name: String?
    /// `--platform=…`
    public var platform: String?
}

/// A parsed Dockerfile.
public struct Dockerfile: Sendable, Hashable {
    public var directives: [ParserDirective]
    public var instructions: [Instruction]
    public var stages: [Stage]
    /// The escape character (`\` unless `# escape=` says otherwise).
    public var escape: Character
    /// The comment lines (`# …`) with their line numbers, for suppression comments.
    public var comments: [(line: Int, text: String)] {
        commentLines.map { ($0.line, $0.text) }
    }
    var commentLines: [CommentLine]

    struct CommentLine: Sendable, Hashable {
        var line: Int
        var text: String
    }

    /// Parses Dockerfile text. Throws a located error for text the builder would reject.
    public static func parse(_ text: String) throws(DockerfileError) -> Dockerfile {
        var parser = DockerfileParser(text: text)
        return try parser.parse()
    }

    /// The instructions of a stage, FROM first.
    public func instructions(of stage: Stage) -> [Instruction] {
        [instructions[stage.fromIndex]] + stage.instructionIndexes.map { instructions[$0] }
    }

    /// Whether an earlier stage has this name, so `FROM name` is not an image.
    public func isStageName(_ name: String, before index: Int) -> Bool {
        stages.prefix(index).contains { $0.name == name.lowercased() }
    }
}

/// A Dockerfile the builder would reject, with where.
public struct DockerfileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var position: DockerfilePosition

    public init(_ message: String, at position: DockerfilePosition) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(position): \(message)" }
}

extension Dockerfile {
    /// A Dockerfile with nothing in it.
    public static let empty = Dockerfile(directives: [], instructions: [], stages: [], escape: "\\", commentLines: [])
}
