@testable import ComposeLoader
import ComposeModel
import Testing

/// Disagreements with Docker Compose v2 found by comparing `config` output, each fixed as v2
/// behaves (issue 9).
@Suite struct ComposeV2AgreementTests {
    typealias F = DecodeFixture

    @Test func onlyTheShortSyntaxImpliesCreateHostPath() throws {
        let (p, d) = try F.decode("""
            services:
              web:
                image: x
                volumes:
                  - ./short:/short
                  - {type: bind, source: ./long, target: /long}
                  - {type: bind, source: ./kept, target: /kept, bind: {create_host_path: true}}
            """)
        #expect(d.isEmpty)
        let v = try #require(p.services["web"]?.volumes)
        #expect(v.map { $0.bind?.createHostPath } == [true, nil, true])
        #expect(v[1].bind == nil)
        #expect(v[1].source == "/work/proj/long")
    }

    @Test func localBindVolumeDeviceIsAHostPath() throws {
        let (p, d) = try F.decode("""
            services:
              web: {image: x, volumes: ["a:/a", "b:/b", "c:/c", "e:/e"]}
            volumes:
              a: {driver: local, driver_opts: {type: none, o: bind, device: ""}}
              b: {driver: local, driver_opts: {type: none, o: bind, device: ./data}}
              c: {driver: local, driver_opts: {type: none, o: bind, device: "~/d"}}
              e: {driver_opts: {type: none, o: bind, device: ./untouched}}
            """)
        #expect(d.isEmpty)
        #expect(p.volumes["a"]?.driverOpts["device"] == "/work/proj")
        #expect(p.volumes["b"]?.driverOpts["device"] == "/work/proj/data")
        #expect(p.volumes["c"]?.driverOpts["device"] == "/home/u/d")
        // compose-go resolves only an explicit `driver: local`.
        #expect(p.volumes["e"]?.driverOpts["device"] == "./untouched")
    }

    @Test func homeInSecretAndConfigFiles() throws {
        let (p, d) = try F.decode("""
            services:
              web: {image: x, secrets: [s], configs: [c]}
            secrets:
              s: {file: ~/secret.txt}
            configs:
              c: {file: ./c.txt}
            """)
        #expect(d.isEmpty)
        #expect(p.secrets["s"]?.file == "/home/u/secret.txt")
        #expect(p.configs["c"]?.file == "/work/proj/c.txt")
    }
}
