@testable import BerthCommands
import Foundation
import Testing

/// Generative differential test: random compose projects over much of the schema (ports,
/// volumes, environment, labels, healthcheck, deploy, networks, secrets, configs, ulimits,
/// logging, depends_on, extensions; short and long syntaxes; some deliberately invalid), each
/// read by Compose v2 and by Berth. Both must accept or reject alike, and print the same
/// `config --format json` and `--format yaml` field by field. A fixed seed runs every time, plus a
/// second one: `BERTH_GEN_EXTRA_SEED`, which scripts/test derives from the code so that a commit
/// always runs the same projects, else a random one. Both are printed, so a failure can be
/// replayed with `BERTH_GEN_SEED`; `BERTH_GEN_PROJECTS` sets how many projects the second makes.
@Suite struct ConfigGenerativeTests {
    static let fixedSeed: UInt64 = 0x5EED_B127

    @Test func generatedProjectsPrintAsComposeV2() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: ConfigDifferential.composeV2), "compose-v2 is not installed (scripts/compose-v2)")
        // The second seed: BERTH_GEN_EXTRA_SEED (scripts/test derives it from the code), else random.
        let extra = ProcessInfo.processInfo.environment["BERTH_GEN_EXTRA_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
        var seeds = [Self.fixedSeed, extra]
        if let replay = ProcessInfo.processInfo.environment["BERTH_GEN_SEED"].flatMap({ UInt64($0) }) { seeds = [replay] }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("v2j-gen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var cases: [ConfigCase] = [], sources: [String: String] = [:]
        for seed in seeds {
            var generator = ProjectGenerator(seed: seed)
            let perSeed = seed == Self.fixedSeed ? 40 : ProcessInfo.processInfo.environment["BERTH_GEN_PROJECTS"].flatMap { Int($0) } ?? 20
            for i in 0..<perSeed {
                let dir = root.appendingPathComponent("g\(seed)-\(i)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                let text = generator.project()
                try Data(text.utf8).write(to: dir.appendingPathComponent("compose.yaml"))
                try Data("s3cr3t\n".utf8).write(to: dir.appendingPathComponent("secret.txt"))
                let name = "seed \(seed) project \(i)"
                sources[name] = text
                cases.append(ConfigCase(files: [dir.appendingPathComponent("compose.yaml").path], name: name))
            }
        }
        print("generative config test: seeds \(seeds.map(String.init).joined(separator: ", ")), \(cases.count) projects")
        for format in [Berth.Config.Format.json, .yaml] {
            let (fields, outcomes) = try await ConfigDifferentialTests.compare(cases, format: format)
            print("generated projects, \(format.rawValue): \(fields.equal) of \(fields.total) fields equal to Compose v2")
            let failing = Set((fields.differences + outcomes).compactMap { line in sources.keys.first { line.hasPrefix($0 + " ") || line.hasPrefix($0 + ":") } })
            let shown = failing.sorted().prefix(3).map { "--- \($0)\n\(sources[$0] ?? "")" }.joined(separator: "\n")
            #expect(fields.differences.isEmpty, "\(format.rawValue): \(fields.differences.count) fields differ:\n\(fields.differences.prefix(40).joined(separator: "\n"))\n\(shown)")
            #expect(outcomes.isEmpty, "\(format.rawValue): accept/reject differs:\n\(outcomes.joined(separator: "\n"))\n\(shown)")
            #expect(fields.total > 1000)
        }
    }
}

/// SplitMix64: small, seedable, the same sequence on every platform.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A YAML value written as text: scalars are written exactly as given (so `0x1F` stays plain).
indirect enum GenYAML {
    case raw(String)
    case list([GenYAML])
    case map([(String, GenYAML)])

    func text(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        switch self {
        case .raw(let s): return s
        case .list(let items) where items.isEmpty: return "[]"
        case .map(let pairs) where pairs.isEmpty: return "{}"
        case .list(let items):
            return items.map { item in
                switch item {
                case .raw(let s): return "\n\(pad)- \(s)"
                case .list(let l) where l.isEmpty: return "\n\(pad)- []"
                case .map(let m) where m.isEmpty: return "\n\(pad)- {}"
                default:
                    // The collection at indent + 2, its first line moved up after the dash.
                    return "\n\(pad)- " + item.text(indent: indent + 2).dropFirst(indent + 3)
                }
            }.joined()
        case .map(let pairs):
            return pairs.map { key, value in
                switch value {
                case .raw(let s): return "\n\(pad)\(key): \(s)"
                case .list(let l) where l.isEmpty: return "\n\(pad)\(key): []"
                case .map(let m) where m.isEmpty: return "\n\(pad)\(key): {}"
                default: return "\n\(pad)\(key):\(value.text(indent: indent + 2))"
                }
            }.joined()
        }
    }
}

/// Random compose projects; most valid, some broken on purpose.
struct ProjectGenerator {
    var rng: SeededRandom

    init(seed: UInt64) { rng = SeededRandom(state: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func count(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }

    /// Scalars where strings are expected, spelled as users write them.
    static let scalars = ["2.50", "0x1F", "+7", "True", "false", "\"quoted\"", "'single'", "1e3", "017", "yes", "hello", "\"\"",
                          "42", "-1", "3.0", "0.5", "1_000", "\"a b\"", "on", "\"${HOME}\"", "\"$$literal\"", "0o17", "~"]

    static let networks = ["front", "back"]
    static let volumes = ["data", "cache"]

    mutating func project() -> String {
        let names = (0..<count(1...3)).map { "s\($0)" }
        var top: [(String, GenYAML)] = []
        if chance(0.3) { top.append(("x-common", .map([("shared", .raw(pick(Self.scalars)))]))) }
        top.append(("services", .map(names.map { ($0, service($0, others: names)) })))
        top.append(("networks", .map(Self.networks.map { ($0, chance(0.5) ? .map([]) : .map([("driver", .raw("bridge")), ("labels", .map([("tier", .raw(pick(Self.scalars)))]))])) } + [("unused_net", .map([]))])))
        top.append(("volumes", .map(Self.volumes.map { ($0, chance(0.5) ? .map([]) : .map([("driver", .raw("local")), ("labels", .list([.raw("a=b")]))])) } + [("unused_vol", .map([]))])))
        top.append(("secrets", .map([("token", .map([("file", .raw("./secret.txt"))])), ("unused_secret", .map([("file", .raw("./secret.txt"))]))])))
        top.append(("configs", .map([("conf", .map([("file", .raw("./secret.txt"))]))])))
        if chance(0.05) { top.append(("servicez", .map([]))) }  // invalid: unknown top-level key
        return "# generated\n" + GenYAML.map(top).text().dropFirst() + "\n"
    }

    mutating func service(_ name: String, others: [String]) -> GenYAML {
        var s: [(String, GenYAML)] = []
        if chance(0.8) { s.append(("image", .raw(pick(["busybox", "nginx:1.25", "redis:7-alpine"])))) }
        if chance(0.3) || s.isEmpty {
            s.append(("build", chance(0.5) ? .raw(".") : .map([("context", .raw(".")), ("dockerfile", .raw("Dockerfile.dev")), ("args", .map([("A", .raw(pick(Self.scalars)))]))])))
        }
        if chance(0.6) { s.append(("ports", .list((0..<count(1...4)).map { _ in port() }))) }
        if chance(0.6) { s.append(("volumes", .list((0..<count(1...3)).map { i in volume(i) }))) }
        if chance(0.7) { s.append(("environment", keyValues(prefix: "E"))) }
        if chance(0.5) { s.append(("labels", keyValues(prefix: "com.example.l"))) }
        if chance(0.4) { s.append(("healthcheck", healthcheck())) }
        if chance(0.4) { s.append(("deploy", deploy())) }
        if chance(0.3) { s.append(("scale", .raw(String(count(0...3))))) }
        if chance(0.5) {
            let chosen = Self.networks.filter { _ in chance(0.6) } + (chance(0.05) ? ["undeclared"] : [])
            if !chosen.isEmpty {
                s.append(("networks", chance(0.5) ? .list(chosen.map { .raw($0) })
                    : .map(chosen.map { ($0, chance(0.5) ? .raw("{}") : .map([("aliases", .list([.raw("alias-\($0)")]))])) })))
            }
        }
        if chance(0.3) { s.append(("command", chance(0.5) ? .raw("sh -c 'echo hi'") : .list([.raw("echo"), .raw(pick(Self.scalars))]))) }
        if chance(0.2) { s.append(("entrypoint", .list([.raw("/bin/sh"), .raw("-c")]))) }
        if chance(0.3) { s.append(("restart", .raw(pick(["\"no\"", "always", "unless-stopped", "on-failure:3"])))) }
        let deps = others.filter { $0 != name && chance(0.3) } + (chance(0.03) ? ["ghost"] : [])
        if !deps.isEmpty {
            s.append(("depends_on", chance(0.5) ? .list(deps.map { .raw($0) })
                : .map(deps.map { ($0, .map([("condition", .raw(pick(["service_started", "service_healthy", "service_completed_successfully"])))])) })))
        }
        if chance(0.2) { s.append(("secrets", .list([chance(0.5) ? .raw("token") : .map([("source", .raw("token")), ("target", .raw("tok")), ("mode", .raw(pick(["0440", "0o440", "288"])))])]))) }
        if chance(0.2) { s.append(("configs", .list([chance(0.5) ? .raw("conf") : .map([("source", .raw("conf")), ("target", .raw("/etc/conf"))])]))) }
        if chance(0.2) { s.append(("ulimits", .map([("nproc", .raw("65535")), ("nofile", .map([("soft", .raw("1024")), ("hard", .raw("4096"))]))]))) }
        if chance(0.2) { s.append(("sysctls", keyValues(prefix: "net.core.k"))) }
        if chance(0.2) {
            s.append(("logging", .map([("driver", .raw("json-file")), ("options", .map([("max-size", .raw(pick(["10m", "2.50", "\"1k\""]))), ("max-file", .raw(pick(["+7", "3", "\"3\""])))]))])))
        }
        if chance(0.15) { s.append(("x-note", .raw(pick(Self.scalars)))) }
        if chance(0.1) { s.append(("extra_hosts", .list([.raw("\"somehost:162.242.195.82\""), .raw("other=10.0.0.1")]))) }
        if chance(0.1) { s.append(("stop_grace_period", .raw(pick(["10s", "1m30s", "1h"])))) }
        if chance(0.1) { s.append(("shm_size", .raw(pick(["64m", "1gb", "1024"])))) }
        for key in ["read_only", "privileged", "init", "tty"] where chance(0.08) {
            s.append((key, .raw(pick(["true", "false", "\"true\"", "False"]))))
        }
        if chance(0.1) { s.append(("mem_limit", .raw(pick(["512m", "1g", "1024", "\"2k\""])))) }
        if chance(0.1) { s.append(("cpus", .raw(pick(["0.5", "\"1.5\"", "2"])))) }
        if chance(0.1) { s.append(("expose", .list([.raw(pick(["80", "\"8080\"", "9000-9001", "\"53/udp\""]))]))) }
        if chance(0.1) { s.append(("cap_add", .list([.raw("NET_ADMIN")]))) }
        if chance(0.1) { s.append(("dns", chance(0.5) ? .raw("8.8.8.8") : .list([.raw("8.8.8.8"), .raw("1.1.1.1")]))) }
        if chance(0.1) { s.append(("tmpfs", chance(0.5) ? .raw("/run") : .list([.raw("/run:size=64k"), .raw("/tmp")]))) }
        if chance(0.1) { s.append(("user", .raw(pick(["\"1000:1000\"", "root", "1000"])))) }  // 1000: not a string
        if chance(0.1) { s.append(("working_dir", .raw("/app"))) }
        if chance(0.1) { s.append(("hostname", .raw(pick(["web", "db-1"])))) }
        if chance(0.05) { s.append(("pids_limit", .raw(pick(["100", "-1"])))) }
        if chance(0.03) { s.append(("imagee", .raw("typo"))) }  // invalid: unknown key
        return .map(s)
    }

    mutating func port() -> GenYAML {
        switch count(0...6) {
        case 0: return .raw("\"\(pick(["80", "443", "8080"]))\"")
        case 1: return .raw("\"\(pick(["8080:80", "10800:2800", "10800:2800/tcp", "53:53/udp"]))\"")
        case 2: return .raw("\"127.0.0.1:\(count(8000...8003)):80\"")
        case 3: return .raw("\"9000-9001:9000-9001\"")
        case 4:
            var p: [(String, GenYAML)] = [("target", .raw(String(pick([80, 443, 5432]))))]
            if chance(0.7) { p.append(("published", .raw(pick(["\"8081\"", "8082", "\"8000-8001\""])))) }
            if chance(0.5) { p.append(("protocol", .raw(pick(["tcp", "udp"])))) }
            if chance(0.3) { p.append(("mode", .raw(pick(["host", "ingress"])))) }
            if chance(0.2) { p.append(("host_ip", .raw("127.0.0.1"))) }
            return .map(p)
        case 5: return .raw(String(count(3000...3002)))
        default: return chance(0.2) ? .raw("\"notaport\"") : .raw("\"6379:6379\"")  // sometimes invalid
        }
    }

    mutating func volume(_ i: Int) -> GenYAML {
        switch count(0...5) {
        case 0: return .raw("./data\(i):/data\(i)")
        case 1: return .raw("\(pick(Self.volumes)):/vol\(i)\(pick(["", ":ro", ":rw"]))")
        case 2: return .raw("/srv/abs\(i):/abs\(i):ro")
        case 3: return .map([("type", .raw("volume")), ("source", .raw(pick(Self.volumes))), ("target", .raw("/long\(i)")), ("read_only", .raw(pick(["true", "false"])))])
        case 4: return .map([("type", .raw("tmpfs")), ("target", .raw("/tmp\(i)")), ("tmpfs", .map([("size", .raw(pick(["1000", "\"64m\""])))]))])
        default: return .map([("type", .raw("bind")), ("source", .raw("./b\(i)")), ("target", .raw("/b\(i)"))] + (chance(0.5) ? [("bind", .map([("create_host_path", .raw("true"))]))] : []))
        }
    }

    mutating func keyValues(prefix: String) -> GenYAML {
        let n = count(1...4)
        if chance(0.5) {
            return .map((0..<n).map { ("\(prefix)\($0)", .raw(pick(Self.scalars))) })
        }
        return .list((0..<n).map { i in .raw(pick(["\(prefix)\(i)=v\(i)", "\(prefix)\(i)=", "\"\(prefix)\(i)=2.50\""])) })
    }

    mutating func healthcheck() -> GenYAML {
        if chance(0.1) { return .map([("disable", .raw("true"))]) }
        var h: [(String, GenYAML)] = [("test", chance(0.5) ? .list([.raw("CMD"), .raw("true")]) : .raw("\"curl -f http://localhost\""))]
        if chance(0.7) { h.append(("interval", .raw(pick(["30s", "1m30s", "500ms", "10x"])))) }  // 10x is invalid
        if chance(0.5) { h.append(("retries", .raw(String(count(1...5))))) }
        if chance(0.4) { h.append(("start_period", .raw("40s"))) }
        if chance(0.3) { h.append(("timeout", .raw("5s"))) }
        return .map(h)
    }

    mutating func deploy() -> GenYAML {
        var d: [(String, GenYAML)] = []
        if chance(0.5) { d.append(("replicas", .raw(String(count(1...3))))) }
        if chance(0.6) {
            d.append(("resources", .map([("limits", .map([("cpus", .raw(pick(["\"0.5\"", "0.25", "\"2\""]))), ("memory", .raw(pick(["512M", "1g", "256m"])))]))])))
        }
        if chance(0.3) { d.append(("restart_policy", .map([("condition", .raw("on-failure")), ("max_attempts", .raw("3"))]))) }
        if chance(0.2) { d.append(("labels", .map([("d", .raw(pick(Self.scalars)))]))) }
        return .map(d)
    }
}
