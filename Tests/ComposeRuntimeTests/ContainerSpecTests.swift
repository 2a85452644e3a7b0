import ComposeModel
import ComposePlanner
import EngineClient
import Testing

@testable import ComposeRuntime

@Suite struct ContainerSpecTests {
    static let labels = LabelContext(workingDir: "/proj", configFiles: ["/proj/compose.yaml"], version: "test")

    func make(
        _ service: Service, project extra: (inout Project) -> Void = { _ in }, api: APIVersion = APIVersion(1, 41),
        ids: [String: [String]] = [:], inherited: [MountPoint] = []
    ) throws -> ContainerSpec {
        var project = Project(name: "p", services: [service.name: service])
        extra(&project)
        let context = ContainerSpecContext(
            project: project, labels: Self.labels, apiVersion: api, containerIDs: ids,
            containerNames: ids.mapValues { $0.map { "p-\($0)" } }, inheritedMounts: inherited,
            environment: ["FROM_ENV": "env-value"])
        return try ContainerSpec.make(service: service, number: 2, name: "p-\(service.name)-2", context: context)
    }

    @Test func basicsLabelsEnvironmentCommand() throws {
        var s = Service(name: "web", image: "img:1")
        let env: [String: String?] = ["B": "2", "A": "1", "UNSET": String?.none]
        s.environment = env
        s.command = ["sh", "-c", "echo hi"]
        s.entrypoint = ["/bin/env"]
        s.user = "1000:1000"
        s.workingDir = "/work"
        s.hostname = "h"
        s.domainname = "example.org"
        s.tty = true
        s.stdinOpen = true
        s.stopSignal = "SIGINT"
        s.stopGracePeriod = .seconds(7)
        s.labels = ["mine": "yes", ComposeLabels.project: "spoofed"]
        let spec = try make(s)
        let c = spec.request.config
        #expect(c.image == "img:1")
        #expect(c.env == ["A=1", "B=2"])
        #expect(c.cmd == ["sh", "-c", "echo hi"])
        #expect(c.entrypoint == ["/bin/env"])
        #expect(c.user == "1000:1000")
        #expect(c.workingDir == "/work")
        #expect(c.hostname == "h")
        #expect(c.domainname == "example.org")
        #expect(c.tty == true)
        #expect(c.openStdin == true)
        #expect(c.stopSignal == "SIGINT")
        #expect(c.stopTimeout == 7)
        #expect(c.labels?["mine"] == "yes")
        #expect(c.labels?[ComposeLabels.project] == "p")
        #expect(c.labels?[ComposeLabels.service] == "web")
        #expect(c.labels?[ComposeLabels.containerNumber] == "2")
        #expect(c.labels?[ComposeLabels.configHash] == ConfigHash.hash(s))
        #expect(spec.name == "p-web-2")
    }

    @Test func defaultImageIsProjectDashService() throws {
        let spec = try make(Service(name: "api"))
        #expect(spec.request.config.image == "p-api")
    }

    @Test func portsAndExpose() throws {
        var s = Service(name: "web", image: "i")
        s.ports = [
            ServicePortConfig(mode: "ingress", hostIP: "127.0.0.1", target: 80, published: "8080", protocol: "tcp"),
            ServicePortConfig(mode: "ingress", target: 80, published: "8081", protocol: "tcp"),
            ServicePortConfig(mode: "ingress", target: 53, published: nil, protocol: "udp"),
        ]
        s.expose = ["9000-9001", "7000/udp"]
        let spec = try make(s)
        #expect(Set(spec.request.config.exposedPorts?.keys ?? [:].keys) == ["80/tcp", "53/udp", "9000/tcp", "9001/tcp", "7000/udp"])
        let b = spec.request.hostConfig?.portBindings
        #expect(b?["80/tcp"]?.map(\.hostPort) == ["8080", "8081"])
        #expect(b?["80/tcp"]?.first?.hostIp == "127.0.0.1")
        #expect(b?["53/udp"]?.first?.hostPort == "")
    }

    @Test func healthcheckDurationsAndDisable() throws {
        var s = Service(name: "db", image: "i")
        s.healthcheck = HealthCheckConfig(
            test: ["CMD", "true"], interval: .milliseconds(500), timeout: .seconds(2), startPeriod: .seconds(1), retries: 4)
        let h = try make(s).request.config.healthcheck
        #expect(h?.test == ["CMD", "true"])
        #expect(h?.interval == 500_000_000)
        #expect(h?.timeout == 2_000_000_000)
        #expect(h?.startPeriod == 1_000_000_000)
        #expect(h?.retries == 4)
        s.healthcheck = HealthCheckConfig(test: ["CMD", "true"], disable: true)
        #expect(try make(s).request.config.healthcheck?.test == ["NONE"])
    }

