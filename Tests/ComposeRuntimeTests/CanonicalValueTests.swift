import BerthBasics
import ComposeLoader
import ComposeModel
@testable import ComposePlanner
import Testing

/// The direct canonical conversion (generated from the model's field table) gives what the
/// Codable encoder gives, value for value, for every project of the corpus and the loader's
/// fixtures, with extensions dropped (hashes) and kept (`config`). The hashes themselves are
/// compared with Compose v2 in ComposeV2HashTests.
@Suite struct CanonicalValueTests {
    @Test func directConversionEqualsTheCodableEncoder() throws {
        var projects = 0, mismatches: [String] = []
        for file in ComposeV2HashTests.files() {
            guard let loaded = ComposeV2HashTests.berth(file, resolveEnvironment: true) else { continue }
            projects += 1
            let project = loaded.project
            for drops in [true, false] {
                let encoder = CanonicalEncoder(dropsExtensions: drops)
                let context = CanonicalContext(dropsExtensions: drops)
                let codable = try encoder.encodeValue(project)
                let direct = try project.canonical(context)
                if codable != direct {
                    let paths = CanonicalJSON.differences(codable, direct).prefix(5)
                    mismatches.append("\(file) (extensions \(drops ? "dropped" : "kept")): \(paths.joined(separator: ", "))")
                }
            }
            for service in project.services.values {
                let normalised = ConfigHash.normalised(service)
                if try CanonicalEncoder().encodeValue(normalised) != ConfigHash.canonical(service) {
                    mismatches.append("\(file) service \(service.name): hashed value differs")
                }
            }
        }
        #expect(projects > 80, "only \(projects) projects loaded")
        #expect(mismatches.isEmpty, "\(mismatches.count) differ:\n\(mismatches.prefix(10).joined(separator: "\n"))")
    }

    /// Values the corpus may not hold: extensions at every level, nil-valued maps, a single
    /// and a soft/hard ulimit, durations, conditions, extra hosts, and a non-finite number,
    /// which the direct path refuses and the encoder reports the same way as before.
    @Test func edgeValuesConvertAlike() throws {
        var s = Service(name: "web")
        s.extensions = ["x-a": .object(["x-b": .array([.int(1), .double(2.5), .null, .bool(true)])])]
        s.environment = ["A": "1", "B": nil]
        s.ulimits = ["nofile": UlimitsConfig(soft: 1, hard: 2, extensions: ["x-u": .string("u")]), "nproc": UlimitsConfig(single: 5)]
        s.extraHosts = ["b": ["1.2.3.4"], "a": ["::1", "5.6.7.8"]]
        s.dependsOn = ["db": ServiceDependency(condition: .serviceHealthy, restart: true)]
        s.healthcheck = HealthCheckConfig(test: ["CMD", "true"], interval: ComposeDuration(nanoseconds: 1_500_000_000))
        s.cpus = 1.5
        s.memswapLimit = 3
        for drops in [true, false] {
            let codable = try CanonicalEncoder(dropsExtensions: drops).encodeValue(s)
            #expect(try s.canonical(CanonicalContext(dropsExtensions: drops)) == codable)
        }
        s.cpus = .infinity
        #expect(throws: NotCanonical.self) { try s.canonical(CanonicalContext(dropsExtensions: true)) }
        #expect(ConfigHash.canonical(s) == ConfigHash.canonical(s))
        if case .string(let text) = ConfigHash.canonical(s) {
            #expect(text.hasPrefix("unencodable"))
        } else {
            Issue.record("a non-finite number should give the encoder's error marker")
        }
    }
}
