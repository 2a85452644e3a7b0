import ComposeModel
import EngineClient
import StackRuntime
import Testing

/// Conversion and the spec diff, without an engine.
struct StackConverterTests {
    static func convert(_ yaml: String, strict: Bool = false) throws -> DesiredStack {
        let loaded = try Swarm.load(yaml, name: "stkunit")
        return StackConverter(stack: "stkunit", environment: loaded.environment, strict: strict).convert(loaded.project)
    }

    @Test("every honoured key lands in the Swarm spec")
    func conversion() throws {
        let desired = try Self.convert("""
            services:
              web:
                image: app:1
                entrypoint: ["/bin/app"]
                command: ["serve"]
                environment: {B: "2", A: "1"}
                labels: {tier: front}
                user: "1000"
                working_dir: /srv
                hostname: web1
                dns: [1.1.1.1]
                extra_hosts: ["db.local:10.0.0.5"]
                cap_add: [NET_ADMIN]
                cap_drop: [ALL]
                sysctls: {net.core.somaxconn: "1024"}
                ulimits: {nofile: {soft: 100, hard: 200}}
                init: true
                tty: true
                read_only: true
                stop_grace_period: 5s
                stop_signal: SIGINT
                logging: {driver: json-file, options: {max-size: 1m}}
                ports: ["8080:80", {target: 443, published: "8443", mode: host}]
                volumes: ["data:/data", "/etc/hosts:/h:ro", {type: tmpfs, target: /tmp}]
                deploy:
                  mode: replicated
                  replicas: 3
                  labels: {svc: "yes"}
                  placement: {constraints: [node.role==manager], preferences: [{spread: node.labels.zone}], max_replicas_per_node: 2}
                  resources:
                    limits: {cpus: "0.5", memory: 64M, pids: 100}
                    reservations: {cpus: "0.25", memory: 32M, generic_resources: [{discrete_resource_spec: {kind: gpu, value: 1}}]}
                  restart_policy: {condition: on-failure, delay: 2s, max_attempts: 3, window: 10s}
                  update_config: {parallelism: 2, delay: 1s, failure_action: rollback, monitor: 4s, max_failure_ratio: 0.5, order: start-first}
                  rollback_config: {parallelism: 1, order: stop-first}
                  endpoint_mode: dnsrr
                networks:
                  back: {aliases: [api]}
              job:
                image: app:1
                deploy: {mode: replicated-job, replicas: 4}
            networks:
              back: {attachable: true}
            volumes:
              data: {}
            """)
        #expect(desired.errors.isEmpty, "\(desired.errors)")
        let web = try #require(desired.services.first { $0.key == "web" }?.spec)
        let c = try #require(web.taskTemplate?.containerSpec)
        #expect(web.name == "stkunit_web")
        #expect(web.labels?["svc"] == "yes" && web.labels?[StackLabels.namespace] == "stkunit" && web.labels?[StackLabels.image] == "app:1")
        #expect(c.command == ["/bin/app"] && c.args == ["serve"])
        #expect(c.env == ["A=1", "B=2"])
        #expect(c.labels?["tier"] == "front")
        #expect(c.user == "1000" && c.dir == "/srv" && c.hostname == "web1")
        #expect(c.dnsConfig?.nameservers == ["1.1.1.1"])
        #expect(c.hosts == ["10.0.0.5 db.local"])
        #expect(c.capabilityAdd == ["NET_ADMIN"] && c.capabilityDrop == ["ALL"])
        #expect(c.sysctls == ["net.core.somaxconn": "1024"])
        #expect(c.ulimits == [SwarmUlimit(name: "nofile", soft: 100, hard: 200)])
        #expect(c.initProcess == true && c.tty == true && c.readOnly == true)
        #expect(c.stopGracePeriod == 5_000_000_000 && c.stopSignal == "SIGINT")
        #expect(web.taskTemplate?.logDriver == SwarmDriver(name: "json-file", options: ["max-size": "1m"]))
        let ports = try #require(web.endpointSpec?.ports)
        #expect(ports.map(\.publishedPort) == [8080, 8443] && ports.map(\.targetPort) == [80, 443])
        #expect(ports.map(\.publishMode) == ["ingress", "host"])
        #expect(web.endpointSpec?.mode == "dnsrr")
        let mounts = try #require(c.mounts)
        #expect(mounts.map(\.type) == ["volume", "bind", "tmpfs"])
        #expect(mounts[0].source == "stkunit_data" && mounts[1].readOnly == true)
        #expect(web.mode?.replicated?.replicas == 3)
        let placement = try #require(web.taskTemplate?.placement)
        #expect(placement.constraints == ["node.role==manager"] && placement.maxReplicas == 2)
        #expect(placement.preferences?.first?.spread?.spreadDescriptor == "node.labels.zone")
        let resources = try #require(web.taskTemplate?.resources)
        #expect(resources.limits?.nanoCPUs == 500_000_000 && resources.limits?.memoryBytes == 64 * 1024 * 1024 && resources.limits?.pids == 100)
        #expect(resources.reservations?.genericResources?.first?.discreteResourceSpec?.kind == "gpu")
        #expect(web.taskTemplate?.restartPolicy?.condition == "on-failure" && web.taskTemplate?.restartPolicy?.maxAttempts == 3)
        #expect(web.updateConfig?.parallelism == 2 && web.updateConfig?.failureAction == "rollback" && web.updateConfig?.order == "start-first")
        #expect(web.updateConfig?.maxFailureRatio == 0.5 && web.updateConfig?.monitor == 4_000_000_000)
        #expect(web.rollbackConfig?.order == "stop-first")
        let attachment = try #require(web.taskTemplate?.networks?.first)
        #expect(attachment.target == "stkunit_back" && attachment.aliases == ["web", "api"])
        let network = try #require(desired.networks.first { $0.key == "back" })
        #expect(network.create?.driver == "overlay" && network.create?.attachable == true)
        let job = try #require(desired.services.first { $0.key == "job" })
        #expect(job.isJob && job.spec.mode?.replicatedJob?.totalCompletions == 4)
    }

