import BerthBasics
import ComposeLoader
import ComposeModel
import ComposePlanner
import Foundation
import Testing

/// Differential: every service, network and volume of the shared corpus and of the loader's
/// fixtures hashes exactly as Docker Compose v2 hashes it. Compose v2 must be installed
/// (scripts/compose-v2; CI runs it): without it these tests fail.
@Suite struct ComposeV2HashTests {
    static let corpus = "/work/shared/corpus"

    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("ComposeLoaderTests/Fixtures").path
    }

    /// Every compose file under the corpus and the fixtures, absolute, sorted.
    static func files() -> [String] {
        var out: [String] = []
        for root in [corpus, fixtures] {
            let names = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
            out += names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.contains("/.") }
                .map { root + "/" + $0 }
        }
        return out.sorted()
    }

    static func berth(_ file: String, resolveEnvironment: Bool) -> LoadedProject? {
        var options = LoadOptions(environment: ComposeV2.environment)
        options.configFiles = [file]
        options.resolveEnvironment = resolveEnvironment
        return try? ProjectLoader.load(options, fileSystem: LocalFileSystem())
    }

    static func sha(_ text: String) -> String { SHA256.hexDigest(Array(text.utf8)) }

    /// The text Compose hashes for one service of its `config --format json` (which is the
    /// project `up` hashes): the service minus what `ServiceHash` clears.
    static func v2ServiceText(_ raw: Substring) -> String {
        let cleared: Set<String> = ["build", "pull_policy", "scale", "depends_on", "profiles"]
        let members = OrderedJSON.members(raw).filter { !cleared.contains($0.key) }.map { m in
            guard m.key == "deploy" else { return m }
            let deploy = OrderedJSON.members(m.value).filter { $0.key != "replicas" }
            return (key: m.key, rawKey: m.rawKey, value: Substring(OrderedJSON.object(deploy)))
        }
        return OrderedJSON.object(members)
    }

    /// The labels `up` writes: services, networks and volumes of `config --format json`.
    @Test func labelHashesEqualComposeV2() async throws {
        #expect(ComposeV2.path != nil, "compose-v2 is not installed (scripts/compose-v2)")
        var compared = 0, mismatches: [String] = [], berthRejects: [String] = []
        for file in Self.files() {
            let dir = URL(fileURLWithPath: file).deletingLastPathComponent().path
            let v2 = try await ComposeV2.runOffThePool(["-f", file, "config", "--format", "json"], in: dir)
            guard v2.status == 0 else { continue }
            guard let loaded = Self.berth(file, resolveEnvironment: true) else {
                berthRejects.append(file)
                continue
            }
            let top = OrderedJSON.members(Substring(v2.stdout.replacingOccurrences(of: "$$", with: "$")))
            func section(_ name: String) -> [(key: String, rawKey: Substring, value: Substring)] {
                top.first { $0.key == name }.map { OrderedJSON.members($0.value) } ?? []
            }
            for s in section("services") {
                compared += 1
                let want = Self.v2ServiceText(s.value)
                guard let service = loaded.project.services[s.key] else {
                    mismatches.append("\(file) service \(s.key): missing in Berth")
                    continue
                }
                let got = String(decoding: ConfigHash.hashedText(service), as: UTF8.self)
                if got != want { mismatches.append("\(file) service \(s.key)\n  v2:    \(want)\n  berth: \(got)") }
            }
            for n in section("networks") {
                compared += 1
                let want = OrderedJSON.compact(n.value)
                let got = loaded.project.networks[n.key].map { String(decoding: ConfigHash.hashedText(network: $0), as: UTF8.self) }
                if got != want { mismatches.append("\(file) network \(n.key)\n  v2:    \(want)\n  berth: \(got ?? "missing")") }
            }
            for v in section("volumes") {
                compared += 1
                var members = OrderedJSON.members(v.value)
                if !members.contains(where: { $0.key == "driver" }) {
                    // VolumeHash: an unset driver is hashed as `local`, right after `name`.
                    let at = members.firstIndex { $0.key == "name" }.map { $0 + 1 } ?? 0
                    members.insert((key: "driver", rawKey: "\"driver\"", value: "\"local\""), at: at)
                }
                let want = OrderedJSON.object(members)
                let got = loaded.project.volumes[v.key].map { String(decoding: ConfigHash.hashedText(volume: $0), as: UTF8.self) }
                if got != want { mismatches.append("\(file) volume \(v.key)\n  v2:    \(want)\n  berth: \(got ?? "missing")") }
            }
        }
        #expect(compared > 250)
        #expect(berthRejects == [], "files Compose v2 loads and Berth rejects")
        #expect(mismatches == [], Comment(rawValue: "\(mismatches.count) of \(compared) differ:\n" + mismatches.joined(separator: "\n")))
    }

    /// `config --hash '*'`: Compose hashes the service with `env_file` kept and unmerged.
    @Test func configHashEqualsComposeV2() async throws {
        #expect(ComposeV2.path != nil, "compose-v2 is not installed (scripts/compose-v2)")
        var compared = 0, mismatches: [String] = []
        for file in Self.files() {
            let dir = URL(fileURLWithPath: file).deletingLastPathComponent().path
            let v2 = try await ComposeV2.runOffThePool(["-f", file, "config", "--hash", "*"], in: dir)
            guard v2.status == 0, let loaded = Self.berth(file, resolveEnvironment: false) else { continue }
            for line in v2.stdout.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2 else { continue }
                compared += 1
                let name = String(parts[0])
                let got = loaded.project.services[name].map { ConfigHash.hash($0) }
                if got != String(parts[1]) {
                    let text = loaded.project.services[name].map { String(decoding: ConfigHash.hashedText($0), as: UTF8.self) }
                    mismatches.append("\(file) \(name): berth hashed \(text ?? "nothing")")
                }
            }
        }
        #expect(compared > 160)
        #expect(mismatches == [], Comment(rawValue: "\(mismatches.count) of \(compared) differ:\n" + mismatches.joined(separator: "\n")))
    }
}
