@testable import ComposeLoader
import ComposeModel
import Testing

@Suite struct NormalisationTests {
    typealias F = DecodeFixture

    @Test func s1ExpandedPorts() throws {
        let (s, d) = try F.service("""
            image: x
            ports: ["80-82:8080-8082", "90-92:8090-8092/udp", "85:8500", 8600, {protocol: udp, target: 53, published: 10053}, {mode: host, target: 22, published: 10022}]
            """)
        #expect(d.isEmpty)
        let expected: [ServicePortConfig] = [
            .init(target: 8080, published: "80"), .init(target: 8081, published: "81"), .init(target: 8082, published: "82"),
            .init(target: 8090, published: "90", protocol: "udp"), .init(target: 8091, published: "91", protocol: "udp"),
            .init(target: 8092, published: "92", protocol: "udp"), .init(target: 8500, published: "85"), .init(target: 8600),
            .init(target: 53, published: "10053", protocol: "udp"), .init(mode: "host", target: 22, published: "10022"),
        ]
        #expect(s.ports == expected)
    }

    @Test(arguments: [
        ("8000-9000:80", [ServicePortConfig(target: 80, published: "8000-9000")]),
        ("3000-3002", [ServicePortConfig(target: 3000), ServicePortConfig(target: 3001), ServicePortConfig(target: 3002)]),
        ("[::1]:6001:6001", [ServicePortConfig(hostIP: "::1", target: 6001, published: "6001")]),
        ("127.0.0.1:8001:8001", [ServicePortConfig(hostIP: "127.0.0.1", target: 8001, published: "8001")]),
        ("6060:6060/UDP", [ServicePortConfig(target: 6060, published: "6060", protocol: "udp")]),
        ("127.0.0.1:5000-5001:5000-5001", [
            ServicePortConfig(hostIP: "127.0.0.1", target: 5000, published: "5000"),
            ServicePortConfig(hostIP: "127.0.0.1", target: 5001, published: "5001"),
        ]),
    ])
    func s2ShortPorts(spec: String, expected: [ServicePortConfig]) throws {
        let (s, d) = try F.service("image: x\nports: [\"\(spec)\"]")
        #expect(d.isEmpty)
        #expect(s.ports == expected)
    }

    @Test(arguments: [
        ("80/xyz", "Invalid proto: xyz"), ("9999999", "Invalid containerPort: 9999999"),
        ("127.0.1:8080:80", "Invalid ip address: 127.0.1"), ("8080-8081:80-82", "Invalid ranges specified for container and host Ports: 80-82 and 8080-8081"),
    ])
    func s3BadPorts(spec: String, message: String) throws {
        let (_, d) = try F.service("image: x\nports: [\"\(spec)\"]")
        #expect(d.map(\.message) == [message])
        #expect(d.first?.path == "services.web.ports[0]")
    }

