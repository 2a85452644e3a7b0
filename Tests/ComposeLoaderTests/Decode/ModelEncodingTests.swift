import ComposeModel
import Foundation
import Testing

@Suite struct ModelEncodingTests {
    static func richProject() -> Project {
        var web = Service(
            build: BuildConfig(context: "/src", dockerfile: "Dockerfile", args: ["A": "1"]),
            command: ["sh", "-c", "echo hi"],
            dependsOn: [
                "db": ServiceDependency(condition: .serviceHealthy, restart: true, required: true, extensions: ["x-why": .string("db")]),
                "cache": ServiceDependency(),
            ],
            deploy: DeployConfig(
                replicas: 2,
                resources: ResourcesConfig(limits: ResourceSpec(cpus: 0.5, memory: 536_870_912)),
                restartPolicy: RestartPolicy(condition: "on-failure", delay: .seconds(5), maxAttempts: 3)
            ),
            entrypoint: [],
            environment: ["FOO": "1", "UNSET": nil],
            extraHosts: ["alpha": ["50.31.209.229"], "zulu": ["127.0.0.2", "ff02::1"]],
            healthcheck: HealthCheckConfig(test: ["CMD-SHELL", "true"], interval: ComposeDuration(nanoseconds: 90_000_000_000), retries: 5),
            image: "nginx:alpine",
            labels: ["a.b": "c"],
            networks: ["default": nil, "back": ServiceNetworkConfig(aliases: ["w"], ipv4Address: "10.0.0.2")],
            ports: [
                ServicePortConfig(target: 80, published: "8080"),
                ServicePortConfig(mode: "host", hostIP: "127.0.0.1", target: 53, published: "10053", protocol: "udp"),
            ],
            privileged: true,
            secrets: [FileReference(source: "s", target: "/run/secrets/s", mode: 0o440)],
            stopGracePeriod: ComposeDuration(nanoseconds: 90_000_000_000),
            ulimits: ["nproc": UlimitsConfig(single: 65535), "nofile": UlimitsConfig(soft: 20000, hard: 40000)],
            volumes: [
                ServiceVolumeConfig(type: "bind", source: "/data", target: "/data", readOnly: true, bind: ServiceVolumeBind(createHostPath: true)),
                ServiceVolumeConfig(type: "volume", source: "db", target: "/var/lib/db", volume: ServiceVolumeVolume(nocopy: true)),
            ],
            extensions: ["x-custom": .object(["a": .array([.int(1), .double(2.5), .bool(true), .null, .string("s")])])]
        )
        web.name = "web"
        var db = Service(image: "postgres")
        db.name = "db"
        var cache = Service(image: "redis", scale: 0)
        cache.name = "cache"
        return Project(
            name: "test",
            services: ["web": web, "db": db, "cache": cache],
            networks: ["default": NetworkConfig(name: "test_default"), "back": NetworkConfig(name: "test_back", internal: true)],
            volumes: ["db": VolumeConfig(name: "test_db")],
            secrets: ["s": SecretConfig(name: "test_s", file: "/src/s")],
            extensions: ["x-top": .string("kept")]
        )
    }

    func encode<T: Encodable>(_ value: T) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func roundTrip() throws {
        let project = Self.richProject()
        let data = try JSONEncoder().encode(project)
        let back = try JSONDecoder().decode(Project.self, from: data)
        #expect(back == project)
    }

    @Test func jsonShape() throws {
        let json = try encode(Self.richProject())
        #expect(json["name"] as? String == "test")
        #expect(json["x-top"] as? String == "kept")
        let web = try #require((json["services"] as? [String: Any])?["web"] as? [String: Any])
        #expect(web["name"] == nil)
        let ports = try #require(web["ports"] as? [[String: Any]])
        #expect(ports[0]["published"] as? String == "8080")
        #expect(ports[0]["target"] as? Int == 80)
        #expect(ports[0]["protocol"] as? String == "tcp")
        #expect(ports[0]["mode"] as? String == "ingress")
        #expect(ports[0]["host_ip"] == nil)
        #expect(ports[1]["host_ip"] as? String == "127.0.0.1")
        let env = try #require(web["environment"] as? [String: Any])
        #expect(env["FOO"] as? String == "1")
        #expect(env["UNSET"] is NSNull)
        #expect(web["stop_grace_period"] as? String == "1m30s")
        let hc = try #require(web["healthcheck"] as? [String: Any])
        #expect(hc["interval"] as? String == "1m30s")
        let deps = try #require(web["depends_on"] as? [String: [String: Any]])
        #expect(deps["db"]?["condition"] as? String == "service_healthy")
        #expect(deps["db"]?["restart"] as? Bool == true)
        #expect(deps["db"]?["x-why"] as? String == "db")
        #expect(deps["cache"]?["required"] as? Bool == true)
        #expect(deps["cache"]?["restart"] == nil)
        let nets = try #require(web["networks"] as? [String: Any])
        #expect(nets["default"] is NSNull)
        #expect((nets["back"] as? [String: Any])?["ipv4_address"] as? String == "10.0.0.2")
        let vols = try #require(web["volumes"] as? [[String: Any]])
        #expect(vols[0]["read_only"] as? Bool == true)
        #expect((vols[0]["bind"] as? [String: Any])?["create_host_path"] as? Bool == true)
        #expect((vols[1]["volume"] as? [String: Any])?["nocopy"] as? Bool == true)
        #expect(web["entrypoint"] as? [Any] != nil)
        #expect((web["command"] as? [String]) == ["sh", "-c", "echo hi"])
        let ul = try #require(web["ulimits"] as? [String: Any])
        #expect(ul["nproc"] as? Int == 65535)
        #expect((ul["nofile"] as? [String: Int]) == ["soft": 20000, "hard": 40000])
        #expect((web["extra_hosts"] as? [String]) == ["alpha=50.31.209.229", "zulu=127.0.0.2", "zulu=ff02::1"])
        #expect(web["x-custom"] != nil)
        #expect(web["privileged"] as? Bool == true)
        #expect(web["read_only"] == nil)
        let db = try #require((json["services"] as? [String: Any])?["db"] as? [String: Any])
        #expect(db["command"] is NSNull)
    }

    @Test(arguments: [
        (Int64(0), "0s"), (90_000_000_000, "1m30s"), (3_600_000_000_000, "1h0m0s"), (1_500_000_000, "1.5s"),
        (500_000_000, "500ms"), (1_500, "1.5µs"), (12, "12ns"), (-2_000_000_000, "-2s"), (86_400_000_000_000, "24h0m0s"),
    ])
    func durationFormat(ns: Int64, text: String) {
        #expect(ComposeDuration.format(ns) == text)
        #expect(ComposeDuration.parse(text)?.nanoseconds == ns)
    }

    @Test func helpers() {
        let p = Self.richProject()
        #expect(p.serviceNames == ["cache", "db", "web"])
        #expect(p.services["web"]?.dependencies == ["cache", "db"])
        #expect(p.services["web"]?.effectiveScale == 2)
        #expect(p.services["cache"]?.effectiveScale == 0)
        #expect(p.services["db"]?.effectiveScale == 1)
    }
}
