import FileWatch
import Testing

struct IgnoreCase: CustomTestStringConvertible, Sendable {
    let patterns: [String]
    let path: String
    let excluded: Bool
    var testDescription: String { "\(patterns) \(excluded ? "excludes" : "keeps") \(path)" }
}

private func c(_ patterns: [String], _ path: String, _ excluded: Bool) -> IgnoreCase {
    IgnoreCase(patterns: patterns, path: path, excluded: excluded)
}

@Suite struct DockerIgnoreTests {
    static let cases: [IgnoreCase] = [
        c(["*.go"], "main.go", true),
        c(["*.go"], "dir/main.go", false),
        c(["**/*.go"], "dir/sub/main.go", true),
        c(["**/*.go"], "main.go", true),
        c(["dir"], "dir/sub/file", true),
        c(["dir/"], "dir/file", true),
        c(["/dir"], "dir/file", true),
        c(["dir"], "dirt", false),
        c(["dir", "!dir/keep"], "dir/keep", false),
        c(["dir", "!dir/keep"], "dir/other", true),
        c(["!dir/keep", "dir"], "dir/keep", true),
        c(["*", "!README.md"], "README.md", false),
        c(["*", "!README.md"], "src/a.c", true),
        c(["*", "!dir"], "dir/x", false),
        c(["# comment", "x"], "# comment", false),
        c(["\\#literal"], "#literal", false),
        c(["a?c"], "abc", true),
        c(["a?c"], "a/c", false),
        c(["[a-c].txt"], "b.txt", true),
        c(["[a-c].txt"], "d.txt", false),
        c(["[^a].txt"], "a.txt", false),
        c(["[^a].txt"], "b.txt", true),
        c(["a/**/b"], "a/b", true),
        c(["a/**/b"], "a/x/y/b", true),
        c(["a/**/b"], "a/x/bb", false),
        c(["a/**"], "a/x/y", true),
        c(["a/**"], "a", false),
        c(["**"], "anything/at/all", true),
        c(["./dir/../file"], "file", true),
        c(["*.md", "!README*.md", "README-secret.md"], "README-secret.md", true),
        c(["*.md", "!README*.md", "README-secret.md"], "README.md", false),
        c(["  spaced.txt  "], "spaced.txt", true),
        c(["foo/*/bar"], "foo/x/bar", true),
        c(["foo/*/bar"], "foo/x/y/bar", false),
        c(["**/node_modules"], "a/b/node_modules/x.js", true),
        c(["**/node_modules"], "node_modules", true),
        c(["**foo"], "xfoo", true),
        c(["*/"], "dir/file", true),
        c([".git"], ".gitignore", false),
        c(["../x"], "x", false),
        c(["a/b"], "a", false),
        c(["*.log", "!important.log"], "logs/important.log", false),
        c(["docs", "!docs/**/*.md"], "docs/a/b.md", false),
        c(["docs", "!docs/**/*.md"], "docs/a/b.txt", true),
        c(["a.txt"], "./a.txt", true),
        c(["*.tx[t]"], "x.txt", true),
        c(["é*"], "été", true),
        c(["?t?"], "été", true),
    ]

    @Test(arguments: cases)
    func matches(_ example: IgnoreCase) throws {
        let ignore = try DockerIgnore(contents: example.patterns.joined(separator: "\n"))
        #expect(ignore.matches(example.path) == example.excluded)
        // The walk's form (parent results passed down) agrees with the plain one.
        var parent: DockerIgnore.ParentMatches?
        let parts = example.path.split(separator: "/").map(String.init)
        var excluded = false
        for index in parts.indices {
            let prefix = parts[...index].joined(separator: "/")
            let result = ignore.matches(prefix, parent: parent)
            parent = result.matches
            excluded = result.excluded
        }
        if !example.path.hasPrefix("./") { #expect(excluded == example.excluded) }
    }

    @Test func readsFileLines() throws {
        let text = "\u{FEFF}# comment\n/abs/\r\n!./x/../y\n\n   \n  ! spaced \n#!not\nsub//dir/.\n"
        #expect(DockerIgnore.lines(of: text) == ["abs", "!y", "!spaced", "sub/dir"])
        let ignore = try DockerIgnore(contents: text)
        #expect(ignore.patterns.map(\.description) == ["abs", "!y", "!spaced", "sub/dir"])
        #expect(ignore.hasExclusions)
    }

    @Test func rejectsBadPatterns() {
        #expect(throws: DockerIgnoreError.illegalExclusion) { try DockerIgnore(patterns: ["!"]) }
        #expect(throws: DockerIgnoreError.badPattern("[unclosed")) { try DockerIgnore(patterns: ["[unclosed"]) }
        #expect(throws: DockerIgnoreError.badPattern("x\\")) { try DockerIgnore(patterns: ["x\\"]) }
    }

    @Test func buildFilesAreAlwaysKept() throws {
        let ignore = try DockerIgnore(patterns: ["*", "docker"]).keepingBuildFiles(dockerfile: "docker/Dockerfile.dev")
        #expect(!ignore.matches(".dockerignore"))
        #expect(!ignore.matches("docker/Dockerfile.dev"))
        #expect(ignore.matches("docker/other"))
        #expect(ignore.mayReinclude(underDirectory: "docker"))
        #expect(!ignore.mayReinclude(underDirectory: "src"))
        // Nothing added when nothing excludes them.
        #expect(try DockerIgnore(patterns: ["*.log"]).keepingBuildFiles(dockerfile: "Dockerfile").patterns.count == 1)
    }
}
