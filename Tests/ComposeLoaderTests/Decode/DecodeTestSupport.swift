@testable import ComposeLoader
import ComposeModel
import Foundation
import Testing
import YAMLSyntax

enum DecodeFixture {
    static let context = DecodeContext(workingDir: "/work/proj", homeDir: "/home/u", environment: ["MEU": "Shadoks", "ARG_SET": "a"])

    /// Decodes YAML text (with `name: test` prepended unless the text has a name).
    static func decode(_ yaml: String, file: String = "compose.yaml", context: DecodeContext = context) throws -> (Project, [Diagnostic]) {
        let text = yaml.hasPrefix("name:") ? yaml : "name: test\n" + yaml
        let docs = try YAMLParser.parse(text, file: file)
        let root = try #require(docs.first)
        return ProjectDecoder.decode(root, context: context)
    }

    /// Decodes one service's body (indented under `services.web`).
    static func service(_ body: String) throws -> (Service, [Diagnostic]) {
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        let (project, diags) = try decode("services:\n  web:\n" + indented)
        return (try #require(project.services["web"]), diags)
    }

    static func fixture(_ name: String) throws -> (Project, [Diagnostic]) {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/decode/\(name)", withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        let root = try #require(try YAMLParser.parse(text, file: name).first)
        return ProjectDecoder.decode(root, context: context)
    }

    static func errors(_ diags: [Diagnostic]) -> [Diagnostic] { diags.filter { $0.severity == .error } }
}
