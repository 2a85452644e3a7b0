@testable import ComposeLoader
import ComposeModel
import Foundation
import Testing
import YAMLSyntax

@Suite struct ResourceTests {
    @Test func topLevelResourcesAndLocations() throws {
        let context = DecodeContext(workingDir: "/srv/shop", homeDir: "/root", environment: ["TOKEN": "s3cret"])
        let url = try #require(Bundle.module.url(forResource: "Fixtures/decode/resources.yaml", withExtension: nil))
        let text = try String(contentsOf: url, encoding: .utf8)
        let root = try #require(try YAMLParser.parse(text, file: "resources.yaml").first)
        let (p, d) = ProjectDecoder.decode(root, context: context)
        let got = d.map { "\($0.severity.rawValue) \($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.path): \($0.message)" }
        #expect(got.sorted() == [
            // Inside an alias, the fault is located where the anchored value was written.
            "error 2:48 services.web.healthcheck.retries: failed to cast to expected type: strconv.Atoi: parsing \"many\": invalid syntax",
            "error 2:32 services.web.healthcheck.test[1]: services.web.healthcheck.test[1] must be a string",
            "error 11:9 services.web.networks.front.priorty: additional properties 'priorty' not allowed: did you mean \"priority\"?",
            "warning 19:18 networks.front.enable_ipv6: \"no\" for boolean is not supported by YAML 1.2, please use `false`",
            "warning 27:22 volumes.legacy.external.name: volumes.legacy: external.name is deprecated. Please set name and external: true",
            "error 33:5 configs.both: configs.both: file|environment|content attributes are mutually exclusive",
        ].sorted())
        #expect(p.name == "shop")
        #expect(p.networks["front"]?.name == "shop_front")
        #expect(p.networks["front"]?.ipam?.config == [IPAMPool(subnet: "172.28.0.0/16", gateway: "172.28.0.1")])
        #expect(p.networks["front"]?.enableIPv6 == false)
        #expect(p.networks["back"]?.name == "shared-back")
        #expect(p.volumes["data"]?.driverOpts == ["type": "nfs", "o": "addr=10.0.0.1"])
        #expect(p.volumes["legacy"]?.name == "old-data")
        #expect(p.volumes["legacy"]?.external == true)
        #expect(p.configs["nginx"]?.content == "server {}\n")
        #expect(p.configs["nginx"]?.name == "shop_nginx")
        #expect(p.secrets["token"]?.content == "s3cret")
        #expect(p.services["web"]?.networks["front"]??.aliases == ["www"])
        #expect(p.networks["default"] == nil)
        #expect(p.extensions["x-health"] != nil)
    }
}
