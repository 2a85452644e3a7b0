import ComposeModel
import ComposePlanner
import Testing

struct LabelsTests {
    @Test func containerLabelsAsComposeV2() {
        var web = svc("web", dependsOn: [
            "db": ServiceDependency(condition: .serviceHealthy, restart: true),
            "cache": ServiceDependency(),
        ])
        web.labels = ["team": "a", ComposeLabels.project: "spoofed"]
        let context = LabelContext(
            ProjectContext(workingDir: "/src/p", configFiles: ["/src/p/compose.yaml", "/src/p/override.yaml"], envFiles: ["/src/p/.env"]),
            envFileFlagGiven: false, version: "2.30.0")
        let labels = ServiceLabels.containerLabels(project: "p", service: web, number: 2, context: context, replacing: "web-2")
        #expect(labels == [
            "team": "a",
            "com.docker.compose.project": "p",
            "com.docker.compose.service": "web",
            "com.docker.compose.version": "2.30.0",
            "com.docker.compose.project.working_dir": "/src/p",
            "com.docker.compose.project.config_files": "/src/p/compose.yaml,/src/p/override.yaml",
            "com.docker.compose.oneoff": "False",
            "com.docker.compose.config-hash": ConfigHash.hash(web),
            AppliedConfig.label: AppliedConfig.value(web),
            "com.docker.compose.container-number": "2",
            "com.docker.compose.depends_on": "cache:service_started:false,db:service_healthy:true",
            "com.docker.compose.replace": "web-2",
        ])
        let withEnvFile = LabelContext(
            ProjectContext(workingDir: "/w", envFiles: ["/w/a.env", "/w/b.env"]), envFileFlagGiven: true, version: "2")
        #expect(ServiceLabels.containerLabels(project: "p", service: web, number: 1, context: withEnvFile)[
            "com.docker.compose.project.environment_file"] == "/w/a.env,/w/b.env")
    }

    @Test func names() {
        let p = Project(name: "shop", networks: ["default": NetworkConfig(), "ext": NetworkConfig(external: true),
                                                 "named": NetworkConfig(name: "custom")])
        #expect(ComposeNames.container(project: "shop", service: svc("web"), number: 3) == "shop-web-3")
        #expect(ComposeNames.container(project: "shop", service: svc("web", containerName: "mine"), number: 1) == "mine")
        #expect(ComposeNames.shortContainer(service: svc("web"), number: 3) == "web-3")
        #expect(ComposeNames.network(project: p, key: "default") == "shop_default")
        #expect(ComposeNames.network(project: p, key: "ext") == "ext")
        #expect(ComposeNames.network(project: p, key: "named") == "custom")
        #expect(ComposeNames.recreateTemporary(oldID: "0123456789abcdef0123", finalName: "shop-web-1")
            == "0123456789ab_shop-web-1")
        #expect(ComposeNames.networkKeys(of: svc("a")) == ["default"])
        #expect(ComposeNames.networkKeys(of: svc("a", networkMode: "host")).isEmpty)
    }

    @Test func networkAndVolumeLabels() {
        let n = ServiceLabels.networkLabels(project: "p", key: "default", network: NetworkConfig(name: "p_default"), version: "2")
        #expect(n[ComposeLabels.network] == "default")
        #expect(n[ComposeLabels.configHash] == defaultNetworkHash)
        let v = ServiceLabels.volumeLabels(project: "p", key: "data", volume: VolumeConfig(name: "p_data"), version: "2")
        #expect(v[ComposeLabels.volume] == "data")
        #expect(v[ComposeLabels.project] == "p")
    }

    @Test func dependsOnLabelRoundTrip() {
        let parsed = Planner.parseDependsOnLabel("db:service_healthy:true,cache:service_started:false")
        #expect(parsed == [
            "db": ServiceDependency(condition: .serviceHealthy, restart: true, required: false),
            "cache": ServiceDependency(condition: .serviceStarted, restart: false, required: false),
        ])
    }
}
