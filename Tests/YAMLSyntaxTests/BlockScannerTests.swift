import Foundation
import Testing
@testable import YAMLSyntax

/// The block scanner is a shortcut: wherever it reads a text, the tree (every node, style,
/// tag and mark) and every error must be what libyaml gives. These tests read the same
/// bytes both ways.
@Suite struct BlockScannerTests {
    /// What one way of reading gives: the documents and collected duplicate-key errors, or
    /// the error thrown, plus whether the block scanner read it.
    struct Outcome: Equatable {
        var documents: [Node] = []
        var collected: [String] = []
        var thrown: String?
        var scanned = false
    }

    static func read(_ bytes: [UInt8], scanner: Bool, collecting: Bool = true) -> Outcome {
        var builder = TreeBuilder(file: "t.yaml", options: .init(blockScanner: scanner), collectDuplicates: collecting)
        var out = Outcome()
        do throws(YAMLError) {
            try builder.run(bytes)
            out.documents = builder.documents
            out.collected = builder.collected.map { "\($0.mark): \($0.message)" }
        } catch {
            out.thrown = "\(error.mark): \(error.message)"
        }
        out.scanned = builder.usedBlockScanner
        return out
    }

    /// Reads both ways; returns whether the scanner took it. Records a difference as an issue.
    @discardableResult
    static func same(_ bytes: [UInt8], _ label: String, collecting: Bool = true) -> Bool {
        let fast = read(bytes, scanner: true, collecting: collecting)
        let slow = read(bytes, scanner: false, collecting: collecting)
        var a = fast, b = slow
        a.scanned = false
        b.scanned = false
        if a != b {
            Issue.record("\(label): the block scanner and libyaml disagree\nscanner: \(fast.thrown ?? "") \(fast.documents.map(\.debugTree))\nlibyaml: \(slow.thrown ?? "") \(slow.documents.map(\.debugTree))\ninput:\n\(String(decoding: bytes, as: UTF8.self))")
        }
        return fast.scanned
    }

    static let corpus: String = {
        if let explicit = ProcessInfo.processInfo.environment["BERTH_CORPUS"] { return explicit }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beside = package.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
        return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/corpus"
    }()

    /// Every YAML file of the corpus and of the test fixtures.
    static func files() -> [String] {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path
        var out: [String] = []
        for root in [corpus, tests] {
            let found = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            out += found.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { root + "/" + $0 }
        }
        return out
    }

    static let generated: [String] = [
        """
        name: bench
        x-common: &common
          restart: unless-stopped
          logging:
            driver: json-file
            options: {max-size: 10m, "max-file": '3'}
        services:
          web:
            <<: *common
            image: "nginx:1.27"   # pinned
            command: ["sh", "-c", 'echo ''hi'' && sleep 1', 42, 1.5, true, null, ~]
            ports:
              - "8080:80"
              - 9090:90
            environment:
              A: 1
              B:
              C: "x y"
            depends_on: [db]
            healthcheck:
              test: [CMD, true]
              interval: 30s
          db:
            image: postgres
            volumes:
            - data:/var/lib/data
            - ./conf:/etc/conf:ro
            networks: {}
            labels: []
            tmpfs: !reset []
            secrets: !override
              - s1
            deploy:
              resources:
                limits: {cpus: '0.5', memory: 50M}
        volumes:
          data:
          other: &vol
            driver: local
          third: *vol
        # the end
        """,
        "a: 1\nb:\n- x\n- y: 1\n  z: 2\n-\n- - nested\n",
        "- a\n- b: c\n  d: e\n- [1, 2, [3, {k: v}]]\n- {}\n- []\n",
        "key: value # comment\n# only a comment\n\n\nother: 'single'\nthird: \"double\"\n",
        "a: &x 1\nb: *x\nc: !!str 2\nd: !!int \"3\"\n",
        "dup: 1\ndup: 2\n",
        "x: [a, b,]\ny: {a: 1,}\n",
        "anchored: &m\n  k: v\nmerged:\n  <<: *m\n  k: w\n",
        "   indented: root\n   second: line\n",
        "key:    \n  nested: 1\n",
        "a: b: c\n",
        "- a\n  b\n",
        "k: v\n  # deeper comment\n",
        "k: [a,\n  b]\n",
        "k: \"unterminated\n",
        "k: 'it''s'\n",
        "k: -1\nl: -\nm: ?x\nn: :x\n",
        "url: http://example.com:8080/path?q=1#frag\n",
        "k: a#b\nl: a #b\n",
        "",
        "# just a comment\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "k: *unknown\n",
        "k: &a [1, 2]\nl: *a\n",
        "k: !custom-tag value\nl: !custom {a: 1}\n",
        "k: 1\n k2: 2\n",
        "seq:\n  - a\n - b\n",
        "k: {a: [1, {b: c}], d: e}\n",
        "? complex\n: value\n",
        "k: |\n  block\n",
        "k: >-\n  folded\n",
        "k: \"esc\\n\"\n",
        "\"quoted key\": 1\n'single key': 2\n",
        "k: [a: b]\n",
        "k: {a}\n",
        "k: {a: }\n",
        "k: 2001-12-14\n",
        "<<: {a: 1}\nb: 2\n",
        "a:\n  - x\n  -   y\n  -\n    z: 1\n",
    ]

