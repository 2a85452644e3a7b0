@testable import ComposeLoader
import ComposeModel
import Testing
import YAMLSyntax

@Suite struct DiagnosticTests {
    typealias F = DecodeFixture

    /// Every problem of a bad file, each with its path and position, in one run.
    @Test func everyErrorLocated() throws {
        let (p, d) = try F.fixture("errors.yaml")
        let got = d.map { "\($0.severity.rawValue) \($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.path): \($0.message)" }
        let expected = [
            "error 27:1 networkz: additional properties 'networkz' not allowed: did you mean \"networks\"?",
            "error 23:3 services: non-string key in services: 123",
            "error 25:3 services.bad name: invalid service name \"bad name\": only [a-zA-Z0-9._-] are allowed (additional properties 'bad name' not allowed)",
            "error 5:5 services.web.environmnet: additional properties 'environmnet' not allowed: did you mean \"environment\"?",
            "error 7:12 services.web.ports: services.web.ports must be a sequence",
            "error 8:14 services.web.restart: invalid restart policy \"sometimes\": must be one of \"no\", \"always\", \"on-failure[:max-retries]\", \"unless-stopped\"",
            "error 9:17 services.web.privileged: failed to cast to expected type: invalid boolean: maybe",
            "warning 10:16 services.web.read_only: \"yes\" for boolean is not supported by YAML 1.2, please use `true`",
            "error 11:12 services.web.scale: services.web.scale must be greater than or equal to 0",
            "error 13:23 services.web.depends_on.db.condition: services.web.depends_on.db.condition must be one of \"service_started\", \"service_healthy\", \"service_completed_successfully\", not \"service_ready\"",
            "error 16:18 services.db.pull_policy: invalid pull_policy \"often\": must be one of \"always\", \"never\", \"missing\", \"build\", \"refresh\", \"daily\", \"weekly\", \"every_<duration>\"",
            "error 17:11 services.db.cpus: failed to cast to expected type: strconv.ParseFloat: parsing \"lots\": invalid syntax",
            "error 22:25 services.db.volumes[0].bind.selinux: services.db.volumes[0].bind.selinux must be one of \"z\", \"Z\", not \"q\"",
        ]
        #expect(got.sorted() == expected.sorted())
        #expect(d.allSatisfy { $0.location?.file == "errors.yaml" })
        // Decoding goes on past bad fields.
        #expect(p.services["web"]?.image == "nginx")
        #expect(p.services["web"]?.readOnly == true)
        #expect(p.services["db"]?.volumes.first?.source == "/work/proj/data")
    }

    @Test(arguments: [
        ("environmnet", "environment"), ("depends-on", "depends_on"), ("dependson", "depends_on"), ("imgae", "image"),
        ("helthcheck", "healthcheck"), ("volume", "volumes"), ("commnd", "command"),
    ])
    func suggestions(typo: String, suggestion: String) throws {
        let (_, d) = try F.service("image: x\n\(typo): 1")
        #expect(d.map(\.message) == ["additional properties '\(typo)' not allowed: did you mean \"\(suggestion)\"?"])
    }

    @Test func noSuggestionWhenFar() throws {
        let (_, d) = try F.decode("helicopters: {}\nservices: {}")
        #expect(d.map(\.message) == ["additional properties 'helicopters' not allowed"])
        #expect(d.first?.location == SourceLocation(file: "compose.yaml", line: 2, column: 1))
    }

