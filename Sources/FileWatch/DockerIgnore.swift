import BerthBasics
import Foundation

/// A `.dockerignore` file read with Docker's rules (moby's `ignorefile` and `patternmatcher`):
///
/// - one pattern per line; lines starting with `#` are comments; surrounding spaces trimmed;
/// - each pattern is cleaned like Go's `filepath.Clean` (`.` and `..` resolved, doubled and
///   trailing `/` dropped) and a leading `/` removed, so every pattern is relative to the context;
/// - `*` matches any run of characters but `/`, `?` one character but `/`, `[…]` a class,
///   `\` escapes the next character, `**` any number of directories (`**/x`, `a/**/b`, `a/**`);
/// - `!pattern` is an exception; patterns are evaluated in order and the last match wins;
/// - a pattern matching a directory excludes everything under it (a path matches when it or
///   one of its parent directories matches).
public struct DockerIgnore: Sendable, Hashable {
    /// One cleaned pattern.
    public struct Pattern: Sendable, Hashable, CustomStringConvertible {
        /// The cleaned pattern, without its `!`.
        public let text: String
        /// True for an `!` exception (a match re-includes).
        public let isExclusion: Bool
        let matcher: GlobMatcher

        public var description: String { (isExclusion ? "!" : "") + text }
    }

    /// The patterns, in file order.
    public private(set) var patterns: [Pattern]

    /// True when some pattern is an `!` exception.
    public var hasExclusions: Bool { patterns.contains { $0.isExclusion } }

    /// Compiles patterns as Docker's pattern matcher does (each trimmed and cleaned; a `!`
    /// prefix makes an exception). Throws for `!` alone and for malformed patterns. These are
    /// patterns already read (see `lines(of:)`): no comments, and a leading `/` is kept.
    public init(patterns lines: [String]) throws(DockerIgnoreError) {
        var compiled: [Pattern] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            var text = POSIXPath.clean(trimmed)
            var exclusion = false
            if text.hasPrefix("!") {
                if text == "!" { throw .illegalExclusion }
                exclusion = true
                text.removeFirst()
            }
            let matcher = try GlobMatcher(pattern: text)
            compiled.append(Pattern(text: text, isExclusion: exclusion, matcher: matcher))
        }
        patterns = compiled
    }

    /// Reads the text of a `.dockerignore` file.
    public init(contents: String) throws(DockerIgnoreError) {
        try self.init(patterns: Self.lines(of: contents))
    }

    /// The patterns of a `.dockerignore` file as Docker reads them: comments and blank lines
    /// dropped, each pattern cleaned, a leading `/` removed (`!` kept in front).
    public static func lines(of contents: String) -> [String] {
        var out: [String] = []
        var text = Substring(contents.replacingOccurrences(of: "\r\n", with: "\n"))
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = rawLine
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.hasPrefix("#") { continue }
            var pattern = line.trimmingCharacters(in: .whitespaces)
            if pattern.isEmpty { continue }
            let invert = pattern.hasPrefix("!")
            if invert { pattern = String(pattern.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if !pattern.isEmpty {
                pattern = POSIXPath.clean(pattern)
                if pattern.utf8.count > 1 && pattern.hasPrefix("/") { pattern.removeFirst() }
            }
            out.append(invert ? "!" + pattern : pattern)
        }
        return out
    }

    /// The same patterns followed by exceptions for `.dockerignore` and the Dockerfile when they
    /// would be excluded: both are always sent (the engine needs them).
    public func keepingBuildFiles(dockerfile: String) -> DockerIgnore {
        var result = self
        for file in [".dockerignore", POSIXPath.clean(dockerfile)] where result.matches(file) {
            if let matcher = try? GlobMatcher(pattern: file) {
                result.patterns.append(Pattern(text: file, isExclusion: true, matcher: matcher))
            }
        }
        return result
    }

    /// True when `path` (relative to the context, `/`-separated) is excluded: the last pattern
    /// matching it or one of its parent directories decides.
    public func matches(_ path: String) -> Bool {
        matches(path, parent: nil).excluded
    }

    /// Which patterns matched a directory; passed to its children's match (what Docker's
    /// context walk does to avoid re-matching parents).
    public struct ParentMatches: Sendable, Hashable {
        var matched: [Bool]
    }

    /// Matches `path` using what its parent directory's match found (nil: no information, so
    /// every parent directory is tried). Returns the result and this path's matches for its children.
    public func matches(_ path: String, parent: ParentMatches?) -> (excluded: Bool, matches: ParentMatches) {
        let bytes = Array(POSIXPath.clean(path).utf8)
        var info = ParentMatches(matched: [Bool](repeating: false, count: patterns.count))
        var excluded = false
        let parentMatched = parent.flatMap { $0.matched.count == patterns.count ? $0.matched : nil }
        for (index, pattern) in patterns.enumerated() {
            var match = parentMatched?[index] ?? false
            if !match {
                if pattern.isExclusion != excluded { continue }
                match = pattern.matcher.matches(bytes)
                if !match && parentMatched == nil {
                    // Try each parent directory: a/b/c checks a, then a/b.
                    var end = 0
                    while let slash = bytes[end...].firstIndex(of: UInt8(ascii: "/")) {
                        if pattern.matcher.matches(Array(bytes[..<slash])) {
                            match = true
                            break
                        }
                        end = slash + 1
                    }
                }
            }
            info.matched[index] = match
            if match { excluded = !pattern.isExclusion }
        }
        return (excluded, info)
    }

    /// For an excluded directory: true when an exception pattern names something under it
    /// (`!dir/keep`), so the walk must still descend into it. Docker compares the text only:
    /// `!*/keep` does not re-include anything under an excluded directory.
    public func mayReinclude(underDirectory directory: String) -> Bool {
        let prefix = POSIXPath.clean(directory) + "/"
        return patterns.contains { $0.isExclusion && ($0.text + "/").hasPrefix(prefix) }
    }
}

