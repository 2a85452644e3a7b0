import EngineClient
import Foundation
import StackRuntime
import Testing

/// Against the real swarm engine (scripts/swarm-engine). Serialized: one small shared swarm.
@Suite(.serialized)
struct StackDeployTests {
    static func webAndProbe(greeting: String, probeCommand: String) -> String {
        """
        services:
          web:
            image: \(Swarm.image)
            command: ["sh", "-c", "mkdir -p /www; cat /run/secrets/token > /www/token; cp /etc/app.conf /www/conf; echo $$GREETING > /www/greeting; httpd -f -p 8080 -h /www"]
            environment:
              GREETING: \(greeting)
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/greeting"]
              interval: 1s
              retries: 10
            deploy:
              replicas: 2
              endpoint_mode: dnsrr
              update_config:
                parallelism: 1
                order: start-first
                monitor: 1s
            secrets: [token]
            configs:
              - source: conf
                target: /etc/app.conf
          probe:
            image: \(Swarm.image)
            command: ["sh", "-c", "\(probeCommand)"]
            deploy:
              mode: replicated-job
              endpoint_mode: dnsrr
        secrets:
          token:
            environment: STK_TOKEN
        configs:
          conf:
            content: "mode=test"
        """
    }

    // Retries: Swarm starts services in any order, so web may not answer yet.
    static let probe = "for i in $$(seq 60); do nslookup web && wget -q -O - http://web:8080/token | grep -q $$EXPECT && wget -q -O - http://web:8080/conf | grep -q mode=test && exit 0; sleep 1; done; exit 1"

    @Test("replicas, DNS on the overlay, a mounted secret and config, a job; then no-op, env and secret updates")
    func deployAndUpdate() async throws {
        try await Swarm.withStack { stack, client in
            var yaml = Self.webAndProbe(greeting: "one", probeCommand: Self.probe.replacingOccurrences(of: "$$EXPECT", with: "first"))
            let plan = try await Swarm.deploy(yaml, stack: stack, client: client, environment: ["STK_TOKEN": "first"])
            #expect(plan.actions.contains(.createService(name: "\(stack)_web")))
            let services = try await Swarm.services(stack, client)
            let web = try #require(services.first { $0.spec?.name == "\(stack)_web" })
            #expect(try await Swarm.runningTasks(web.id ?? "", client).count == 2)
            #expect(web.spec?.taskTemplate?.containerSpec?.labels?[StackLabels.namespace] == stack)

            // A no-op deploy changes nothing: same versions afterwards.
            let versions = Dictionary(uniqueKeysWithValues: services.map { ($0.id ?? "", $0.version?.index) })
            let noop = try await Swarm.deploy(yaml, stack: stack, client: client, environment: ["STK_TOKEN": "first"])
            #expect(noop.actions.allSatisfy { !$0.changes }, "\(noop.actions)")
            let after = try await Swarm.services(stack, client)
            #expect(Dictionary(uniqueKeysWithValues: after.map { ($0.id ?? "", $0.version?.index) }) == versions)

            // An env change rolls out with update_config; the plan names the field.
            yaml = Self.webAndProbe(greeting: "two", probeCommand: Self.probe.replacingOccurrences(of: "$$EXPECT", with: "first"))
            let envPlan = try await Swarm.deploy(yaml, stack: stack, client: client, environment: ["STK_TOKEN": "first"])
            #expect(envPlan.actions.contains(.updateService(name: "\(stack)_web", fields: ["TaskTemplate.ContainerSpec.Env"])))
            let tasks = try await Swarm.runningTasks(web.id ?? "", client)
            #expect(tasks.count == 2)
            #expect(tasks.allSatisfy { $0.spec?.containerSpec?.env == ["GREETING=two"] })

            // A changed secret rolls out under a new name; the old version is removed after.
            yaml = Self.webAndProbe(greeting: "two", probeCommand: Self.probe.replacingOccurrences(of: "$$EXPECT", with: "second"))
            let oldSecrets = try await client.listSecrets(filters: ["label": ["\(StackLabels.namespace)=\(stack)"]])
            #expect(oldSecrets.count == 1)
            try await Swarm.deploy(yaml, stack: stack, client: client, environment: ["STK_TOKEN": "second"])
            let newSecrets = try await client.listSecrets(filters: ["label": ["\(StackLabels.namespace)=\(stack)"]])
            #expect(newSecrets.count == 1)
            #expect(newSecrets.first?.spec?.name != oldSecrets.first?.spec?.name)
        }
    }