    @Test(arguments: [
        ("no", "no", nil), ("always", "always", nil), ("on-failure:3", "on-failure", 3), ("unless-stopped", "unless-stopped", nil),
    ] as [(String, String, Int?)])
    func restartPolicy(restart: String, name: String, count: Int?) throws {
        var s = Service(name: "w", image: "i")
        s.restart = restart
        let p = try make(s).request.hostConfig?.restartPolicy
        #expect(p?.name == name)
        #expect(p?.maximumRetryCount == count)
    }

    @Test func deployRestartPolicyWins() throws {
        var s = Service(name: "w", image: "i")
        s.restart = "always"
        s.deploy = DeployConfig(restartPolicy: ComposeModel.RestartPolicy(condition: "none"))
        #expect(try make(s).request.hostConfig?.restartPolicy?.name == "no")
    }

    @Test func resources() throws {
        var s = Service(name: "w", image: "i")
        s.cpus = 0.5
        s.memLimit = 64 << 20
        s.pidsLimit = 50
        s.oomScoreAdj = 100
        s.oomKillDisable = true
        s.shmSize = 1 << 20
        s.ulimits = ["nofile": UlimitsConfig(soft: 100, hard: 200), "nproc": UlimitsConfig(single: 64)]
        var h = try make(s).request.hostConfig
        #expect(h?.nanoCpus == 500_000_000)
        #expect(h?.memory == 64 << 20)
        #expect(h?.pidsLimit == 50)
        #expect(h?.oomScoreAdj == 100)
        #expect(h?.oomKillDisable == true)
        #expect(h?.shmSize == 1 << 20)
        #expect(h?.ulimits?.map(\.name) == ["nofile", "nproc"])
        #expect(h?.ulimits?.first?.soft == 100)
        #expect(h?.ulimits?.last?.hard == 64)
        s.deploy = DeployConfig(resources: ResourcesConfig(
            limits: ResourceSpec(cpus: 1.5, memory: 128 << 20, pids: 10), reservations: ResourceSpec(memory: 32 << 20)))
        h = try make(s).request.hostConfig
        #expect(h?.nanoCpus == 1_500_000_000)
        #expect(h?.memory == 128 << 20)
        #expect(h?.pidsLimit == 10)
        #expect(h?.memoryReservation == 32 << 20)
    }

    @Test func securityAndProcessSettings() throws {
        var s = Service(name: "w", image: "i")
        s.capAdd = ["NET_ADMIN"]
        s.capDrop = ["ALL"]
        s.privileged = true
        s.readOnly = true
        s.securityOpt = ["no-new-privileges:true"]
        s.sysctls = ["net.core.somaxconn": "1024"]
        s.initProcess = true
        s.groupAdd = ["audio"]
        s.dns = ["1.1.1.1"]
        s.dnsSearch = ["example.org"]
        s.dnsOpt = ["ndots:2"]
        s.extraHosts = ["db": ["10.0.0.2"]]
        s.devices = [ComposeModel.DeviceMapping(source: "/dev/null", target: "/dev/n", permissions: "r")]
        s.logging = LoggingConfig(driver: "json-file", options: ["max-size": "1m"])
        s.tmpfs = ["/run:size=1m", "/tmp2"]
        s.ipc = "host"
        s.pid = "host"
        let h = try make(s).request.hostConfig
        #expect(h?.capAdd == ["NET_ADMIN"])
        #expect(h?.capDrop == ["ALL"])
        #expect(h?.privileged == true)
        #expect(h?.readonlyRootfs == true)
        #expect(h?.securityOpt == ["no-new-privileges:true"])
        #expect(h?.sysctls == ["net.core.somaxconn": "1024"])
        #expect(h?.initProcess == true)
        #expect(h?.groupAdd == ["audio"])
        #expect(h?.dns == ["1.1.1.1"])
        #expect(h?.dnsSearch == ["example.org"])
        #expect(h?.dnsOptions == ["ndots:2"])
        #expect(h?.extraHosts == ["db:10.0.0.2"])
        #expect(h?.devices?.first?.pathInContainer == "/dev/n")
        #expect(h?.devices?.first?.cgroupPermissions == "r")
        #expect(h?.logConfig?.type == "json-file")
        #expect(h?.logConfig?.config == ["max-size": "1m"])
        #expect(h?.tmpfs == ["/run": "size=1m", "/tmp2": ""])
        #expect(h?.ipcMode == "host")
        #expect(h?.pidMode == "host")
    }