/// A `.dockerignore` that cannot be used.
public enum DockerIgnoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A line holding only `!`.
    case illegalExclusion
    /// A malformed pattern (unclosed `[`, trailing `\`, empty class).
    case badPattern(String)
    /// The file could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .illegalExclusion: return "illegal exclusion pattern: \"!\""
        case .badPattern(let pattern): return "syntax error in pattern \(pattern.debugDescription)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        }
    }
}

/// One pattern compiled as Docker compiles it: exact, prefix (`a/**`), suffix (`**/a`) or a
/// general glob, matched on UTF-8 bytes.
struct GlobMatcher: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case exact
        case prefix([UInt8])
        case suffix([UInt8])
        case glob
    }

    enum Token: Sendable, Hashable {
        case byte(UInt8)
        /// `?`: one character other than `/`.
        case anyCharacter
        /// `*`: any run without `/`.
        case star
        /// `**/` or `**` inside a pattern: nothing, or anything ending with `/`.
        case anyDirectories
        /// `**` at the end after other wildcards: anything.
        case anyTail
        /// A bare `^` (Docker leaves it as a regular-expression anchor).
        case start
        case characterClass(ranges: [ClosedRange<UInt32>], negated: Bool)
    }

    let text: [UInt8]
    let kind: Kind
    let tokens: [Token]

    init(pattern: String) throws(DockerIgnoreError) {
        let bytes = Array(pattern.utf8)
        text = bytes
        enum MatchType { case exact, prefix, suffix, glob }
        var matchType = MatchType.exact
        var tokens: [Token] = []
        var i = 0

        func scalar(at index: Int) -> (value: UInt32, length: Int) {
            let length = Self.runeLength(bytes[index...])
            let value = String(decoding: bytes[index..<index + length], as: UTF8.self).unicodeScalars.first?.value
            return (value ?? UInt32(bytes[index]), length)
        }

        while i < bytes.count {
            let c = bytes[i]
            let first = i == 0
            switch c {
            case UInt8(ascii: "*"):
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*") {
                    i += 2
                    if i < bytes.count && bytes[i] == UInt8(ascii: "/") { i += 1 }
                    if i == bytes.count {
                        if matchType == .exact {
                            matchType = .prefix
                        } else {
                            tokens.append(.anyTail)
                            matchType = .glob
                        }
                    } else {
                        tokens.append(.anyDirectories)
                        matchType = .glob
                    }
                    // Docker: a pattern starting with `**` is a suffix match unless a later
                    // wildcard makes it a general one.
                    if first { matchType = .suffix }
                    continue
                }
                tokens.append(.star)
                matchType = .glob
                i += 1
            case UInt8(ascii: "?"):
                tokens.append(.anyCharacter)
                matchType = .glob
                i += 1
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count else { throw .badPattern(pattern) }
                let (_, length) = scalar(at: i + 1)
                for b in bytes[(i + 1)..<(i + 1 + length)] { tokens.append(.byte(b)) }
                i += 1 + length
            case UInt8(ascii: "["):
                // A character class: `[abc]`, `[a-z]`, `[^a]`, `\` escapes inside.
                matchType = .glob
                i += 1
                var negated = false
                if i < bytes.count && bytes[i] == UInt8(ascii: "^") {
                    negated = true
                    i += 1
                }
                var ranges: [ClosedRange<UInt32>] = []
                var closed = false
                while i < bytes.count {
                    if bytes[i] == UInt8(ascii: "]") {
                        closed = true
                        i += 1
                        break
                    }
                    var low: UInt32
                    if bytes[i] == UInt8(ascii: "\\") {
                        guard i + 1 < bytes.count else { throw .badPattern(pattern) }
                        let s = scalar(at: i + 1)
                        low = s.value
                        i += 1 + s.length
                    } else {
                        let s = scalar(at: i)
                        low = s.value
                        i += s.length
                    }
                    var high = low
                    if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "-") && bytes[i + 1] != UInt8(ascii: "]") {
                        i += 1
                        if bytes[i] == UInt8(ascii: "\\") {
                            guard i + 1 < bytes.count else { throw .badPattern(pattern) }
                            let s = scalar(at: i + 1)
                            high = s.value
                            i += 1 + s.length
                        } else {
                            let s = scalar(at: i)
                            high = s.value
                            i += s.length
                        }
                        guard low <= high else { throw .badPattern(pattern) }
                    }
                    ranges.append(low...high)
                }
                guard closed, !ranges.isEmpty else { throw .badPattern(pattern) }
                tokens.append(.characterClass(ranges: ranges, negated: negated))
            case UInt8(ascii: "]"):
                tokens.append(.byte(c))
                matchType = .glob
                i += 1
            case UInt8(ascii: "^"):
                tokens.append(.start)
                i += 1
            default:
                tokens.append(.byte(c))
                i += 1
            }
        }
        switch matchType {
        case .exact: kind = .exact
        case .prefix: kind = .prefix(Array(bytes.dropLast(2)))
        case .suffix: kind = .suffix(Array(bytes.dropFirst(2)))
        case .glob: kind = .glob
        }
        self.tokens = tokens
    }

    func matches(_ path: [UInt8]) -> Bool {
        switch kind {
        case .exact:
            return path == text
        case .prefix(let prefix):
            return path.starts(with: prefix)
        case .suffix(let suffix):
            if path.count >= suffix.count && path[(path.count - suffix.count)...].elementsEqual(suffix) { return true }
            // `**/foo` matches `foo`.
            return suffix.first == UInt8(ascii: "/") && path.elementsEqual(suffix.dropFirst())
        case .glob:
            return Self.match(tokens[...], path[...], atStart: true)
        }
    }

    static func runeLength(_ path: ArraySlice<UInt8>) -> Int {
        guard let lead = path.first else { return 0 }
        var length = 1
        if lead >= 0xF0 { length = 4 } else if lead >= 0xE0 { length = 3 } else if lead >= 0xC0 { length = 2 }
        return min(length, path.count)
    }

    private static func match(_ tokens: ArraySlice<Token>, _ path: ArraySlice<UInt8>, atStart: Bool) -> Bool {
        guard let token = tokens.first else { return path.isEmpty }
        let rest = tokens.dropFirst()
        switch token {
        case .byte(let b):
            guard path.first == b else { return false }
            return match(rest, path.dropFirst(), atStart: false)
        case .start:
            return atStart && match(rest, path, atStart: true)
        case .anyCharacter:
            guard let first = path.first, first != UInt8(ascii: "/") else { return false }
            return match(rest, path.dropFirst(runeLength(path)), atStart: false)
        case .characterClass(let ranges, let negated):
            guard !path.isEmpty else { return false }
            let length = runeLength(path)
            let value = String(decoding: path.prefix(length), as: UTF8.self).unicodeScalars.first?.value ?? 0
            let inClass = ranges.contains { $0.contains(value) }
            guard inClass != negated else { return false }
            return match(rest, path.dropFirst(length), atStart: false)
        case .star:
            let end = path.firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            var cut = end
            while cut >= path.startIndex {
                if match(rest, path[cut...], atStart: cut == path.startIndex && atStart) { return true }
                if cut == path.startIndex { break }
                cut -= 1
            }
            return false
        case .anyDirectories:
            if match(rest, path, atStart: atStart) { return true }
            var index = path.startIndex
            while index < path.endIndex {
                if path[index] == UInt8(ascii: "/"), match(rest, path[(index + 1)...], atStart: false) { return true }
                index += 1
            }
            return false
        case .anyTail:
            var cut = path.endIndex
            while cut >= path.startIndex {
                if match(rest, path[cut...], atStart: false) { return true }
                if cut == path.startIndex { break }
                cut -= 1
            }
            return false
        }
    }
}
