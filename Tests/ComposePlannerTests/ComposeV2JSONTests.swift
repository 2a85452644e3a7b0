import ComposeModel
@testable import ComposePlanner
import Testing

/// The encoding Compose v2 hashes, checked against hashes Compose v2.40.3 itself wrote on
/// containers, networks and volumes (`docker inspect` of a project it started).
@Suite struct ComposeV2JSONTests {
    @Test func tableIsConsistent() {
        for (name, fields) in ComposeV2Shapes.table {
            #expect(Set(fields.map(\.key)).count == fields.count, "duplicate key in \(name)")
            // The writer finds members no field takes by counting those that matched one.
            #expect(Set(fields.map(\.berthKey)).count == fields.count, "two fields read one Berth key in \(name)")
            for field in fields {
                if let shape = field.shape { #expect(ComposeV2Shapes.table[shape] != nil, "\(name).\(field.key) → \(shape)") }
                if field.absent == .emptyObject { #expect(field.shape != nil) }
            }
        }
        #expect(ComposeV2Shapes.table["ServiceConfig"]?.first?.key == "profiles")
        #expect(ComposeV2Shapes.table["ServiceConfig"]?.last?.key == "pre_stop")
    }

    @Test func networkAndVolumeHashesAreComposeV2s() {
        #expect(ConfigHash.hash(network: NetworkConfig(name: "v2r-p1_front"))
            == "03b680e94ad1a5d7f40f53f799436076946fd44430cdfb9560f9b05f1754b256")
        #expect(ConfigHash.hash(network: NetworkConfig(name: "v2r-p1_back", labels: ["x": "y"]))
            == "63529c5f05282ed966fbcd592d3d6ac8ee5075a0683c3ead8b21abd5b523f69c")
        #expect(ConfigHash.hash(volume: VolumeConfig(name: "v2r-p1_data"))
            == "86c3d65f70900027c5d6122037258c7e2964c02e272d94b6f34135a0fbfbc0a5")
    }

    @Test func serviceHashIsComposeV2s() {
        var s = Service(name: "a", image: "berth-test/busybox:1")
        s.command = ["sleep", "3600"]
        s.environment = ["BAR": "x", "EX": "1", "FOO": "fromdotenv"]
        s.networks = ["front": nil, "back": nil]
        s.scale = 2
        s.volumes = [
            ServiceVolumeConfig(type: "volume", source: "data", target: "/data", volume: ServiceVolumeVolume()),
            ServiceVolumeConfig(type: "volume", target: "/anon", volume: ServiceVolumeVolume()),
        ]
        var deploy = DeployConfig()
        deploy.resources = ResourcesConfig(limits: ResourceSpec(memory: 67_108_864))
        s.deploy = deploy
        #expect(String(decoding: ConfigHash.hashedText(s), as: UTF8.self) == #"{"command":["sleep","3600"],"deploy":{"resources":{"limits":{"memory":"67108864"}},"placement":{}},"entrypoint":null,"environment":{"BAR":"x","EX":"1","FOO":"fromdotenv"},"image":"berth-test/busybox:1","networks":{"back":null,"front":null},"volumes":[{"type":"volume","source":"data","target":"/data","volume":{}},{"type":"volume","target":"/anon","volume":{}}]}"#)
        #expect(ConfigHash.hash(s) == "4a19f351853417aa8db393442511851ed3703736f93a8bb400fcf00d60ce047a")
    }

    @Test func goEscapingAndNumbers() {
        var out: [UInt8] = []
        ComposeV2JSON.writeString("a<b>&\"\\\n\t\u{08}\u{0c}\u{01}\u{2028}é", into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\u003cb\u003e\u0026\"\\\n\t\b\f\u0001\u2028é""#)
        #expect(ComposeV2JSON.float32Text("0.1") == "0.1")
        #expect(ComposeV2JSON.float32Text("2") == "2")
        #expect(ComposeV2JSON.float32Text("0.123456789") == "0.12345679")
    }

    @Test func envFilesAsComposeWritesThem() {
        var s = Service(name: "a", image: "x")
        s.envFile = [EnvFileConfig(path: "/p/app.env"), EnvFileConfig(path: "/p/opt.env", required: false)]
        let text = String(decoding: ConfigHash.hashedText(s), as: UTF8.self)
        #expect(text == #"{"command":null,"entrypoint":null,"env_file":["/p/app.env",{"path":"/p/opt.env","required":false}],"image":"x"}"#)
    }
}
