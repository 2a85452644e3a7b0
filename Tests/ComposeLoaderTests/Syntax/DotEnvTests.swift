import ComposeLoader
import Foundation
import Testing

private func flat(_ pairs: [(key: String, value: String)]) -> [String] {
    pairs.map { "\($0.key)=\($0.value)" }
}

private func parse(_ text: String, _ env: [String: String] = [:]) throws(DotEnvError) -> [String] {
    flat(try DotEnv.parse(text) { env[$0] })
}

struct DotEnvCase: CustomTestStringConvertible, Sendable {
    var input: String
    var expected: [String]
    var env: [String: String] = [:]
    var testDescription: String { input.debugDescription }
}

@Test(arguments: [
    // plain values and blanks around the separator
    DotEnvCase(input: "FOO=bar", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO =bar", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO= bar", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO=\tbar", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO=bar ", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO=foobar=", expected: ["FOO=foobar="]),
    DotEnvCase(input: "FOO=bar=baz", expected: ["FOO=bar=baz"]),
    DotEnvCase(input: "FOO=", expected: ["FOO="]),
    DotEnvCase(input: "FOO=\nBAR=1\n", expected: ["FOO=", "BAR=1"]),
    DotEnvCase(input: "FOO=1 2 3", expected: ["FOO=1 2 3"]),
    // inline comments (D1)
    DotEnvCase(input: "FOO=bar # c", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO=123#x", expected: ["FOO=123#x"]),
    DotEnvCase(input: "FOO=123#not-an-inline-comment", expected: ["FOO=123#not-an-inline-comment"]),
    DotEnvCase(input: "FOO=bar\t#x", expected: ["FOO=bar\t#x"]),
    DotEnvCase(input: "FOO=\"bar#baz\" # c", expected: ["FOO=bar#baz"]),
    DotEnvCase(input: "FOO='bar#baz' # comment", expected: ["FOO=bar#baz"]),
    DotEnvCase(input: "FOO=\"bar\" trailing junk\nX=1", expected: ["FOO=bar", "X=1"]),
    DotEnvCase(input: "# only a comment\n  # indented\n\n", expected: []),
    DotEnvCase(input: "", expected: []),
    // export (D2)
    DotEnvCase(input: "export OPTION_A=2", expected: ["OPTION_A=2"]),
    DotEnvCase(input: "export\tOPTION_A=2", expected: ["OPTION_A=2"]),
    DotEnvCase(input: "exportFOO=2", expected: ["exportFOO=2"]),
    DotEnvCase(input: "export.FOO= 2", expected: ["export.FOO=2"]),
    // quoting (D3, D4, D5)
    DotEnvCase(input: "FOO=\"bar\"", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO='bar'", expected: ["FOO=bar"]),
    DotEnvCase(input: "FOO=\"  bar  \"", expected: ["FOO=  bar  "]),
    DotEnvCase(input: #"FOO="bar\nbaz""#, expected: ["FOO=bar\nbaz"]),
    DotEnvCase(input: #"FOO="bar\\nbaz""#, expected: [#"FOO=bar\nbaz"#]),
    DotEnvCase(input: #"FOO=a\tb"#, expected: [#"FOO=a\tb"#]),
    DotEnvCase(input: #"FOO='a\tb'"#, expected: [#"FOO=a\tb"#]),
    DotEnvCase(input: #"FOO='\n'"#, expected: [#"FOO=\n"#]),
    DotEnvCase(input: #"FOO='\\'"#, expected: [#"FOO=\\"#]),
    DotEnvCase(input: #"FOO="escaped\"bar""#, expected: [#"FOO=escaped"bar"#]),
    DotEnvCase(input: #"FOO="'d'""#, expected: ["FOO='d'"]),
    DotEnvCase(input: #"OPTION_K='Let\'s go!'"#, expected: ["OPTION_K=Let's go!"]),
    DotEnvCase(input: #"KEY="Z\aZ\bZ\fZ\nZ\rZ\tZ\vZ\\Z\0123Z""#,
               expected: ["KEY=Z\u{07}Z\u{08}Z\u{0C}Z\nZ\rZ\tZ\u{0B}Z\\ZSZ"]),
    DotEnvCase(input: #"KEY="\x07""#, expected: [#"KEY=\x07"#]),
    DotEnvCase(input: #"KEY="\c\u12e4\U0001F600""#, expected: [#"KEY=\c\u12e4\U0001F600"#]),
    DotEnvCase(input: #"KEY="\0""#, expected: [#"KEY=\0"#]),
    DotEnvCase(input: #"KEY="\012x""#, expected: [#"KEY=\012x"#]),
    DotEnvCase(input: #"KEY="\0101""#, expected: ["KEY=A"]),
    DotEnvCase(input: "KEY=\"line 1\nline 2\"\nNEXT=x", expected: ["KEY=line 1\nline 2", "NEXT=x"]),
    // YAML style (D7)
    DotEnvCase(input: "OPTION_A: Foo=bar", expected: ["OPTION_A=Foo=bar"]),
    DotEnvCase(input: "OPTION_A=1:B", expected: ["OPTION_A=1:B"]),
    DotEnvCase(input: "OPTION_A: 'quoted'", expected: ["OPTION_A=quoted"]),
    // key characters
    DotEnvCase(input: "a[1]=x", expected: ["a[1]=x"]),
    DotEnvCase(input: "a.propertyKey=x", expected: ["a.propertyKey=x"]),
    DotEnvCase(input: "VAR-WITH-DASHES=x", expected: ["VAR-WITH-DASHES=x"]),
    DotEnvCase(input: "árvíztűrő-TÜKÖRFÚRÓGÉP=x", expected: ["árvíztűrő-TÜKÖRFÚRÓGÉP=x"]),
    DotEnvCase(input: "456 = ABC", expected: ["456=ABC"]),
    DotEnvCase(input: "=\"value\"", expected: ["=value"]),
    // inherited (D11) and the final-line quirk
    DotEnvCase(input: "VAR\n", expected: ["VAR=v"], env: ["VAR": "v"]),
    DotEnvCase(input: "VAR\n", expected: []),
    DotEnvCase(input: "VAR", expected: ["=VAR"], env: ["VAR": "v"]),
    DotEnvCase(input: "A=1\nA\n", expected: ["A=1"]),
    DotEnvCase(input: "export VAR\n", expected: ["VAR=v"], env: ["VAR": "v"]),
    // interpolation (D6) and precedence
    DotEnvCase(input: "FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"", expected: ["FOO=test", "BAR=foo${FOO} test"]),
    DotEnvCase(input: "FOO=test\nBAR='quote $FOO'", expected: ["FOO=test", "BAR=quote $FOO"]),
    DotEnvCase(input: "FOO=test\nBAR=$FOO-x", expected: ["FOO=test", "BAR=test-x"]),
    DotEnvCase(input: "FOO=test\nBAR=${FOO}", expected: ["FOO=test", "BAR=os"], env: ["FOO": "os"]),
    DotEnvCase(input: "BAR=${NOPE:-dflt}", expected: ["BAR=dflt"]),
    DotEnvCase(input: "BAR=$$FOO", expected: ["BAR=$FOO"], env: ["FOO": "os"]),
    DotEnvCase(input: "BAR=\"\\$FOO\"", expected: ["BAR=$FOO"], env: ["FOO": "os"]),
    // duplicates keep the first position, last value
    DotEnvCase(input: "A=1\nB=2\nA=3", expected: ["A=3", "B=2"]),
    // line endings
    DotEnvCase(input: "FOO=bar\r\nBAZ=1\r\n", expected: ["FOO=bar", "BAZ=1"]),
    DotEnvCase(input: "\u{FEFF}FOO=bom", expected: ["FOO=bom"]),
])
func dotenvParses(_ c: DotEnvCase) throws {
    #expect(try parse(c.input, c.env) == c.expected)
}

struct DotEnvErrorCase: CustomTestStringConvertible, Sendable {
    var input: String
    var description: String
    var testDescription: String { input.debugDescription }
}

@Test(arguments: [
    DotEnvErrorCase(input: "INVALID LINE\n", description: "line 1: key cannot contain a space"),
    DotEnvErrorCase(input: "A=1\n\n# c\nINVALID LINE\nB=2", description: "line 4: key cannot contain a space"),
    DotEnvErrorCase(input: "FOO BAR=1", description: "line 1: key cannot contain a space"),
    DotEnvErrorCase(input: "lol$wut", description: #"line 1: unexpected character "$" in variable name "lol$wut""#),
    DotEnvErrorCase(input: "A=1\nkey%=x\nB=2", description: #"line 2: unexpected character "%" in variable name "key%=x""#),
    DotEnvErrorCase(input: "KEY=\"value", description: #"line 1: unterminated quoted value "value"#),
    DotEnvErrorCase(input: "KEY='value\nA=1", description: "line 2: unterminated quoted value 'value"),
    DotEnvErrorCase(input: "X=${UNSET:?boom}", description: "required variable UNSET is missing a value: boom"),
    DotEnvErrorCase(input: "X=\"${\"", description: #"Invalid template: "${""#),
])
func dotenvErrors(_ c: DotEnvErrorCase) {
    do {
        let r = try parse(c.input)
        Issue.record("expected an error, got \(r)")
    } catch {
        #expect(error.description == c.description)
    }
}

@Test func dotenvInitialValuesAreVisibleButNotReturned() throws {
    let r = try DotEnv.parse("B=${A}-b\nC\n", lookup: { _ in nil }, initial: ["A": "a", "C": "c"])
    #expect(flat(r) == ["B=a-b", "C=c"])
}

@Test func dotenvRaw() {
    let text = "\u{FEFF}A=1\n  B= two \n# comment\nC=\"q\"\nINH\nMISSING\nD=$X\n\nbad key=1\n=novalue\nE=x\r\n"
    let r = DotEnv.parseRaw(text) { $0 == "INH" ? "inherited" : nil }
    #expect(flat(r) == ["A=1", "B= two ", "C=\"q\"", "INH=inherited", "D=$X", "E=x"])
}

// MARK: - fixture files

private func fixture(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return try String(contentsOf: url.appendingPathComponent("dotenv/\(name)"), encoding: .utf8)
}

struct DotEnvFixtureCase: CustomTestStringConvertible, Sendable {
    var file: String
    var expected: [String]
    var env: [String: String] = [:]
    var testDescription: String { file }
}

@Test(arguments: [
    DotEnvFixtureCase(file: "plain.env", expected: [
        "OPTION_A=1", "OPTION_B=2", "OPTION_C=3", "OPTION_D=4", "OPTION_E=5", "OPTION_F=", "OPTION_G=", "OPTION_H=1 2",
    ]),
    DotEnvFixtureCase(file: "quoted.env", expected: [
        "OPTION_A=1", "OPTION_B=2", "OPTION_C=", #"OPTION_D=\n"#, "OPTION_E=1", "OPTION_F=2", "OPTION_G=",
        "OPTION_H=\n", "OPTION_I=echo 'asd'", "OPTION_J=line 1\nline 2",
        "OPTION_K=line one\nthis is 'quoted'\none more line", "OPTION_L=line 1\nline 2",
        "OPTION_M=line one\nthis is \"quoted\"\none more line",
    ]),
    DotEnvFixtureCase(file: "exported.env", expected: [
        "OPTION_A=2", #"OPTION_B=\n"#, "exportFOO=2", "export.FOO=2", "OPTION_C=3",
    ]),
    DotEnvFixtureCase(file: "comments.env", expected: ["FOO=bar", "BAZ=123#not-a-comment", "QUX=bar#baz", "QUUX=a b"]),
    DotEnvFixtureCase(file: "inherited.env", expected: ["INHERITED=from-os", "ALSO=also", "SET=here"],
                      env: ["INHERITED": "from-os", "ALSO": "also"]),
    DotEnvFixtureCase(file: "inherited-no-eol.env", expected: ["=INHERITED"], env: ["INHERITED": "from-os"]),
    DotEnvFixtureCase(file: "utf8-bom.env", expected: ["OPTION_A=1", "OPTION_B=b"]),
    DotEnvFixtureCase(file: "crlf.env", expected: ["FOO=bar", "BAZ=q", "EMPTY="]),
    DotEnvFixtureCase(file: "substitutions.env", expected: [
        "OPTION_A=1", "OPTION_B=1", "OPTION_C=1", "OPTION_D=11", "OPTION_E=", "OPTION_F=default", "OPTION_G=1-x",
        "OPTION_H=${OPTION_A}", "OPTION_I=${OPTION_A}", "OPTION_J=$OPTION_A",
    ]),
    DotEnvFixtureCase(file: "special.env", expected: [
        "a[1]=x", "a.propertyKey=y", "VAR-WITH-DASHES=z", "árvíztűrő-TÜKÖRFÚRÓGÉP=w", "456=ABC", "=empty key",
    ]),
])
func dotenvFixtures(_ c: DotEnvFixtureCase) throws {
    let text = try fixture(c.file)
    #expect(flat(try DotEnv.parse(text) { c.env[$0] }) == c.expected)
}

@Test func dotenvInvalidFixtureReportsLine() throws {
    let text = try fixture("invalid1.env")
    #expect(throws: DotEnvError(line: 7, message: "key cannot contain a space")) {
        try DotEnv.parse(text) { _ in nil }
    }
}

// MARK: - project environment (D9, D10)

@Test func projectEnvironmentOSWins() throws {
    let env = try DotEnv.projectEnvironment(
        os: ["FOO": "zot"], files: [("/p/.env", "FOO=foo\nBAR=${FOO}\n")])
    #expect(env == ["FOO": "zot", "BAR": "zot"])
}

@Test func projectEnvironmentLaterFilesOverride() throws {
    let files = [("/p/base.env", try fixture("base.env")), ("/p/override.env", try fixture("override.env"))]
    let env = try DotEnv.projectEnvironment(os: [:], files: files)
    #expect(env == ["H": "dev", "U": "http://dev"])
    let withOS = try DotEnv.projectEnvironment(os: ["H": "host.local"], files: files)
    #expect(withOS == ["H": "host.local", "U": "http://host.local"])
}

@Test func projectEnvironmentErrorsNameTheFile() {
    #expect(throws: SyntaxError("failed to read /p/.env: line 2: key cannot contain a space")) {
        try DotEnv.projectEnvironment(os: [:], files: [("/p/.env", "A=1\nB C=2\n")])
    }
    #expect(throws: SyntaxError("failed to read /p/.env: required variable VAR is missing a value: err")) {
        try DotEnv.projectEnvironment(os: [:], files: [("/p/.env", "A=${VAR:?err}\n")])
    }
}
