import BerthBasics
import ComposeLoader
import ComposeModel
import Testing

/// Mutated compose files go through the whole loader: each must load or fail with located
/// errors, never trap or hang.
@Suite("Loader fuzzing")
struct LoaderFuzzTests {
    static let seed = """
        name: fuzz
        x-base: &base
          image: busybox
          restart: unless-stopped
        services:
          web:
            <<: *base
            ports: ["8080:80", "127.0.0.1:9000-9001:9000-9001/udp"]
            environment:
              MODE: ${MODE:-dev}
              EMPTY:
            volumes: [./data:/data:ro, cache:/cache, /anon]
            depends_on:
              db: {condition: service_healthy}
            networks: [front]
            command: sh -c "echo 'hi there' && sleep 1"
            healthcheck: {test: [CMD, true], interval: 1m30s}
            deploy: {resources: {limits: {memory: 512m, cpus: "0.5"}}}
          db:
            image: postgres:${TAG-15}
            extends: {service: web}
            secrets: [pw]
            ulimits: {nofile: {soft: 10, hard: 20}, nproc: 5}
        networks:
          front: {}
        volumes:
          cache: {}
        secrets:
          pw: {environment: PW}
        """

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let fragments = [":", "-", " ", "\n", "{", "}", "[", "]", "$", "${", "!reset ", "!override ", "<<: *base\n", "&a ", "*a", "\"", "'", "#", "\t", "0o7", "yes", "null", "~", "- x\n", "  ", "services:", "extends: web\n", "${X:?boom}"]

    static func mutate(_ text: String, rng: inout SplitMix) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { break }
            let i = Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: bytes.remove(at: i)
            case 1: bytes.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: i)
            case 2: bytes[i] = UInt8.random(in: 0...255, using: &rng)
            case 3: bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...40, using: &rng)))
            default:
                // Duplicate a line.
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                let k = Int.random(in: 0..<lines.count, using: &rng)
                var out = Array(lines)
                out.insert(lines[k], at: k)
                bytes = Array(out.joined(separator: "\n").utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutatedFilesLoadOrFailLocated() throws {
        var rng = SplitMix(state: 20_261_127)
        var failures = 0
        for _ in 0..<400 {
            let text = Self.mutate(Self.seed, rng: &rng)
            var options = LoadOptions(environment: ["PW": "x"])
            options.configFiles = ["compose.yaml"]
            let fs = InMemoryFileSystem(files: ["/work/compose.yaml": text, "/work/data/.keep": ""])
            do {
                _ = try ProjectLoader.load(options, fileSystem: fs)
            } catch {
                failures += 1
                let errors = error.diagnostics.filter { $0.severity == .error }
                #expect(!errors.isEmpty, "failed without an error for:\n\(text)")
                #expect(errors.allSatisfy { $0.location != nil || $0.message.contains("project name") }, "unlocated: \(errors)")
            }
        }
        // The mutations must actually break files, or the test says nothing.
        #expect(failures > 100)
    }

    @Test func deepNestingFailsCleanly() {
        let deep = "services:\n  web:\n    image: x\n    labels: " + String(repeating: "[", count: 5000)
        let errors = loadErrors(["/work/compose.yaml": deep])
        #expect(errors.first?.location != nil)
    }

    @Test func billionLaughsFailsFast() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        text += "services:\n  web:\n    image: x\n    labels: *a9\n"
        let start = ContinuousClock.now
        let errors = loadErrors(["/work/compose.yaml": text])
        #expect(errors.contains { $0.message.contains("excessive aliasing") })
        #expect(ContinuousClock.now - start < .seconds(8))
    }
}