    @Test func serviceReferencesResolveToContainerIDs() throws {
        var s = Service(name: "side", image: "i")
        s.networkMode = "service:main"
        s.ipc = "service:main"
        s.volumesFrom = ["main:ro", "container:other"]
        let spec = try make(s, ids: ["main": ["abc123", "def456"]])
        let h = spec.request.hostConfig
        #expect(h?.networkMode == "container:abc123")
        #expect(h?.ipcMode == "container:abc123")
        #expect(h?.volumesFrom == ["abc123:ro", "other"])
        #expect(spec.request.networkingConfig == nil)
        #expect(throws: RuntimeError.self) { try make(s, ids: [:]) }
    }

    @Test func volumesBindsMountsAnonymousTmpfs() throws {
        var s = Service(name: "w", image: "i")
        s.volumes = [
            ServiceVolumeConfig(type: "bind", source: "./src", target: "/src", readOnly: true),
            ServiceVolumeConfig(type: "bind", source: "/abs", target: "/abs", bind: ServiceVolumeBind(createHostPath: false)),
            ServiceVolumeConfig(type: "volume", source: "data", target: "/data"),
            ServiceVolumeConfig(type: "volume", target: "/anon"),
            ServiceVolumeConfig(type: "tmpfs", target: "/scratch", tmpfs: ServiceVolumeTmpfs(size: 1024)),
        ]
        let anonName = String(repeating: "a", count: 64)
        var old = MountPoint()
        old.type = "volume"
        old.name = anonName
        old.destination = "/anon"
        let spec = try make(s, project: { $0.volumes["data"] = VolumeConfig() }, inherited: [old])
        let h = spec.request.hostConfig
        #expect(h?.binds == ["/proj/src:/src:ro", "p_data:/data:rw"])
        let mounts = h?.mounts ?? []
        #expect(mounts.map(\.target) == ["/abs", "/anon", "/scratch"])
        #expect(mounts[0].type == "bind")
        #expect(mounts[1].type == "volume")
        #expect(mounts[1].source == anonName)
        #expect(mounts[2].tmpfsOptions?.sizeBytes == 1024)
    }

    @Test func secretsAndConfigs() throws {
        var s = Service(name: "w", image: "i")
        s.secrets = [FileReference(source: "filesecret"), FileReference(source: "envsecret", target: "custom")]
        s.configs = [FileReference(source: "conf", mode: 0o400)]
        let spec = try make(s, project: {
            $0.secrets["filesecret"] = SecretConfig(file: "/proj/secret.txt")
            $0.secrets["envsecret"] = SecretConfig(environment: "FROM_ENV")
            $0.configs["conf"] = ConfigObjConfig(content: "hello")
        })
        let m = spec.request.hostConfig?.mounts ?? []
        #expect(m.count == 1)
        #expect(m.first?.target == "/run/secrets/filesecret")
        #expect(m.first?.readOnly == true)
        #expect(spec.injectedFiles.map(\.path) == ["/run/secrets/custom", "/conf"])
        #expect(spec.injectedFiles.map { String(decoding: $0.contents, as: UTF8.self) } == ["env-value", "hello"])
        #expect(spec.injectedFiles.map(\.mode) == [0o444, 0o400])
        let tar = try TarArchive(reading: InjectedFile.archive(spec.injectedFiles))
        #expect(tar.entry("conf")?.contents == Array("hello".utf8))
    }

    @Test func networksAliasesPriorityAndOldAPI() throws {
        var s = Service(name: "web", image: "i")
        s.networks = [
            "front": ServiceNetworkConfig(aliases: ["www"], ipv4Address: "172.30.0.5"),
            "back": ServiceNetworkConfig(priority: 10),
        ]
        let add: (inout Project) -> Void = { p in
            p.networks["front"] = NetworkConfig()
            p.networks["back"] = NetworkConfig()
        }
        let old = try make(s, project: add, api: APIVersion(1, 41))
        #expect(old.request.hostConfig?.networkMode == "p_back")
        #expect(Array(old.request.networkingConfig?.endpointsConfig?.keys ?? [:].keys) == ["p_back"])
        #expect(old.laterNetworks.map(\.network) == ["p_front"])
        #expect(old.laterNetworks.first?.endpoint.aliases == ["p-web-2", "web", "www"])
        #expect(old.laterNetworks.first?.endpoint.ipamConfig?.ipv4Address == "172.30.0.5")
        let new = try make(s, project: add, api: APIVersion(1, 44))
        #expect(Set(new.request.networkingConfig?.endpointsConfig?.keys ?? [:].keys) == ["p_back", "p_front"])
        #expect(new.laterNetworks.isEmpty)
    }

    @Test func defaultNetwork() throws {
        let spec = try make(Service(name: "web", image: "i"))
        #expect(spec.request.hostConfig?.networkMode == "p_default")
        #expect(spec.request.networkingConfig?.endpointsConfig?["p_default"]?.aliases == ["p-web-2", "web"])
    }
}