    @Test("a failing healthcheck is reported with the task's error and rolled back")
    func failingHealthcheckRollsBack() async throws {
        try await Swarm.withStack { stack, client in
            func yaml(_ test: String) -> String {
                """
                services:
                  app:
                    image: \(Swarm.image)
                    command: ["sleep", "3600"]
                    healthcheck:
                      test: ["CMD", "\(test)"]
                      interval: 1s
                      retries: 1
                    deploy:
                      endpoint_mode: dnsrr
                      update_config:
                        failure_action: rollback
                        monitor: 3s
                """
            }
            try await Swarm.deploy(yaml("true"), stack: stack, client: client)
            do {
                try await Swarm.deploy(yaml("false"), stack: stack, client: client)
                Issue.record("the failing update was reported as converged")
            } catch let StackError.notConverged(failures) {
                #expect(failures.count == 1)
                #expect(failures.first?.service == "\(stack)_app")
                #expect(failures.first?.rolledBack == true, "\(failures)")
            }
            let app = try #require(try await Swarm.services(stack, client).first)
            #expect(app.spec?.taskTemplate?.containerSpec?.healthCheck?.test == ["CMD", "true"])
        }
    }

    @Test("global mode runs one task per node; a failing job is reported with its exit code")
    func globalAndFailingJob() async throws {
        try await Swarm.withStack { stack, client in
            let yaml = """
                services:
                  agent:
                    image: \(Swarm.image)
                    command: ["sleep", "3600"]
                    deploy: {mode: global, endpoint_mode: dnsrr}
                """
            try await Swarm.deploy(yaml, stack: stack, client: client)
            let nodes = try await client.listNodes().filter { $0.status?.state == "ready" }
            let agent = try #require(try await Swarm.services(stack, client).first)
            #expect(try await Swarm.runningTasks(agent.id ?? "", client).count == nodes.count)

            let failing = yaml + """

                  broken:
                    image: \(Swarm.image)
                    command: ["sh", "-c", "exit 3"]
                    deploy: {mode: replicated-job, endpoint_mode: dnsrr}
                """
            do {
                try await Swarm.deploy(failing, stack: stack, client: client, timeout: .seconds(60))
                Issue.record("a failing job was reported as complete")
            } catch let StackError.notConverged(failures) {
                #expect(failures.map(\.service) == ["\(stack)_broken"])
                #expect(failures.first?.reason.contains("exit code 3") == true, "\(failures)")
            }
        }
    }

    @Test("stack rm leaves nothing; docker stack ps and rm see Berth's stack")
    func removeAndInterop() async throws {
        let client = try await Swarm.client()
        let stack = Swarm.stackName()
        let yaml = """
            services:
              one:
                image: \(Swarm.image)
                command: ["sleep", "3600"]
                deploy: {endpoint_mode: dnsrr}
                configs: [c]
            configs:
              c:
                content: hello
            """
        try await Swarm.deploy(yaml, stack: stack, client: client)
        let (psStatus, psOut) = try Swarm.docker(["stack", "ps", stack, "--format", "{{.Name}} {{.CurrentState}}"])
        #expect(psStatus == 0)
        #expect(psOut.contains("\(stack)_one.1 Running"), "\(psOut)")
        let (lsStatus, lsOut) = try Swarm.docker(["stack", "ls", "--format", "{{.Name}}"])
        #expect(lsStatus == 0 && lsOut.split(separator: "\n").contains(Substring(stack)))

        let removed = try await StackDeployer(client: client, stack: stack).remove()
        #expect(removed == 3)
        var label = Filters()
        label.label(StackLabels.namespace, stack)
        #expect(try await client.listServices(filters: label).isEmpty)
        #expect(try await client.listNetworks(filters: label).isEmpty)
        #expect(try await client.listConfigs(filters: label).isEmpty)
        #expect(try await client.listSecrets(filters: label).isEmpty)

        // And the other way round: docker stack rm removes a stack Berth deployed.
        let other = Swarm.stackName()
        try await Swarm.deploy(yaml, stack: other, client: client)
        let (rmStatus, _) = try Swarm.docker(["stack", "rm", other])
        #expect(rmStatus == 0)
        var otherLabel = Filters()
        otherLabel.label(StackLabels.namespace, other)
        #expect(try await client.listServices(filters: otherLabel).isEmpty)
        _ = try? await StackDeployer(client: client, stack: other).remove()
        await client.shutdown()
    }
}