    @Test(arguments: [
        ("ports: {a: 1}", "services.web.ports must be a sequence"),
        ("hostname: [a]", "services.web.hostname must be a string"),
        ("hostname: 123", "services.web.hostname must be a string"),
        ("cap_add: [1]", "services.web.cap_add[0] must be a string"),
        ("healthcheck: {interval: 10}", "services.web.healthcheck.interval must be a string"),
        ("healthcheck: {interval: 10x}", "time: unknown unit \"x\" in duration \"10x\""),
        ("stop_grace_period: \"10\"", "time: missing unit in duration \"10\""),
        ("mem_limit: 10q", "invalid suffix: 'q'"),
        ("mem_limit: lots", "invalid size: 'lots'"),
        ("scale: abc", "failed to cast to expected type: strconv.Atoi: parsing \"abc\": invalid syntax"),
        ("init: maybe", "failed to cast to expected type: invalid boolean: maybe"),
        ("oom_score_adj: 2000", "services.web.oom_score_adj must be less than or equal to 1000"),
        ("ports: [{target: 99999}]", "services.web.ports[0].target must be less than or equal to 65535"),
        ("ports: [{target: 80, mode: bridge}]", "services.web.ports[0].mode must be one of \"host\", \"ingress\", not \"bridge\""),
        ("ports: [{target: 80, protocol: icmp}]", "services.web.ports[0].protocol must be one of \"tcp\", \"udp\", \"sctp\", not \"icmp\""),
        ("ports: [{published: 80}]", "services.web.ports[0] missing property 'target'"),
        ("cgroup: shared", "services.web.cgroup must be one of \"host\", \"private\", not \"shared\""),
        ("command: echo (x)", "invalid command line string"),
        ("extra_hosts: [nohost]", "invalid additional host, missing IP: nohost"),
        ("devices: [\"a:b:c:d\"]", "confusing device mapping, please use long syntax: a:b:c:d"),
        ("gpus: [{count: some_string}]", "invalid value \"some_string\", the only value allowed is 'all' or a number"),
        ("deploy: {update_config: {order: random}}", "services.web.deploy.update_config.order must be one of \"start-first\", \"stop-first\", not \"random\""),
        ("environment: {FOO: [1]}", "services.web.environment.FOO must be a boolean, null, number or string"),
        ("ulimits: {nofile: {soft: 1}}", "services.web.ulimits.nofile missing property 'hard'"),
        ("develop: {watch: [{path: ./src}]}", "services.web.develop.watch[0] missing property 'action'"),
        ("restart: on-failure:x", "invalid restart policy \"on-failure:x\": must be one of \"no\", \"always\", \"on-failure[:max-retries]\", \"unless-stopped\""),
        ("security_opt: [a, b, a]", "services.web.security_opt items at 0 and 2 are equal"),
        ("container_name: c", "services.web.container_name 'c' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'"),
    ])
    func singleError(yaml: String, message: String) throws {
        let (_, d) = try F.service("image: x\n" + yaml)
        #expect(d.map(\.message) == [message])
        #expect(d.first?.location?.line == 5)
    }

    @Test(arguments: [("yes", true), ("on", true), ("no", false), ("OFF", false), ("'true'", true), ("\"False\"", false)])
    func booleanCasts(text: String, value: Bool) throws {
        let (s, d) = try F.service("image: x\ntty: \(text)")
        #expect(s.tty == value)
        #expect(F.errors(d).isEmpty)
        let isLegacy = !["'true'", "\"False\""].contains(text)
        #expect(d.count == (isLegacy ? 1 : 0))
        if isLegacy {
            #expect(d.first?.message == "\"\(text)\" for boolean is not supported by YAML 1.2, please use `\(value)`")
        }
    }

    @Test func stringCastsAtTypedPaths() throws {
        let (s, d) = try F.service("image: x\nscale: \"3\"\ncpus: \"0.5\"\nports: [{target: \"80\", published: 8080}]")
        #expect(d.isEmpty)
        #expect(s.scale == 3)
        #expect(s.cpus == 0.5)
        #expect(s.ports == [ServicePortConfig(target: 80, published: "8080")])
    }

    @Test func topLevelShapes() throws {
        let root = try #require(try YAMLParser.parse("hello", file: "f.yaml").first)
        #expect(ProjectDecoder.decode(root, context: F.context).diagnostics.map(\.message) == ["top-level object must be a mapping"])
        let (_, d) = try F.decode("services: {web: {image: a}}\nvolumes: {v: {external: true, driver: foobar}}\nsecrets: {s: {}}")
        #expect(d.map(\.message).sorted() == [
            "secrets.s: one of file|environment must be set",
            "volumes.v: conflicting parameters \"external\" and \"driver\" specified",
        ])
    }

    @Test func nullServiceIsNotAMapping() throws {
        let (p, d) = try F.decode("services:\n  web:\n")
        #expect(d.map(\.message) == ["services.web must be a mapping"])
        #expect(p.services["web"] != nil)
    }

    @Test func nonStringKeysDeep() throws {
        let (_, d) = try F.service("image: x\nenvironment: {1: a}")
        #expect(d.map(\.message) == ["non-string key in services.web.environment: 1"])
    }
}