    @Test func s4Volumes() throws {
        let (p, d) = try F.decode("""
            services:
              web:
                image: x
                volumes: ["./data:/data/:ro", "/src:/t:ro,z", "myvol:/m:nocopy", "/anon", "~/cfg:/cfg", "/h:/c:rslave"]
            volumes: {myvol: {}}
            """)
        #expect(d.isEmpty)
        let v = try #require(p.services["web"]?.volumes)
        #expect(v == [
            ServiceVolumeConfig(type: "bind", source: "/work/proj/data", target: "/data", readOnly: true, bind: ServiceVolumeBind(createHostPath: true)),
            ServiceVolumeConfig(type: "bind", source: "/src", target: "/t", readOnly: true, bind: ServiceVolumeBind(createHostPath: true, selinux: "z")),
            ServiceVolumeConfig(type: "volume", source: "myvol", target: "/m", volume: ServiceVolumeVolume(nocopy: true)),
            ServiceVolumeConfig(type: "volume", target: "/anon", volume: ServiceVolumeVolume()),
            ServiceVolumeConfig(type: "bind", source: "/home/u/cfg", target: "/cfg", bind: ServiceVolumeBind(createHostPath: true)),
            ServiceVolumeConfig(type: "bind", source: "/h", target: "/c", bind: ServiceVolumeBind(propagation: "rslave", createHostPath: true)),
        ])
        #expect(p.volumes["myvol"]?.name == "test_myvol")
    }

    @Test func s4BadVolumes() throws {
        let (_, d) = try F.service("image: x\nvolumes: [\"/foo:/foo:ro:foo\", \"\", {type: bind, target: /x}, {type: nfs, target: /y}]")
        #expect(d.map(\.message) == [
            "invalid spec: /foo:/foo:ro:foo: too many colons",
            "invalid empty volume spec",
            "invalid mount config for type \"bind\": field Source must not be empty",
            "services.web.volumes[3].type must be one of \"bind\", \"volume\", \"tmpfs\", \"cluster\", \"npipe\", \"image\", not \"nfs\"",
        ])
    }

    @Test func s6Healthcheck() throws {
        let (s, d) = try F.service("""
            image: x
            healthcheck: {test: 'echo "hello world"', interval: 1m30s, retries: 5, start_period: 10s}
            """)
        #expect(d.isEmpty)
        #expect(s.healthcheck?.test == ["CMD-SHELL", "echo \"hello world\""])
        #expect(s.healthcheck?.interval == .seconds(90))
        #expect(s.healthcheck?.startPeriod == .seconds(10))
        #expect(s.healthcheck?.retries == 5)
        let (_, bad) = try F.service("image: x\nhealthcheck:\n  test: [\"FOO\"]")
        #expect(bad.map(\.message) == ["healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\""])
        #expect(bad.first?.location?.line == 6)
    }

    @Test(arguments: [
        ("bundle exec thin -p 3000", ["bundle", "exec", "thin", "-p", "3000"]),
        ("'/bin/ash -c \"rm -rf /tmp/x\"'", ["/bin/ash", "-c", "rm -rf /tmp/x"]),
        ("echo a && echo b", ["echo", "a"]),
        ("\"sh -c 'echo $HOME'\"", ["sh", "-c", "echo $HOME"]),
        ("[\"a b\", c]", ["a b", "c"]),
        ("[]", []),
        ("''", []),
    ])
    func s7Command(yaml: String, expected: [String]) throws {
        let (s, d) = try F.service("image: x\ncommand: \(yaml)\nentrypoint: \(yaml)")
        #expect(d.isEmpty)
        #expect(s.command == expected)
        #expect(s.entrypoint == expected)
    }

    @Test func s7NullCommandIsImageDefault() throws {
        let (s, _) = try F.service("image: x\ncommand:")
        #expect(s.command == nil)
    }

    @Test func s8Environment() throws {
        let (s, d) = try F.service("image: x\nenvironment: [FOO=1, BU=, ZO, MEU]")
        #expect(d.isEmpty)
        #expect(s.environment == ["FOO": "1", "BU": "", "ZO": String?.none, "MEU": "Shadoks"])
        let (m, _) = try F.service("image: x\nenvironment: {A: 2, B: 2.5, C: true, D: null, MEU: }")
        #expect(m.environment == ["A": "2", "B": "2.5", "C": "true", "D": String?.none, "MEU": "Shadoks"])
        let (_, bad) = try F.service("image: x\nenvironment: [\"DEBUG = true\"]")
        #expect(bad.map(\.message) == ["environment variable DEBUG  is declared with a trailing space"])
        let (_, str) = try F.service("image: x\nenvironment: \"FOO=1\"")
        #expect(str.first?.message == "services.web.environment must be a mapping")
    }

    @Test func s9SizesDurationsUlimits() throws {
        let (s, d) = try F.service("""
            image: x
            mem_limit: 512m
            memswap_limit: -1
            shm_size: 2gb
            stop_grace_period: 1m30s
            ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}
            """)
        #expect(d.isEmpty)
        #expect(s.memLimit == 536_870_912)
        #expect(s.memswapLimit == -1)
        #expect(s.shmSize == 2_147_483_648)
        #expect(s.stopGracePeriod == .seconds(90))
        #expect(s.ulimits == ["nproc": UlimitsConfig(single: 65535), "nofile": UlimitsConfig(soft: 20000, hard: 40000)])
    }

    @Test func s10ExtraHosts() throws {
        let (s, d) = try F.service("""
            image: x
            extra_hosts: ["alpha:50.31.209.229", "zulu:127.0.0.2", "zulu:ff02::1", "v6=[::1]", "m=0.0.0.1,0.0.0.2"]
            """)
        #expect(d.isEmpty)
        #expect(s.extraHosts.entries == ["alpha": ["50.31.209.229"], "zulu": ["127.0.0.2", "ff02::1"], "v6": ["::1"], "m": ["0.0.0.1", "0.0.0.2"]])
    }

    @Test func s11ImplicitDependencies() throws {
        let (p, d) = try F.decode("""
            services:
              web: {image: a, links: ["db:database"], volumes_from: [data], network_mode: "service:net", depends_on: [cache]}
              db: {image: b}
              data: {image: c}
              net: {image: d}
              cache: {image: e, network_mode: host}
            """)
        #expect(d.isEmpty)
        let web = try #require(p.services["web"])
        #expect(web.dependsOn == [
            "db": ServiceDependency(restart: true),
            "data": ServiceDependency(restart: false),
            "net": ServiceDependency(restart: true),
            "cache": ServiceDependency(),
        ])
        #expect(web.networks.isEmpty)
        #expect(p.services["cache"]?.networks.isEmpty == true)
        #expect(p.services["db"]?.networks == ["default": ServiceNetworkConfig?.none])
        #expect(p.networks["default"]?.name == "test_default")
    }

    @Test func s12ResourceNames() throws {
        let (p, d) = try F.decode("""
            services:
              web: {image: a, secrets: [s], configs: [c]}
            volumes: {data: {}, ext: {external: true}, named: {name: custom}}
            secrets: {s: {file: ./s}}
            configs: {c: {file: /etc/c}}
            networks: {old: {external: {name: legacy}}}
            """)
        #expect(d.map(\.message) == ["networks.old: external.name is deprecated. Please set name and external: true"])
        #expect(d.first?.severity == .warning)
        #expect(p.services["web"]?.networks == ["default": ServiceNetworkConfig?.none])
        #expect(p.networks["default"]?.name == "test_default")
        #expect(p.networks["old"]?.name == "legacy")
        #expect(p.networks["old"]?.external == true)
        #expect(p.volumes["data"]?.name == "test_data")
        #expect(p.volumes["ext"]?.name == "ext")
        #expect(p.volumes["named"]?.name == "custom")
        #expect(p.services["web"]?.secrets == [FileReference(source: "s", target: "/run/secrets/s")])
        #expect(p.services["web"]?.configs == [FileReference(source: "c")])
        #expect(p.secrets["s"]?.file == "/work/proj/s")
        #expect(p.secrets["s"]?.name == "test_s")
    }

    @Test func dependsOnLongAndDefaults() throws {
        let (s, d) = try F.service("""
            image: x
            depends_on:
              db: {condition: service_healthy, required: false}
              cache: {restart: true}
              x-real: {condition: service_started}
            """)
        #expect(d.isEmpty)
        #expect(s.dependsOn["db"] == ServiceDependency(condition: .serviceHealthy, required: false))
        #expect(s.dependsOn["cache"] == ServiceDependency(restart: true))
        #expect(s.dependsOn["x-real"] != nil)
    }

    @Test func buildAndMisc() throws {
        let (s, d) = try F.service("""
            build: ./app
            pull_policy: if_not_present
            env_file: .env.web
            labels: [a=1, b]
            devices: ["/dev/sda:/dev/xvda:rwm", "/dev/null"]
            gpus: all
            secrets: [{source: s, mode: "0440"}, {source: t, mode: 0440}]
            """)
        #expect(d.isEmpty)
        #expect(s.build == BuildConfig(context: "/work/proj/app", dockerfile: "Dockerfile"))
        #expect(s.pullPolicy == "missing")
        #expect(s.envFile == [EnvFileConfig(path: "/work/proj/.env.web", required: true)])
        #expect(s.labels == ["a": "1", "b": ""])
        #expect(s.devices == [DeviceMapping(source: "/dev/sda", target: "/dev/xvda"), DeviceMapping(source: "/dev/null", target: "/dev/null")])
        #expect(s.gpus == [DeviceRequest(count: -1)])
        #expect(s.secrets.map(\.mode) == [0o440, 0o440])
        let (b, _) = try F.service("build: {context: 'https://github.com/x/y.git', args: [ARG_SET, ARG_UNSET, K=v]}")
        #expect(b.build?.context == "https://github.com/x/y.git")
        #expect(b.build?.args == ["ARG_SET": "a", "K": "v"])
    }

    @Test func extensionsKept() throws {
        let (p, d) = try F.decode("""
            x-top: {a: 1}
            services:
              x-svc: {image: a, x-meta: [1, two]}
            """)
        #expect(d.isEmpty)
        #expect(p.extensions["x-top"] == .object(["a": .int(1)]))
        #expect(p.services["x-svc"]?.extensions["x-meta"] == .array([.int(1), .string("two")]))
    }
}
