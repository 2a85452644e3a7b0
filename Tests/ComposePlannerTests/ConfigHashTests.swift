import ComposeModel
import ComposePlanner
import Testing

struct CanonicalEncoderTests {
    struct Sample: Encodable {
        var b: Int = 2
        var a: String = "x\"y\n"
        var map: [String: String?] = ["z": "1", "x-kept": nil]
        var list: [Double] = [1, 0.5]
        enum CodingKeys: String, CodingKey { case b, a, map, list, ext = "x-ext" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(b, forKey: .b)
            try c.encode(a, forKey: .a)
            try c.encode(map, forKey: .map)
            try c.encode(list, forKey: .list)
            try c.encode("dropped", forKey: .ext)
        }
    }

    @Test func sortedKeysEscapesAndExtensions() throws {
        let text = String(decoding: try CanonicalEncoder().encode(Sample()), as: UTF8.self)
        #expect(text == #"{"a":"x\"y\n","b":2,"list":[1,0.5],"map":{"x-kept":null,"z":"1"}}"#)
    }

    @Test func extensionsKeptWhenAsked() throws {
        let value = try CanonicalEncoder(dropsExtensions: false).encodeValue(Sample())
        #expect(value.text.contains(#""x-ext":"dropped""#))
    }
}

struct ConfigHashTests {
    let base = Service(
        name: "web", environment: ["A": "1", "B": "2", "C": nil], image: "nginx",
        labels: ["one": "1", "two": "2"], ports: [ServicePortConfig(target: 80)])

    @Test func isLowercaseHexSHA256() {
        let h = ConfigHash.hash(base)
        #expect(h.count == 64)
        #expect(h.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(h == ConfigHash.hash(base))
    }

    @Test func independentOfInsertionOrder() {
        var env: [String: String?] = [:]
        for key in ["C", "B", "A"] { env[key] = base.environment[key] ?? nil }
        var other = base
        other.environment = [:]
        other.environment = env
        var labels: [String: String] = [:]
        labels["two"] = "2"
        labels["one"] = "1"
        other.labels = labels
        #expect(ConfigHash.hash(other) == ConfigHash.hash(base))
    }

    @Test func changesWithEnvironment() {
        var other = base
        other.environment["MODE"] = "prod"
        #expect(ConfigHash.hash(other) != ConfigHash.hash(base))
        #expect(ConfigHash.changedFields(old: base, new: other) == ["environment.MODE"])
    }

    @Test func ignoresScaleDependsOnProfilesBuildPullPolicyAndExtensions() {
        var other = base
        other.scale = 3
        other.dependsOn = ["db": ServiceDependency(condition: .serviceHealthy)]
        other.profiles = ["debug"]
        other.build = BuildConfig(context: "/src")
        other.pullPolicy = "always"
        other.extensions = ["x-note": .string("hi")]
        #expect(ConfigHash.hash(other) == ConfigHash.hash(base))
        #expect(ConfigHash.changedFields(old: base, new: other).isEmpty)
    }

    /// As in Compose v2: `replicas` is cleared but the `deploy` it was in stays, hashed with its
    /// always-written `resources` and `placement`.
    @Test func deployWithOnlyReplicasIsAnEmptyDeploy() {
        var a = base, b = base
        a.deploy = DeployConfig(replicas: 5)
        b.deploy = DeployConfig(replicas: 1)
        #expect(ConfigHash.hash(a) == ConfigHash.hash(b))
        #expect(ConfigHash.hash(a) != ConfigHash.hash(base))
        #expect(String(decoding: ConfigHash.hashedText(a), as: UTF8.self).contains(#""deploy":{"resources":{},"placement":{}}"#))
    }

    @Test func deployOtherThanReplicasCounts() {
        var other = base
        other.deploy = DeployConfig(replicas: 2, labels: ["k": "v"])
        #expect(ConfigHash.hash(other) != ConfigHash.hash(base))
        #expect(ConfigHash.changedFields(old: base, new: other) == ["deploy.labels.k"])
    }

    @Test func changedFieldsNamesTopLevelAndNestedPaths() {
        var other = base
        other.image = "nginx:2"
        other.environment["A"] = "9"
        other.environment["B"] = nil
        other.ports = [ServicePortConfig(target: 81)]
        #expect(ConfigHash.changedFields(old: base, new: other) == ["environment.A", "environment.B", "image", "ports"])
    }

    @Test func networkAndVolumeHashes() {
        let n = NetworkConfig(name: "p_default")
        var n2 = n
        n2.driverOpts = ["mtu": "1400"]
        #expect(ConfigHash.hash(network: n) != ConfigHash.hash(network: n2))
        var n3 = n
        n3.extensions = ["x-a": .int(1)]
        #expect(ConfigHash.hash(network: n3) == ConfigHash.hash(network: n))

        let v = VolumeConfig(name: "p_data")
        #expect(ConfigHash.hash(volume: v) == ConfigHash.hash(volume: VolumeConfig(name: "p_data", driver: "local")))
        #expect(ConfigHash.hash(volume: v) != ConfigHash.hash(volume: VolumeConfig(name: "p_other")))
    }
}