    /// The word-at-a-time alphabet check against a byte-by-byte one.
    @Test func alphabetCheckMatchesBytes() {
        var rng = SeededGenerator(seed: 5)
        let edges: [UInt8] = [0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xFF, 0x41]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0..<40, using: &rng)
            let bytes: [UInt8] = (0..<count).map { _ in
                Int.random(in: 0..<10, using: &rng) == 0 ? (edges.randomElement(using: &rng) ?? 0) : UInt8.random(in: 0x20...0x7E, using: &rng)
            }
            let expected = bytes.allSatisfy { ($0 >= 0x20 && $0 <= 0x7E) || $0 == 0x0A }
            #expect(bytes.withUnsafeBufferPointer { BlockYAMLScanner.acceptsAlphabet($0) } == expected, "\(bytes)")
        }
    }

    @Test func generatedTextsReadTheSame() {
        var scanned = 0
        for (n, text) in Self.generated.enumerated() {
            if Self.same(Array(text.utf8), "generated #\(n)") { scanned += 1 }
            Self.same(Array(text.utf8), "generated #\(n), not collecting", collecting: false)
        }
        // Most of these are in the subset; the rest check that the shortcut steps aside.
        #expect(scanned >= 20)
    }

    @Test func corpusAndFixturesReadTheSame() throws {
        let files = Self.files()
        #expect(files.count > 50)
        var scanned = 0
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            if Self.same([UInt8](data), file) { scanned += 1 }
        }
        // The shortcut must actually be taken on a good share of real files.
        #expect(scanned >= files.count / 4, "the block scanner read \(scanned) of \(files.count) files")
    }

    /// Mutations of texts the scanner reads: wherever it still accepts one, it must agree
    /// with libyaml, including on what libyaml refuses.
    @Test func mutatedTextsReadTheSame() throws {
        var sources = Self.generated.map { Array($0.utf8) }
        for file in Self.files().prefix(60) {
            if let data = FileManager.default.contents(atPath: file), BlockScannerTests.read([UInt8](data), scanner: true).scanned {
                sources.append([UInt8](data))
            }
        }
        var rng = SeededGenerator(seed: 11)
        let interesting: [UInt8] = Array("[]{}:,-?#&*!|>'\"%@` \n\n  ab1.~<".utf8)
        var accepted = 0
        for iteration in 0..<30_000 {
            var input = sources[iteration % sources.count]
            guard !input.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<max(input.count, 1), using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: input.insert(interesting.randomElement(using: &rng) ?? 0x20, at: min(at, input.count))
                case 1: if !input.isEmpty { input.remove(at: min(at, input.count - 1)) }
                default: if !input.isEmpty { input[min(at, input.count - 1)] = interesting.randomElement(using: &rng) ?? 0x20 }
                }
            }
            if Self.same(input, "mutation \(iteration)") { accepted += 1 }
        }
        #expect(accepted > 5_000, "the block scanner read \(accepted) of 30 000 mutations")
    }
}

extension Node {
    /// The tree with styles, tags and marks, for messages.
    var debugTree: String {
        let props = (tag.map { "\($0) " } ?? "") + "@\(mark.line):\(mark.column)"
        switch content {
        case .scalar(let text, let style): return "\(style)(\(text.debugDescription) \(props))"
        case .sequence(let items): return "[\(props) " + items.map(\.debugTree).joined(separator: ", ") + "]"
        case .mapping(let pairs): return "{\(props) " + pairs.map { "\($0.key.debugTree): \($0.value.debugTree)" }.joined(separator: ", ") + "}"
        }
    }
}
