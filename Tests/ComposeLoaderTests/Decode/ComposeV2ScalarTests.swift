@testable import ComposeLoader
import ComposeModel
import Testing

/// Plain YAML numbers and booleans where a string is expected, read as Compose v2 reads them
/// (issue 9): go-yaml resolves the value, compose-go prints it with `%v`. Every expectation
/// below is what Compose v2.40.3 printed for the same text; `ConfigGenerativeTests` keeps
/// checking generated values against v2 itself.
@Suite struct ComposeV2ScalarTests {
    typealias F = DecodeFixture

    static let printedByV2: [(String, String)] = [
        ("2.50", "2.5"), ("0x1F", "31"), ("+7", "7"), ("True", "true"), ("FALSE", "false"),
        ("1e3", "1000"), ("0o17", "15"), ("017", "15"), (".inf", "+Inf"), ("-.inf", "-Inf"),
        (".NaN", "NaN"), ("1_000", "1000"), ("-0", "0"), ("-0.0", "-0"), ("3.0", "3"),
        ("1.5e10", "1.5e+10"), ("123456789012345678901234", "1.2345678901234569e+23"),
        ("0.1", "0.1"), ("1e21", "1e+21"), ("1e20", "1e+20"), ("-.5", "-0.5"), ("0b101", "5"),
        ("12345678.9", "1.23456789e+07"), ("1.0e-7", "1e-07"), ("0.000001", "1e-06"),
        ("100000000000000000000.0", "1e+20"), ("9223372036854775808", "9223372036854775808"),
        ("-9223372036854775809", "-9.223372036854776e+18"), ("1.", "1"), ("1_0.5", "10.5"),
        ("0x_1F", "31"), ("08", "8"), ("+.5", "0.5"), ("0O17", "15"), ("-0b11", "-3"),
        ("0X1f", "31"), ("1.5E3", "1500"), ("+0x10", "16"), ("5e-324", "5e-324"), ("0.1e-4", "1e-05"),
    ]

    /// Texts go-yaml keeps as strings.
    static let keptByV2 = ["0xFFFFFFFFFFFFFFFFF", "yes", "1e", "1.7976931348623157e309", "1.2.3", "0x", "-", "+"]

    @Test func plainScalarsPrintAsV2PrintsTheirValue() {
        for (source, printed) in Self.printedByV2 {
            #expect(GoScalarText.text(plain: source) == printed, "\(source)")
        }
        for source in Self.keptByV2 {
            #expect(GoScalarText.text(plain: source) == nil, "\(source)")
        }
    }

    @Test func environmentLabelsSysctlsAndLoggingOptionsGetV2sText() throws {
        let (s, d) = try F.service("""
            image: x
            environment: {A: 2.50, B: 0x1F, C: +7, D: True, E: "0x1F", F: !!str 0x1F, G: ~}
            labels: {A: 2.50, B: 0x1F}
            sysctls: {net.core.somaxconn: 0x1F}
            logging: {options: {max-size: 2.50, max-file: +7}}
            """)
        #expect(d.isEmpty)
        #expect(s.environment == ["A": "2.5", "B": "31", "C": "7", "D": "true", "E": "0x1F", "F": "0x1F", "G": nil])
        #expect(s.labels == ["A": "2.5", "B": "31"])
        #expect(s.sysctls == ["net.core.somaxconn": "31"])
        #expect(s.logging?.options == ["max-size": "2.5", "max-file": "7"])
    }

    @Test func identicalPortsMergeAndScaleSetsReplicas() throws {
        let (s, d) = try F.service("""
            image: x
            ports: ["10800:2800", "10800:2800/tcp", "80", "80", "8000-8001:8000-8001", "8000:8000"]
            scale: 3
            deploy: {resources: {limits: {cpus: "0.5"}}}
            """)
        #expect(d.isEmpty)
        #expect(s.ports.map { "\($0.published ?? "-"):\($0.target)" } == ["10800:2800", "-:80", "8000:8000", "8001:8001"])
        #expect(s.deploy?.replicas == 3)
        let (alone, _) = try F.service("image: x\nscale: 2")
        #expect(alone.deploy == nil, "v2 adds no deploy section for scale alone")
    }

    /// Found by `ConfigGenerativeTests`: once `deploy.resources.limits` exists, compose-go
    /// compares `pids_limit` (and `cpus`, `mem_limit`) with a limit left out as with 0.
    @Test func aLimitLeftOutCountsAsZeroAgainstTheServiceLevelValue() throws {
        let errors = loadErrors(["/work/compose.yaml": """
            services:
              a: {image: x, pids_limit: 100, deploy: {resources: {limits: {cpus: "0.5"}}}}
            """])
        #expect(errors.map(\.message).contains { $0.contains("'pids_limit' and 'deploy.resources.limits.pids'") })
        let ok = try load(["/work/compose.yaml": """
            services:
              a: {image: x, pids_limit: 100, deploy: {replicas: 1, resources: {reservations: {cpus: "0.5"}}}}
              b: {image: x, pids_limit: 100, cpus: 0.5, deploy: {resources: {limits: {pids: 100, cpus: "0.5"}}}}
            """])
        #expect(ok.project.services.count == 2)
    }

    /// Found by `ConfigGenerativeTests`: a string field holding what go-yaml reads as a number
    /// is rejected as v2 rejects it; an extension keeps it a number.
    @Test func goYAMLNumbersAreNoStrings() throws {
        let errors = loadErrors(["/work/compose.yaml": """
            services:
              a: {image: x, command: [echo, 1_000]}
            """])
        #expect(errors.contains { $0.path == "services.a.command[1]" || $0.message.contains("command") })
        let loaded = try load(["/work/compose.yaml": "x-n: 1_000\nservices:\n  a: {image: x}\n"])
        #expect(loaded.project.extensions["x-n"] == .int(1000))
    }
}
