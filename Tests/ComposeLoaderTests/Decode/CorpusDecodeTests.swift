@testable import ComposeLoader
import ComposeModel
import Foundation
import Testing
import YAMLSyntax

/// Every file of the shared conformance corpus decodes with no structural error, except the
/// one that is meant to fail (when the corpus is present on this machine).
@Suite struct CorpusDecodeTests {
    static let root = "/work/shared/corpus"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: root)))
    func corpusDecodes() throws {
        let files = (FileManager.default.enumerator(atPath: Self.root)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
            .sorted()
        #expect(files.count > 50)
        var problems: [String] = []
        for file in files {
            let text = try String(contentsOfFile: Self.root + "/" + file, encoding: .utf8)
            guard let doc = try YAMLParser.parse(text, file: file).first else { continue }
            let (_, diagnostics) = ProjectDecoder.decode(doc, context: DecodeContext(workingDir: "/w", homeDir: "/h"))
            problems += diagnostics.filter { $0.severity == .error }.map(\.description)
        }
        #expect(problems == [
            "compose-e2e/wrong-composefile/compose.yaml:4:5: error: additional properties 'wrongField' not allowed (services.simple.wrongField)"
        ])
    }
}
