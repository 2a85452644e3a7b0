import BerthBasics
import ComposeLint
import ComposeLoader
import Foundation
import Testing

/// Every file of the shared conformance corpus that loads is linted without a crash, and
/// every finding is located in a file the project read.
@Suite struct CorpusTests {
    /// `$BERTH_CORPUS`, else `../shared/corpus` beside the package (as scripts/corpus finds it).
    static var corpus: String {
        if let explicit = ProcessInfo.processInfo.environment["BERTH_CORPUS"] { return explicit }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let beside = package.deletingLastPathComponent().appendingPathComponent("shared/corpus").path
        return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/corpus"
    }

    @Test func lintsTheWholeCorpus() throws {
        let root = Self.corpus
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            let name = (path as NSString).lastPathComponent
            if (name.hasSuffix(".yaml") || name.hasSuffix(".yml")), name.contains("compose") || path.hasPrefix("compose-e2e") {
                files.append(root + "/" + path)
            }
        }
        #expect(files.count > 50, "corpus not found at \(root)")
        var linted = 0
        var total = 0
        for file in files.sorted() {
            let dir = (file as NSString).deletingLastPathComponent
            var options = LoadOptions(environment: ["PATH": "/usr/bin", "HOME": "/root"])
            options.configFiles = [file]
            guard let loaded = try? ProjectLoader.load(options, fileSystem: LocalFileSystem()) else { continue }
            let input = LintInput(project: loaded.project, root: loaded.root, workingDirectory: loaded.workingDirectory,
                                  configFiles: loaded.configFiles, files: DiskLintFiles())
            let findings = Linter.lint(input)
            linted += 1
            total += findings.count
            for f in findings {
                #expect(f.line >= 1 && f.column >= 1, "\(file): \(f)")
                #expect(f.file.hasPrefix(dir) || f.file.hasPrefix(root) || f.file.hasPrefix("/"), "\(file): \(f)")
            }
            _ = Fixer.fixes(for: findings, input: input)
        }
        #expect(linted > 50)
        #expect(total > linted)
    }
}
