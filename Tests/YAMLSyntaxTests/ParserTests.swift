import Foundation
import Testing
import YAMLSyntax

func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return Array(try Data(contentsOf: url))
}

func parseOne(_ text: String, file: String = "t.yaml") throws -> Node {
    let docs = try YAMLParser.parse(text, file: file)
    return try #require(docs.first)
}

func parseError(_ text: String, options: YAMLParser.Options = .init()) -> YAMLError? {
    do {
        _ = try YAMLParser.parse(text, file: "t.yaml", options: options)
        return nil
    } catch {
        return error
    }
}

@Suite struct ParserTests {
    @Test func positionsAreOneBased() throws {
        let root = try parseOne("""
            services:
              web:
                image: nginx
                ports:
                  - "80:80"
            """)
        #expect(root.mark == Mark(file: "t.yaml", line: 1, column: 1))
        let web = try #require(root["services"]?["web"])
        #expect(web.mark.line == 3 && web.mark.column == 5)
        let image = try #require(web["image"])
        #expect(image.scalar == "nginx")
        #expect(image.mark.line == 3 && image.mark.column == 12)
        let key = try #require(web.mapping?.first?.key)
        #expect(key.mark.line == 3 && key.mark.column == 5)
        let port = try #require(web["ports"]?.sequence?.first)
        #expect(port.mark.line == 5 && port.mark.column == 9)
        #expect(port.scalar == "80:80")
        if case .scalar(_, let style) = port.content { #expect(style == .doubleQuoted) }
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let root = try parseOne("é: [ü, x]\n")
        let x = try #require(root["é"]?.sequence?.last)
        #expect(x.mark.column == 8)
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb:\r\n  c: x\r\n".utf8)
        let root = try #require(try YAMLParser.parse(bytes, file: "t").first)
        #expect(root["a"]?.resolved == .int(1))
        let c = try #require(root["b"]?["c"])
        #expect(c.scalar == "x")
        #expect(c.mark.line == 3 && c.mark.column == 6)
    }

    @Test func emptyStreamGivesNoDocuments() throws {
        #expect(try YAMLParser.parse("", file: "t").isEmpty)
        #expect(try YAMLParser.parse("# only a comment\n", file: "t").isEmpty)
        #expect(try YAMLParser.parse([], file: "t").isEmpty)
    }

    @Test func multipleDocuments() throws {
        let docs = try YAMLParser.parse("a: 1\n---\nb: 2\n---\n- x\n", file: "t")
        #expect(docs.count == 3)
        #expect(docs[0]["a"]?.resolved == .int(1))
        #expect(docs[1]["b"]?.resolved == .int(2))
        #expect(docs[1].mark.line == 3)
        #expect(docs[2].sequence?.first?.scalar == "x")
    }

    @Test func anchorsAreDocumentScoped() {
        let error = parseError("a: &x 1\n---\nb: *x\n")
        #expect(error?.message.contains("x") == true)
        #expect(error?.mark.line == 3)
    }

    @Test func aliasReportsItsOwnPosition() throws {
        let root = try parseOne("""
            base: &b
              image: nginx
            copy: *b
            """)
        let base = try #require(root["base"])
        let copy = try #require(root["copy"])
        // A collection with properties starts at its anchor or tag.
        #expect(base.mark.line == 1 && base.mark.column == 7)
        #expect(copy.mark.line == 3 && copy.mark.column == 7)
        #expect(copy["image"]?.scalar == "nginx")
        // Children keep where they were written.
        #expect(copy["image"]?.mark.line == 2)
    }

    @Test func undefinedAliasIsLocated() throws {
        let error = try #require(parseError("a: 1\nb: *nope\n"))
        #expect(error.message.contains("nope"))
        #expect(error.mark.line == 2 && error.mark.column == 4)
    }

    @Test func selfReferenceIsAnError() {
        #expect(parseError("a: &a [*a]\n") != nil)
    }

    @Test func mergeMapping() throws {
        let root = try parseOne("""
            base: &b {image: nginx, restart: always}
            svc:
              <<: *b
              restart: "no"
            """)
        let svc = try #require(root["svc"]?.mapping)
        #expect(svc.map { $0.key.scalar } == ["image", "restart"])
        #expect(root["svc"]?["restart"]?.scalar == "no")
        #expect(root["svc"]?["image"]?.scalar == "nginx")
    }

    @Test func mergeListEarlierWins() throws {
        let root = try parseOne("""
            a: &a {x: 1, y: 1}
            b: &b {y: 2, z: 2}
            c:
              <<: [*a, *b]
              z: 3
            """)
        let c = try #require(root["c"])
        #expect(c.mapping?.map { $0.key.scalar } == ["x", "y", "z"])
        #expect(c["x"]?.resolved == .int(1))
        #expect(c["y"]?.resolved == .int(1))
        #expect(c["z"]?.resolved == .int(3))
    }

    @Test func mergeExplicitBeforeMergeKeyStillWins() throws {
        let root = try parseOne("""
            a: &a {x: 1, y: 1}
            c:
              y: 5
              <<: *a
            """)
        let c = try #require(root["c"])
        #expect(c.mapping?.count == 2)
        #expect(c["y"]?.resolved == .int(5))
        #expect(c["x"]?.resolved == .int(1))
    }

    @Test func mergeAliasToSequenceOfMappings() throws {
        let root = try parseOne("""
            list: &l [{a: 1}, {b: 2}]
            m:
              <<: *l
            """)
        #expect(root["m"]?.mapping?.count == 2)
    }

    @Test func mergeInlineMapping() throws {
        let root = try parseOne("m:\n  <<: {a: 1}\n  b: 2\n")
        #expect(root["m"]?.mapping?.map { $0.key.scalar } == ["a", "b"])
    }

    @Test(arguments: ["m:\n  <<: 1\n", "s: &s hello\nm:\n  <<: *s\n", "m:\n  <<: [{a: 1}, 2]\n"])
    func mergeWithScalarIsAnError(text: String) throws {
        let error = try #require(parseError(text))
        #expect(error.message.contains("merge"))
    }

    @Test func quotedMergeKeyIsAnOrdinaryKey() throws {
        let root = try parseOne("\"<<\": 1\n")
        #expect(root["<<"]?.resolved == .int(1))
    }

    @Test func duplicateKeyError() throws {
        let text = """
            services:
              web:
                image: a
                entrypoint: sh
                command: one
                command: two
            """
        let error = try #require(parseError(text))
        #expect(error.message == "mapping key \"command\" already defined at line 5")
        #expect(error.mark.line == 6 && error.mark.column == 5)
    }

    @Test func duplicateKeysCollected() throws {
        let (docs, errors) = try YAMLParser.parseCollecting(Array("a: 1\nb: 2\na: 3\n".utf8), file: "t")
        #expect(errors.count == 1)
        #expect(errors.first?.mark.line == 3)
        #expect(docs.first?["a"]?.resolved == .int(3))
        #expect(docs.first?.mapping?.count == 2)
    }

    @Test func duplicateKeysCollectedAroundMerge() throws {
        let text = "b: &b {m: 1}\nc:\n  a: 1\n  a: 2\n  <<: *b\n  a: 3\n  z: 4\n"
        let (docs, errors) = try YAMLParser.parseCollecting(Array(text.utf8), file: "t")
        #expect(errors.count == 2)
        #expect(errors.allSatisfy { $0.message == "mapping key \"a\" already defined at line 3" })
        #expect(errors.map(\.mark.line) == [4, 6])
        let c = try #require(docs.first?["c"])
        #expect(c.mapping?.map { $0.key.scalar } == ["a", "m", "z"])
        #expect(c["a"]?.resolved == .int(3))
    }

    @Test func duplicateDetectionInLargeMappings() throws {
        let keys = (0..<40).map { "k\($0): \($0)" }.joined(separator: "\n")
        #expect(parseError(keys + "\n") == nil)
        let error = try #require(parseError(keys + "\nk7: again\n"))
        #expect(error.message == "mapping key \"k7\" already defined at line 8")
        #expect(error.mark.line == 41)
        // Keys are compared by value: 1 and 0x1 are the same integer.
        #expect(parseError("1: a\n0x1: b\n") != nil)
        #expect(parseError("1: a\n\"1\": b\n") == nil)
    }

    @Test func mergedKeysAreNotDuplicates() throws {
        let root = try parseOne("a: &a {x: 1}\nb: &b {x: 2}\nc:\n  <<: [*a, *b]\n  x: 3\n")
        #expect(root["c"]?["x"]?.resolved == .int(3))
    }

    @Test func tagsKeptInShorthand() throws {
        let root = try parseOne("""
            a: !reset []
            b: !override {x: 1}
            c: !!str 123
            d: !!int "12"
            e: !reset null
            """)
        #expect(root["a"]?.tag == "!reset")
        #expect(root["b"]?.tag == "!override")
        #expect(root["c"]?.tag == "!!str")
        #expect(root["c"]?.resolved == .string("123"))
        #expect(root["d"]?.tag == "!!int")
        #expect(root["d"]?.resolved == .int(12))
        #expect(root["e"]?.tag == "!reset")
        #expect(root["e"]?.isNull == true)
    }

    @Test func tagsSurviveAliases() throws {
        let root = try parseOne("""
            x: &p !reset [a]
            y: *p
            z:
              <<: {ports: !override [1]}
            """)
        #expect(root["y"]?.tag == "!reset")
        #expect(root["y"]?.mark.line == 2)
        #expect(root["z"]?["ports"]?.tag == "!override")
    }

    @Test func billionLaughsFailsFast() throws {
        let bytes = try fixture("billion-laughs.yaml")
        let clock = ContinuousClock()
        var caught: YAMLError?
        let elapsed = clock.measure {
            do throws(YAMLError) { _ = try YAMLParser.parse(bytes, file: "bomb.yaml") } catch { caught = error }
        }
        let error = try #require(caught)
        #expect(error.message == "excessive aliasing")
        #expect(error.mark.file == "bomb.yaml")
        #expect(error.mark.line >= 3)
        #expect(elapsed < .milliseconds(200))
    }

    @Test func aliasExpansionLimitIsConfigurable() {
        let text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
        #expect(parseError(text, options: .init(maxAliasExpansion: 8)) == nil)
        #expect(parseError(text, options: .init(maxAliasExpansion: 7))?.message == "excessive aliasing")
        #expect(parseError(text, options: .init(maxNodes: 10)) != nil)
    }

    @Test func limitsCoverTheWholeStream() throws {
        let doc = "a: &a [1, 2]\nb: *a\n"
        #expect(parseError(doc, options: .init(maxAliasExpansion: 5)) == nil)
        let error = try #require(parseError(doc + "---\n" + doc, options: .init(maxAliasExpansion: 5)))
        #expect(error.message == "excessive aliasing")
        #expect(error.mark.line == 5)
    }

    @Test func deepNestingIsAnError() throws {
        let deep = String(repeating: "[", count: 10_000)
        let error = try #require(parseError(deep))
        #expect(error.message.contains("depth"))
        #expect(error.mark.line == 1 && error.mark.column == 257)
        let blockDeep = (0..<400).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n")
        #expect(parseError(blockDeep) != nil)
        #expect(parseError(String(repeating: "[", count: 256) + String(repeating: "]", count: 256)) == nil)
    }

    @Test func aliasesCountTowardsDepth() throws {
        let inner = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let text = "a: &a \(inner)\nb: \(String(repeating: "[", count: 100))*a\(String(repeating: "]", count: 100))\n"
        let error = try #require(parseError(text))
        #expect(error.message.contains("depth"))
        #expect(error.mark.line == 2)
    }

    @Test func tabIndentationIsLocated() throws {
        let bytes = try fixture("tab-indent.yaml")
        do {
            _ = try YAMLParser.parse(bytes, file: "tab.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("tab"))
            #expect(error.mark.file == "tab.yaml")
            #expect(error.mark.line == 3)
        }
    }

    @Test(arguments: [
        ("a: \"unclosed\n", 2),
        ("a:\n  b: 1\n c: 2\n", 3),
        ("a: [1, 2\n", 2),
        ("- a\nb: c\n", 2),
    ])
    func syntaxErrorsAreLocated(text: String, line: Int) throws {
        let error = try #require(parseError(text))
        #expect(!error.message.isEmpty)
        #expect(error.mark.line == line, "\(error)")
    }

    @Test func syntaxErrorCarriesContext() throws {
        let error = try #require(parseError("a:\n  b: 1\n c: 2\n"))
        #expect(error.context == "while parsing a block mapping")
        let unclosed = try #require(parseError("a: 1\nb: \"open\n"))
        #expect(unclosed.context == "while scanning a quoted scalar")
        #expect(unclosed.contextMark == Mark(file: "t.yaml", line: 2, column: 4))
    }

    @Test func invalidBytesAreErrors() throws {
        let invalidUTF8: [UInt8] = Array("a: b\nc: ".utf8) + [0xFF, 0xFE, 0x41]
        let e1 = try #require(throwsError { try YAMLParser.parse(invalidUTF8, file: "t") })
        #expect(e1.mark.line == 2)
        let nul: [UInt8] = Array("a: b".utf8) + [0] + Array("c".utf8)
        #expect(throwsError { try YAMLParser.parse(nul, file: "t") } != nil)
    }

    @Test func nonStringKeysAreKept() throws {
        let root = try parseOne("1: a\ntrue: b\n? [x]\n: c\n")
        let keys = try #require(root.mapping?.map(\.key))
        #expect(keys[0].resolved == .int(1))
        #expect(keys[1].resolved == .bool(true))
        #expect(keys[2].sequence?.count == 1)
    }

    @Test func composeFixture() throws {
        let docs = try YAMLParser.parse(try fixture("compose.yaml"), file: "compose.yaml")
        let root = try #require(docs.first)
        let web = try #require(root["services"]?["web"])
        #expect(web.mapping?.map { $0.key.scalar } == ["restart", "environment", "logging", "image", "ports", "command", "healthcheck", "volumes"])
        // Merged pairs keep where they were written.
        #expect(web["restart"]?.mark.line == 3)
        let db = try #require(root["services"]?["db"])
        #expect(db["restart"]?.scalar == "always")
        #expect(db["environment"]?.tag == "!override")
        #expect(db["configs"]?.sequence?.first?["mode"]?.resolved == .int(288))
        #expect(db["ports"]?.tag == "!reset")
        #expect(db["entrypoint"]?.scalar == "sh -c 'echo starting\nexec postgres'\n")
        #expect(root["volumes"]?["data"]?.mapping?.isEmpty == true)
    }

    @Test func largeFileParsesQuickly() throws {
        var text = "services:\n"
        for i in 0..<500 {
            text += """
                  svc\(i):
                    image: "registry.example.com/team/app-\(i):1.\(i)"
                    command: ["run", "--port", "\(8000 + i)"]
                    environment:
                      A: "1"
                      B: two
                    ports:
                      - "\(10000 + i):80"
                    labels:
                      com.example.tier: backend
                      com.example.id: "\(i)"
                    depends_on:
                      - db
                    healthcheck:
                      test: [CMD, true]
                      interval: 10s

                """
        }
        let bytes = Array(text.utf8)
        let clock = ContinuousClock()
        var docs: [Node] = []
        let elapsed = try clock.measure { docs = try YAMLParser.parse(bytes, file: "big.yaml") }
        #expect(docs.first?["services"]?.mapping?.count == 500)
        // Generous: debug builds are several times slower than release.
        #expect(elapsed < .seconds(2))
    }
}

func throwsError(_ body: () throws -> [Node]) -> YAMLError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? YAMLError
    }
}


