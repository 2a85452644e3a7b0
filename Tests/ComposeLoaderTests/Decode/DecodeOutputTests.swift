@testable import ComposeLoader
import ComposeModel
import Foundation
import Testing
import YAMLSyntax

@Suite struct DecodeOutputTests {
    typealias F = DecodeFixture

    static let rich = """
        x-common: &common {restart: unless-stopped}
        services:
          web:
            <<: *common
            build: {context: ., args: {A: "1"}, ssh: [default]}
            image: web:latest
            command: npm start
            depends_on: {db: {condition: service_healthy}}
            environment: {FOO: bar, EMPTY: "", UNSET: null}
            ports: ["127.0.0.1:8080:80", "9000"]
            volumes: ["./src:/app/src:ro", "cache:/cache"]
            healthcheck: {test: curl -f http://localhost, interval: 1m30s, timeout: 500ms}
            deploy: {resources: {limits: {cpus: "0.5", memory: 512M}}, restart_policy: {condition: on-failure, delay: 5s}}
            ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
            logging: {driver: json-file, options: {max-size: 10m, max-file: 3}}
            networks: {front: {aliases: [www]}, back: null}
            x-meta: {owner: team}
          db:
            image: postgres:16
            healthcheck: {test: [CMD, pg_isready], interval: 10s, retries: 5}
            volumes: [{type: volume, source: data, target: /var/lib/postgresql/data}, {type: tmpfs, target: /tmp, tmpfs: {size: 64m}}]
            secrets: [pw]
            networks: [back]
        networks: {front: {}, back: {internal: true}}
        volumes: {data: {}, cache: {}}
        secrets: {pw: {file: ./pw.txt}}
        """

    @Test func decodedProjectEncodesInComposeShape() throws {
        let (project, d) = try F.decode(Self.rich)
        #expect(d.isEmpty)
        let data = try JSONEncoder().encode(project)
        let json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let web = try #require((json["services"] as? [String: Any])?["web"] as? [String: Any])
        #expect(web["restart"] as? String == "unless-stopped")
        #expect((web["command"] as? [String]) == ["npm", "start"])
        let ports = try #require(web["ports"] as? [[String: Any]])
        #expect(ports.count == 2)
        #expect(ports[0]["published"] as? String == "8080")
        #expect(ports[0]["host_ip"] as? String == "127.0.0.1")
        #expect(ports[1]["published"] == nil)
        let env = try #require(web["environment"] as? [String: Any])
        #expect(env["UNSET"] is NSNull)
        #expect(env["EMPTY"] as? String == "")
        let hc = try #require(web["healthcheck"] as? [String: Any])
        #expect((hc["test"] as? [String]) == ["CMD-SHELL", "curl -f http://localhost"])
        #expect(hc["interval"] as? String == "1m30s")
        #expect(hc["timeout"] as? String == "500ms")
        let limits = try #require((((web["deploy"] as? [String: Any])?["resources"]) as? [String: Any])?["limits"] as? [String: Any])
        #expect(limits["memory"] as? String == "536870912")  // the schema wants a string here
        #expect(limits["cpus"] as? Double == 0.5)
        #expect((web["build"] as? [String: Any])?["context"] as? String == "/work/proj")
        #expect((web["build"] as? [String: Any])?["dockerfile"] as? String == "Dockerfile")
        #expect(((web["logging"] as? [String: Any])?["options"] as? [String: String]) == ["max-size": "10m", "max-file": "3"])
        #expect((web["x-meta"] as? [String: String]) == ["owner": "team"])
        let nets = try #require(web["networks"] as? [String: Any])
        #expect(nets["back"] is NSNull)
        let db = try #require((json["services"] as? [String: Any])?["db"] as? [String: Any])
        let tmpfs = try #require((db["volumes"] as? [[String: Any]])?[1])
        #expect((tmpfs["tmpfs"] as? [String: Any])?["size"] as? Int == 67_108_864)
        #expect(((json["networks"] as? [String: Any])?["back"] as? [String: Any])?["name"] as? String == "test_back")
        #expect(json["x-common"] != nil)

        let back = try JSONDecoder().decode(Project.self, from: data)
        #expect(back == project)
    }

    /// 500 services with a typical spread of fields: decoding is linear and fast.
    @Test func fiveHundredServices() throws {
        var yaml = "services:\n"
        for i in 0..<500 {
            yaml += """
                  s\(i):
                    image: "app:\(i)"
                    command: ["run", "--id", "\(i)"]
                    environment: [A=1, B=2, C=\(i)]
                    ports: ["\(10000 + i):80"]
                    volumes: ["./d\(i):/data", "v:/v"]
                    depends_on: \(i > 0 ? "[s\(i - 1)]" : "[]")
                    healthcheck: {test: "true", interval: 5s}
                    labels: {tier: x}

                """
        }
        yaml += "volumes: {v: {}}\n"
        let root = try #require(try YAMLParser.parse("name: big\n" + yaml, file: "big.yaml").first)
        let clock = ContinuousClock()
        var result: (project: Project, diagnostics: [Diagnostic])?
        let elapsed = clock.measure { result = ProjectDecoder.decode(root, context: F.context) }
        #expect(result?.diagnostics.isEmpty == true)
        #expect(result?.project.services.count == 500)
        #expect(result?.project.services["s499"]?.dependencies == ["s498"])
        // Generous for debug builds on a shared machine; release decodes this in a few ms.
        #expect(elapsed < .seconds(8))
    }
}
