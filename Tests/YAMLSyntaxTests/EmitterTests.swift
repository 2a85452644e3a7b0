import Testing
import YAMLSyntax

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Same tree: same shape, tags, and scalar values (texts for strings); positions and
/// quoting styles may differ.
func equivalent(_ a: Node, _ b: Node) -> Bool {
    guard a.tag == b.tag else { return false }
    switch (a.content, b.content) {
    case (.scalar, .scalar):
        if case .float(let x) = a.resolved, case .float(let y) = b.resolved, x.isNaN, y.isNaN { return true }
        return a.resolved == b.resolved
    case (.sequence(let x), .sequence(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { equivalent($0, $1) }
    case (.mapping(let x), .mapping(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { equivalent($0.key, $1.key) && equivalent($0.value, $1.value) }
    default:
        return false
    }
}

let origin = Mark(file: "gen", line: 1, column: 1)

struct TreeGenerator {
    var rng: SeededGenerator

    static let words = [
        "nginx", "a", "web", "8080:80", "true", "false", "True", "null", "~", "", "yes", "no", "1", "0440", "0o17",
        "0x1F", "1e3", ".5", "1.", ".inf", "-.inf", ".nan", "-1", "-", "--", "---", "...", "- x", "? q", ": c",
        "a: b", "a #b", "a#b", "#c", "&x", "*x", "!t", "|", ">", "'", "\"", "%d", "@a", "`b", "<<", "[1]",
        "{a}", ",", " lead", "trail ", "two words", "tab\there", "line\nbreak", "end\n", "end\n\n", "\nstart",
        "é", "日本", "nbsp\u{A0}x", "nel\u{85}x", "ls\u{2028}x", "bom\u{FEFF}", "del\u{7F}", "nul\0x", "bell\u{7}",
        "back\\slash", "x:", "x: ", "sh -c 'echo hi'", "${VAR:-x}", "$$", "a\n  indented\nback", "crlf\r\nx",
        "9223372036854775808", "1_000", "0b1", "  ", "\t", "emoji 🐳", "trailing space \nline",
        "-x", ":x", "?x", "x:y", "-1", "- ", "!", "a\u{2029}b", "\u{FFFE}", "𝄞", "\r", "a\n\tb", "x\n ", "\n",
    ]
    static let tags: [String?] = [nil, nil, nil, nil, nil, "!reset", "!override", "!!str", "!!int", "!custom"]
    static let styles: [ScalarStyle] = [.plain, .plain, .doubleQuoted, .singleQuoted, .literal, .folded]

    mutating func word() -> String {
        var w = Self.words.randomElement(using: &rng) ?? "x"
        if Int.random(in: 0..<4, using: &rng) == 0 {
            w += Self.words.randomElement(using: &rng) ?? ""
        }
        return w
    }

    mutating func scalar() -> Node {
        let tag = Self.tags.randomElement(using: &rng) ?? nil
        let style = Self.styles.randomElement(using: &rng) ?? .plain
        return Node(.scalar(word(), style), tag: tag, mark: origin)
    }

    mutating func node(depth: Int) -> Node {
        let roll = Int.random(in: 0..<10, using: &rng)
        if depth > 4 || roll < 5 { return scalar() }
        let tag: String? = Int.random(in: 0..<6, using: &rng) == 0 ? "!override" : nil
        let count = Int.random(in: 0..<5, using: &rng)
        if roll < 7 {
            return Node(.sequence((0..<count).map { _ in node(depth: depth + 1) }), tag: tag, mark: origin)
        }
        var pairs: [Node.Pair] = []
        var seen: [ScalarValue] = []
        for _ in 0..<count {
            let key: Node
            if Int.random(in: 0..<12, using: &rng) == 0 {
                key = node(depth: depth + 1)
                if key.scalar == nil {
                    pairs.append(Node.Pair(key: key, value: node(depth: depth + 1)))
                    continue
                }
            } else {
                key = scalar()
            }
            // Keys must be distinct by value; `<<` plain would be a merge key.
            guard let value = key.resolved, !seen.contains(value) else { continue }
            if key.scalar == "<<", key.tag == nil, case .scalar(_, .plain) = key.content { continue }
            seen.append(value)
            pairs.append(Node.Pair(key: key, value: node(depth: depth + 1)))
        }
        return Node(.mapping(pairs), tag: tag, mark: origin)
    }
}

@Suite struct EmitterTests {
    @Test func composeStyleOutput() throws {
        let root = try parseOne("""
            services:
              web:
                image: nginx
                ports: ["80:80", 443]
                environment: {A: "1", B: null, C: "true"}
                command: [sh, -c, "echo 'hi'"]
                labels: {}
                healthcheck:
                  disable: true
            """)
        let expected = """
            services:
              web:
                image: nginx
                ports:
                  - 80:80
                  - 443
                environment:
                  A: "1"
                  B: null
                  C: "true"
                command:
                  - sh
                  - -c
                  - echo 'hi'
                labels: {}
                healthcheck:
                  disable: true

            """
        #expect(YAMLEmitter.emit(root) == expected)
    }

    @Test(arguments: [
        ("", "\"\""), ("true", "\"true\""), ("1.5", "\"1.5\""), ("null", "\"null\""), ("~", "\"~\""),
        ("0440", "\"0440\""), ("- x", "\"- x\""), ("a: b", "\"a: b\""), ("a #b", "\"a #b\""), ("a#b", "a#b"),
        (" x", "\" x\""), ("x ", "\"x \""), ("tab\tx", "\"tab\\tx\""), ("*x", "\"*x\""), ("<<", "\"<<\""),
        ("yes", "yes"), ("x:", "\"x:\""), ("say \"hi\"", "say \"hi\""), ("\"q", "\"\\\"q\""),
    ])
    func quoting(text: String, written: String) {
        let node = Node(.scalar(text, .doubleQuoted), mark: origin)
        #expect(YAMLEmitter.emit(node) == written + "\n")
    }

    @Test func typedScalarsStayPlain() {
        for text in ["1", "1.5", "true", "null", "0x1F", "-3", ".inf"] {
            #expect(YAMLEmitter.emit(Node(.scalar(text, .plain), mark: origin)) == text + "\n")
        }
    }

    @Test func multilineUsesLiteralBlock() throws {
        let root = try parseOne("a:\n  b: \"one\\ntwo\\n\"\n  c: \"x\\ny\"\n")
        let text = YAMLEmitter.emit(root)
        #expect(text == "a:\n  b: |\n    one\n    two\n  c: |-\n    x\n    y\n")
        #expect(equivalent(try parseOne(text), root))
    }

    @Test func tagsAreWritten() throws {
        let root = try parseOne("a: !reset []\nb: !override\n  x: 1\nc: !!str 1\nd:\n  - !override {k: v}\n")
        let text = YAMLEmitter.emit(root)
        #expect(text.contains("a: !reset []"))
        #expect(text.contains("b: !override\n  x: 1"))
        #expect(equivalent(try parseOne(text), root))
    }

    @Test func multipleDocuments() throws {
        let docs = try YAMLParser.parse("a: 1\n---\n- x\n--- !t\nk: v\n", file: "t")
        let text = YAMLEmitter.emit(documents: docs)
        let again = try YAMLParser.parse(text, file: "t")
        #expect(again.count == 3)
        #expect(zip(docs, again).allSatisfy { equivalent($0, $1) })
    }

    @Test func composeFixtureRoundTrips() throws {
        let root = try #require(try YAMLParser.parse(try fixture("compose.yaml"), file: "c").first)
        let text = YAMLEmitter.emit(root)
        #expect(equivalent(try parseOne(text), root), "\(text)")
    }

    @Test func longKeysUseExplicitForm() throws {
        let long = String(repeating: "k", count: 1_500)
        let node = Node(.mapping([Node.Pair(key: .string(long, mark: origin), value: .string("v", mark: origin))]), mark: origin)
        let text = YAMLEmitter.emit(node)
        #expect(text.hasPrefix("? "))
        #expect(equivalent(try parseOne(text), node))
    }

    @Test func generatedTreesRoundTrip() throws {
        var generator = TreeGenerator(rng: SeededGenerator(seed: 42))
        for iteration in 0..<1_500 {
            let tree = generator.node(depth: 0)
            let text = YAMLEmitter.emit(tree)
            let parsed: [Node]
            do {
                parsed = try YAMLParser.parse(text, file: "gen")
            } catch {
                Issue.record("iteration \(iteration): \(error)\n\(text)")
                return
            }
            guard parsed.count == 1, equivalent(parsed[0], tree) else {
                Issue.record("iteration \(iteration) differs:\n\(text)\n\(parsed)\n\(tree)")
                return
            }
        }
    }
}
