import ComposeLoader
import Testing

// MARK: - command / entrypoint (S7)

@Test(arguments: [
    ("bundle exec thin -p 3000", ["bundle", "exec", "thin", "-p", "3000"]),
    (#"/bin/ash -c "rm -rf /tmp/x""#, ["/bin/ash", "-c", "rm -rf /tmp/x"]),
    ("echo a && echo b", ["echo", "a"]),
    ("sh -c 'echo $HOME'", ["sh", "-c", "echo $HOME"]),
    ("echo $HOME ", ["echo", "$HOME"]),
    (#"echo """#, ["echo", ""]),
    (#"echo '' x"#, ["echo", "", "x"]),
    (#"a\ b"#, ["a b"]),
    (#""a\"b""#, [#"a"b"#]),
    (#""a\nb""#, ["anb"]),
    (#"'a\b'"#, [#"a\b"#]),
    (#"'a"b'"#, [#"a"b"#]),
    ("echo a;b", ["echo", "a"]),
    ("echo a|b", ["echo", "a"]),
    ("cat < f", ["cat"]),
    ("echo x > f", ["echo", "x"]),
    ("echo 2>/dev/null", ["echo"]),
    ("echo a2>x", ["echo", "a2"]),
    (#"echo "a;b" 'c|d'"#, ["echo", "a;b", "c|d"]),
    ("echo $(date)", ["echo", "$(date"]),
    ("  ", []),
    ("", []),
    ("a\tb\nc", ["a", "b", "c"]),
    (#""quoted words" and more"#, ["quoted words", "and", "more"]),
    ("x=\"1 2\"y", ["x=1 2y"]),
    ("héllo wörld", ["héllo", "wörld"]),
] as [(String, [String])])
func shellWordsSplit(_ s: String, _ expected: [String]) throws {
    #expect(try ShellWords.split(s) == expected)
}

@Test(arguments: ["echo (x)", "(", #"echo "unterminated"#, "echo 'x", #"echo \"#, "a `b", "a)b"])
func shellWordsErrors(_ s: String) {
    #expect(throws: SyntaxError("invalid command line string")) { try ShellWords.split(s) }
}

// MARK: - durations

private let second: Int64 = 1_000_000_000

@Test(arguments: [
    ("1m30s", 90 * second), ("1h5m30s20ms", 3930 * second + 20_000_000), ("0", 0), ("-0", 0), ("10s", 10 * second),
    ("1.5s", 1_500_000_000), ("500ms", 500_000_000), ("1d", 86_400 * second), ("1w", 604_800 * second),
    ("-1s", -second), ("+5s", 5 * second), ("1us", 1_000), ("1µs", 1_000), ("1μs", 1_000), ("1ns", 1),
    (".5s", 500_000_000), ("1.s", second), ("1h", 3600 * second), ("0s", 0), ("1.5h", 5400 * second),
] as [(String, Int64)])
func durationParse(_ s: String, _ ns: Int64) throws {
    #expect(try DurationSyntax.parse(s) == ns)
}

@Test(arguments: [
    SyntaxErrorCase(input: "10", message: #"time: missing unit in duration "10""#),
    SyntaxErrorCase(input: "1x", message: #"time: unknown unit "x" in duration "1x""#),
    SyntaxErrorCase(input: "1s2", message: #"time: missing unit in duration "1s2""#),
    SyntaxErrorCase(input: "", message: #"time: invalid duration """#),
    SyntaxErrorCase(input: "s", message: #"time: invalid duration "s""#),
    SyntaxErrorCase(input: "-", message: #"time: invalid duration "-""#),
    SyntaxErrorCase(input: ".s", message: #"time: invalid duration ".s""#),
    SyntaxErrorCase(input: "1 s", message: #"time: unknown unit " s" in duration "1 s""#),
    SyntaxErrorCase(input: "99999999999h", message: #"time: invalid duration "99999999999h""#),
])
func durationErrors(_ c: SyntaxErrorCase) {
    #expect(throws: SyntaxError(c.message)) { try DurationSyntax.parse(c.input) }
}

@Test(arguments: [
    (90 * second, "1m30s"), (3600 * second, "1h0m0s"), (500_000_000, "500ms"), (1_500_000_000, "1.5s"), (0, "0s"),
    (1_000, "1µs"), (1, "1ns"), (1_500, "1.5µs"), (-90 * second, "-1m30s"), (86_400 * second, "24h0m0s"),
    (3600 * second + 100_000_000, "1h0m0.1s"), (10 * second, "10s"), (Int64.min, "-2562047h47m16.854775808s"),
] as [(Int64, String)])
func durationFormat(_ ns: Int64, _ text: String) {
    #expect(DurationSyntax.format(ns) == text)
}

// MARK: - byte sizes (S9)

@Test(arguments: [
    ("512m", 536_870_912), ("1g", 1_073_741_824), ("1gb", 1_073_741_824), ("2gb", 2_147_483_648), ("640kb", 655_360),
    ("1kb", 1024), ("-1", -1), ("1024", 1024), ("1.5k", 1536), ("1 k", 1024), ("1KiB", 1024), ("1MB", 1_048_576),
    ("10b", 10), ("1B", 1), ("1t", 1_099_511_627_776), ("1p", 1_125_899_906_842_624), ("0", 0), ("1.5", 1),
] as [(String, Int64)])
func byteSizeParse(_ s: String, _ n: Int64) throws {
    #expect(try ByteSizeSyntax.parse(s) == n)
}

@Test(arguments: [
    SyntaxErrorCase(input: "abc", message: "invalid size: 'abc'"),
    SyntaxErrorCase(input: "", message: "invalid size: ''"),
    SyntaxErrorCase(input: "1x", message: "invalid suffix: 'x'"),
    SyntaxErrorCase(input: "1kbb", message: "invalid suffix: 'kbb'"),
    SyntaxErrorCase(input: "1kx", message: "invalid suffix: 'kx'"),
    SyntaxErrorCase(input: "1bb", message: "invalid suffix: 'bb'"),
    SyntaxErrorCase(input: "1ABCD", message: "invalid suffix: 'ABCD'"),
    SyntaxErrorCase(input: "1KX", message: "invalid suffix: 'kx'"),
    SyntaxErrorCase(input: "-1k", message: "invalid size: '-1k'"),
    SyntaxErrorCase(input: "1.2.3k", message: #"strconv.ParseFloat: parsing "1.2.3": invalid syntax"#),
])
func byteSizeErrors(_ c: SyntaxErrorCase) {
    #expect(throws: SyntaxError(c.message)) { try ByteSizeSyntax.parse(c.input) }
}

// MARK: - extra_hosts (S10)

@Test(arguments: [
    ("alpha:50.31.209.229", "alpha", ["50.31.209.229"]),
    ("zulu:127.0.0.2", "zulu", ["127.0.0.2"]),
    ("zulu:ff02::1", "zulu", ["ff02::1"]),
    ("myhostv6:::1", "myhostv6", ["::1"]),
    ("v6=[::1]", "v6", ["::1"]),
    ("m=0.0.0.1,0.0.0.2", "m", ["0.0.0.1", "0.0.0.2"]),
    ("h=[::1],[::2]", "h", ["::1", "::2"]),
    ("host.docker.internal=host-gateway", "host.docker.internal", ["host-gateway"]),
] as [(String, String, [String])])
func extraHostsParse(_ entry: String, _ host: String, _ ips: [String]) throws {
    let r = try ExtraHostsSyntax.parse(entry)
    #expect(r.host == host)
    #expect(r.ips == ips)
}

@Test(arguments: [
    SyntaxErrorCase(input: "noip", message: "invalid additional host, missing IP: noip"),
    SyntaxErrorCase(input: "=1.2.3.4", message: "bad host name ''"),
    SyntaxErrorCase(input: ":1.2.3.4", message: "bad host name ''"),
    SyntaxErrorCase(input: "a:b=1.2.3.4", message: "bad host name 'a:b'"),
])
func extraHostsErrors(_ c: SyntaxErrorCase) {
    #expect(throws: SyntaxError(c.message)) { try ExtraHostsSyntax.parse(c.input) }
}

// MARK: - devices

@Test(arguments: [
    ("/dev/sda", "/dev/sda", "/dev/sda", "rwm"),
    ("/dev/sda:/dev/xvda", "/dev/sda", "/dev/xvda", "rwm"),
    ("/dev/sda:/dev/xvda:r", "/dev/sda", "/dev/xvda", "r"),
    ("/dev/sda::r", "/dev/sda", "/dev/sda", "r"),
] as [(String, String, String, String)])
func deviceParse(_ s: String, _ source: String, _ target: String, _ permissions: String) throws {
    let d = try DeviceSyntax.parse(s)
    #expect(d.source == source && d.target == target && d.permissions == permissions)
}

@Test func deviceTooManyParts() {
    #expect(throws: SyntaxError("confusing device mapping, please use long syntax: a:b:c:d")) {
        try DeviceSyntax.parse("a:b:c:d")
    }
}

// MARK: - project name (N1, N2)

@Test(arguments: [
    ("My Project!", "myproject"), ("UNNORMALIZED PATH", "unnormalizedpath"), ("_-abc", "abc"), ("a_b-c", "a_b-c"),
    ("www.my.project", "wwwmyproject"), ("42my_project_num", "42my_project_num"), ("é-x", "x"), ("", ""), ("-_-", ""),
] as [(String, String)])
func projectNameNormalize(_ s: String, _ expected: String) {
    #expect(ProjectNameSyntax.normalize(s) == expected)
}

@Test(arguments: ["MY_PROJECT", "-my_project", "_my_project", "www.my.project", "my project"])
func projectNameRejected(_ s: String) {
    #expect(
        ProjectNameSyntax.validationError(s)
            == "invalid project name \"\(s)\": must consist only of lowercase alphanumeric characters, hyphens, "
            + "and underscores as well as start with a letter or number")
}

@Test(arguments: ["42my_project_num", "my-project", "a", "x_y"])
func projectNameAccepted(_ s: String) {
    #expect(ProjectNameSyntax.validationError(s) == nil)
}

// MARK: - booleans (I11)

@Test(arguments: [
    ("true", true, nil), ("TRUE", true, nil), ("False", false, nil),
    ("yes", true, "\"yes\" for boolean is not supported by YAML 1.2, please use `true`"),
    ("Y", true, "\"Y\" for boolean is not supported by YAML 1.2, please use `true`"),
    ("on", true, "\"on\" for boolean is not supported by YAML 1.2, please use `true`"),
    ("no", false, "\"no\" for boolean is not supported by YAML 1.2, please use `false`"),
    ("n", false, "\"n\" for boolean is not supported by YAML 1.2, please use `false`"),
    ("OFF", false, "\"OFF\" for boolean is not supported by YAML 1.2, please use `false`"),
] as [(String, Bool, String?)])
func booleanParse(_ s: String, _ value: Bool, _ warning: String?) throws {
    let r = try BooleanSyntax.parse(s)
    #expect(r.value == value)
    #expect(r.warning == warning)
}

@Test(arguments: ["maybe", "", "1", "0", "tru"])
func booleanInvalid(_ s: String) {
    #expect(throws: SyntaxError("invalid boolean: \(s)")) { try BooleanSyntax.parse(s) }
}

// Path cleaning (Go's `path.Clean`/`path.Join`) is tested with `POSIXPath` in BerthBasicsTests.