    @Test("keys Swarm cannot honour warn once each, with their path; --strict makes them errors")
    func unsupportedKeys() throws {
        let yaml = """
            services:
              a:
                image: app:1
                container_name: fixed
                privileged: true
                links: [b]
                depends_on: {b: {condition: service_healthy}}
              b:
                image: app:1
                network_mode: "service:c"
              c:
                image: app:1
            """
        let lenient = try Self.convert(yaml)
        let paths = lenient.diagnostics.filter { $0.severity == .warning }.map(\.path).sorted()
        #expect(paths == ["services.a.container_name", "services.a.depends_on.b", "services.a.links", "services.a.privileged", "services.b.network_mode"])
        #expect(lenient.errors.isEmpty)
        let strict = try Self.convert(yaml, strict: true)
        #expect(strict.errors.count == 5)
    }

    @Test("a service with only build: is an error at its build key")
    func buildOnly() throws {
        let desired = try Self.convert("services:\n  a:\n    build: .\n")
        #expect(desired.errors.map(\.path) == ["services.a.build"])
        #expect(desired.errors.first?.message.contains("--build --push") == true)
    }

    @Test("an unknown placement constraint syntax is an error at the constraint")
    func badConstraint() throws {
        let desired = try Self.convert("services:\n  a:\n    image: x\n    deploy:\n      placement: {constraints: [node.role=manager, node.role==worker]}\n")
        #expect(desired.errors.map(\.path) == ["services.a.deploy.placement.constraints[0]"])
    }

    @Test("secrets and configs are named by content hash")
    func objectNames() throws {
        let yaml = "services:\n  a:\n    image: x\n    configs: [c]\nconfigs:\n  c:\n    content: ONE\n"
        let one = try Self.convert(yaml)
        let two = try Self.convert(yaml.replacingOccurrences(of: "ONE", with: "TWO"))
        let a = try #require(one.objects.first?.name)
        let b = try #require(two.objects.first?.name)
        #expect(a.hasPrefix("stkunit_c-") && b.hasPrefix("stkunit_c-") && a != b)
        #expect(one.services.first?.spec.taskTemplate?.containerSpec?.configs?.first?.configName == a)
    }

    @Test("the spec diff ignores engine defaults and names changed fields")
    func specDiff() {
        var desired = ServiceSpec()
        desired.name = "s"
        var task = TaskSpec()
        var container = SwarmContainerSpec()
        container.image = "x"
        container.env = ["A=1"]
        task.containerSpec = container
        desired.taskTemplate = task
        var observed = desired
        observed.taskTemplate?.runtime = "container"
        observed.taskTemplate?.forceUpdate = 0
        observed.taskTemplate?.containerSpec?.isolation = "default"
        #expect(SpecDiff.changedFields(desired: desired, observed: observed).isEmpty)
        observed.taskTemplate?.containerSpec?.env = ["A=2"]
        observed.labels = ["k": "v"]
        #expect(SpecDiff.changedFields(desired: desired, observed: observed) == ["Labels", "TaskTemplate.ContainerSpec.Env"])
    }
}
