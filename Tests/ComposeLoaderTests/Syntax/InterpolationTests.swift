import ComposeLoader
import Testing

private let env: [String: String] = ["FOO": "first", "BAR": "", "JSON": #"{"json":2}"#, "A": "a", "lower": "low"]

private func sub(_ s: String, _ e: [String: String] = env) throws(InterpolationError) -> (value: String, unset: [String]) {
    try Interpolation.substitute(s) { e[$0] }
}

struct InterpolationCase: CustomTestStringConvertible, Sendable {
    var template: String
    var expected: String
    var unset: [String] = []
    var testDescription: String { template }
}

@Test(arguments: [
    // $$ escape (I1)
    InterpolationCase(template: "$${foo}", expected: "${foo}"),
    InterpolationCase(template: "$$VAR", expected: "$VAR"),
    InterpolationCase(template: "$$", expected: "$"),
    InterpolationCase(template: "$$$FOO", expected: "$first"),
    // named / braced (I2)
    InterpolationCase(template: "$FOO-bar", expected: "first-bar"),
    InterpolationCase(template: "${FOO}-bar", expected: "first-bar"),
    InterpolationCase(template: "$FOO.bar", expected: "first.bar"),
    InterpolationCase(template: "${lower}", expected: "low"),
    InterpolationCase(template: "x${FOO}y${FOO}z", expected: "xfirstyfirstz"),
    InterpolationCase(template: "no dollar at all", expected: "no dollar at all"),
    InterpolationCase(template: "", expected: ""),
    // literal passthrough (I9)
    InterpolationCase(template: "a $ string ^REGEX$ $} $1", expected: "a $ string ^REGEX$ $} $1"),
    InterpolationCase(template: "$", expected: "$"),
    InterpolationCase(template: "price: 5$", expected: "price: 5$"),
    InterpolationCase(template: "$-x", expected: "$-x"),
    // unset without default (warning)
    InterpolationCase(template: "${UNSET}", expected: "", unset: ["UNSET"]),
    InterpolationCase(template: "a$UNSET-b", expected: "a-b", unset: ["UNSET"]),
    InterpolationCase(template: "$UNSET1 ${UNSET2}", expected: " ", unset: ["UNSET1", "UNSET2"]),
    // defaults (I3)
    InterpolationCase(template: "ok ${BAR-def}", expected: "ok "),
    InterpolationCase(template: "ok ${BAR:-def}", expected: "ok def"),
    InterpolationCase(template: "${UNSET-def}", expected: "def"),
    InterpolationCase(template: "${UNSET:-def}", expected: "def"),
    InterpolationCase(template: "${FOO:-def}", expected: "first"),
    InterpolationCase(template: "${FOO-def}", expected: "first"),
    InterpolationCase(template: "${UNSET:-}", expected: ""),
    InterpolationCase(template: "${UNSET:-a b c}", expected: "a b c"),
    // presence (I4)
    InterpolationCase(template: "${UNSET:+p}", expected: ""),
    InterpolationCase(template: "${UNSET+p}", expected: ""),
    InterpolationCase(template: "${BAR+p}", expected: "p"),
    InterpolationCase(template: "${BAR:+p}", expected: ""),
    InterpolationCase(template: "${FOO:+p}", expected: "p"),
    InterpolationCase(template: "${FOO+p}", expected: "p"),
    // nesting (I5) and lazy defaults
    InterpolationCase(template: "${FOO:-${BAR:-${ZOT:-qix}}}", expected: "first"),
    InterpolationCase(template: "${UNSET:-${BAR:-${ZOT:-qix}}}", expected: "qix"),
    InterpolationCase(template: "${UNSET:-${UNSET2:-x}_test_${UNSET3:-y}}", expected: "x_test_y"),
    InterpolationCase(template: "${UNSET:-${FOO}}", expected: "first"),
    InterpolationCase(template: "${UNSET:-$FOO}", expected: "first"),
    InterpolationCase(template: "${A:+${A},}B", expected: "a,B"),
    InterpolationCase(template: "${NOPE:+${NOPE},}B", expected: "B"),
    InterpolationCase(template: "${FOO:-${MISSING}}", expected: "first"),
    InterpolationCase(template: "${FOO:-${MISSING?err}}", expected: "first"),
    InterpolationCase(template: "${FOO?${}}", expected: "first"),
    // required, satisfied
    InterpolationCase(template: "${FOO:?err}", expected: "first"),
    InterpolationCase(template: "${FOO?err}", expected: "first"),
    InterpolationCase(template: "${BAR?err}", expected: ""),
    // operator precedence (I6)
    InterpolationCase(template: "${UNSET-myerror?msg}", expected: "myerror?msg"),
    InterpolationCase(template: "${UNSET:-a-b}", expected: "a-b"),
    InterpolationCase(template: "${UNSET-a:-b}", expected: "a:-b"),
    // closing brace counting
    InterpolationCase(template: #"${missing:-{"json":1}}"#, expected: #"{"json":1}"#),
    InterpolationCase(template: #"ok ${JSON:-{"json":1}}"#, expected: #"ok {"json":2}"#),
    InterpolationCase(template: "${UNSET:-x}} tail", expected: "x} tail"),
    InterpolationCase(template: "${UNSET:-x} and ${FOO}", expected: "x and first"),
    InterpolationCase(template: "${UNSET:-x} and ${FOO:-y} end", expected: "x and first end"),
    InterpolationCase(template: "${UNSET-x}\n${FOO}", expected: "x\nfirst"),
    // non-ASCII around variables
    InterpolationCase(template: "héllo ${FOO} wörld", expected: "héllo first wörld"),
    InterpolationCase(template: "${UNSET:-é}", expected: "é"),
])
func interpolationSubstitutes(_ c: InterpolationCase) throws {
    let r = try sub(c.template)
    #expect(r.value == c.expected)
    #expect(r.unset == c.unset)
}

struct InterpolationErrorCase: CustomTestStringConvertible, Sendable {
    var template: String
    var error: InterpolationError
    var description: String
    var testDescription: String { template }
}

@Test(arguments: [
    InterpolationErrorCase(
        template: "${", error: .init(kind: .invalidTemplate, template: "${"), description: #"Invalid template: "${""#),
    InterpolationErrorCase(
        template: "${}", error: .init(kind: .invalidTemplate, template: "${}"), description: #"Invalid template: "${}""#),
    InterpolationErrorCase(
        template: "${ }", error: .init(kind: .invalidTemplate, template: "${ }"), description: #"Invalid template: "${ }""#),
    InterpolationErrorCase(
        template: "${ foo}", error: .init(kind: .invalidTemplate, template: "${ foo}"),
        description: #"Invalid template: "${ foo}""#),
    InterpolationErrorCase(
        template: "${foo }", error: .init(kind: .invalidTemplate, template: "${foo }"),
        description: #"Invalid template: "${foo }""#),
    InterpolationErrorCase(
        template: "${foo!}", error: .init(kind: .invalidTemplate, template: "${foo!}"),
        description: #"Invalid template: "${foo!}""#),
    InterpolationErrorCase(
        template: "${VAR/foo/bar}", error: .init(kind: .invalidTemplate, template: "${VAR/foo/bar}"),
        description: #"Invalid template: "${VAR/foo/bar}""#),
    InterpolationErrorCase(
        template: "ok ${FOO} then ${", error: .init(kind: .invalidTemplate, template: "ok ${FOO} then ${"),
        description: #"Invalid template: "ok ${FOO} then ${""#),
    InterpolationErrorCase(
        template: #"say "${""#, error: .init(kind: .invalidTemplate, template: #"say "${""#),
        description: #"Invalid template: "say \"${\"""#),
    InterpolationErrorCase(
        template: "${UNSET:-${}}", error: .init(kind: .invalidTemplate, template: "${}"),
        description: #"Invalid template: "${}""#),
    InterpolationErrorCase(
        template: "${UNSET?bar-baz}",
        error: .init(kind: .missingRequired(variable: "UNSET", reason: "bar-baz"), template: "${UNSET?bar-baz}"),
        description: "required variable UNSET is missing a value: bar-baz"),
    InterpolationErrorCase(
        template: "${TAG:?need tag}",
        error: .init(kind: .missingRequired(variable: "TAG", reason: "need tag"), template: "${TAG:?need tag}"),
        description: "required variable TAG is missing a value: need tag"),
    InterpolationErrorCase(
        template: "${BAR:?empty}",
        error: .init(kind: .missingRequired(variable: "BAR", reason: "empty"), template: "${BAR:?empty}"),
        description: "required variable BAR is missing a value: empty"),
    InterpolationErrorCase(
        template: "${UNSET?}",
        error: .init(kind: .missingRequired(variable: "UNSET", reason: ""), template: "${UNSET?}"),
        description: "required variable UNSET is missing a value"),
    InterpolationErrorCase(
        template: "${UNSET:?}",
        error: .init(kind: .missingRequired(variable: "UNSET", reason: ""), template: "${UNSET:?}"),
        description: "required variable UNSET is missing a value"),
    InterpolationErrorCase(
        template: "${UNSET?Mandatory ${FOO}}",
        error: .init(
            kind: .missingRequired(variable: "UNSET", reason: "Mandatory first"), template: "${UNSET?Mandatory ${FOO}}"),
        description: "required variable UNSET is missing a value: Mandatory first"),
    InterpolationErrorCase(
        template: "${UNSET:-${X:?inner}}",
        error: .init(kind: .missingRequired(variable: "X", reason: "inner"), template: "${X:?inner}"),
        description: "required variable X is missing a value: inner"),
])
func interpolationErrors(_ c: InterpolationErrorCase) {
    #expect(throws: c.error) { try sub(c.template) }
    do {
        _ = try sub(c.template)
    } catch {
        #expect(error.description == c.description)
    }
}

@Test func interpolationWarningText() {
    #expect(Interpolation.unsetWarning("TAG") == #"The "TAG" variable is not set. Defaulting to a blank string."#)
}

@Test func interpolationLookupSeesNamesAsWritten() throws {
    var asked: [String] = []
    _ = try Interpolation.substitute("$foo ${Bar:-x} $$baz") { asked.append($0); return nil }
    #expect(asked == ["foo", "Bar"])
}
