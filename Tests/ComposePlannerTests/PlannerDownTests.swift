import ComposeModel
import ComposePlanner
import Testing

struct PlannerDownTests {
    let db = svc("db", volumes: [ServiceVolumeConfig(type: "volume", source: "data", target: "/d")])
    let api = svc("api", dependsOn: deps("db"))
    let web = svc("web", dependsOn: deps("api"))
    var p: Project { project(db, api, web, volumes: ["data": VolumeConfig(name: "p_data")]) }
    var observed: ObservedState {
        ObservedState(
            containers: [container(db, 1), container(api, 1), container(web, 1), container(web, 2, state: .exited)],
            networks: [observedDefaultNetwork()],
            volumes: [ObservedVolume(name: "p_data", labels: [ComposeLabels.project: "p", ComposeLabels.volume: "data"])])
    }

    @Test func downStopsInReverseDependencyOrder() throws {
        let plan = try Planner.downPlan(project: p, observed: observed)
        #expect(plan.render() == [
            "stop container p-web-1",
            "remove container p-web-1",
            "remove container p-web-2",
            "stop container p-api-1",
            "remove container p-api-1",
            "stop container p-db-1",
            "remove container p-db-1",
            "remove network p_default",
        ])
        #expect(isOrdered(plan))
        #expect(plan.waits("stop container p-api-1", on: "stop container p-web-1"))
        #expect(plan.waits("stop container p-db-1", on: "stop container p-api-1"))
        #expect(plan.waits("remove network p_default", on: "remove container p-db-1"))
        // Reverse of up: up starts db, api, web.
        let up = try Planner.plan(project: p, observed: ObservedState())
        let upOrder = up.render().filter { $0.hasPrefix("start") }.map { $0.split(separator: " ")[2] }
        let downOrder = plan.render().filter { $0.hasPrefix("stop") }.map { $0.split(separator: " ")[2] }
        #expect(upOrder == ["p-db-1", "p-api-1", "p-web-1"])
        #expect(downOrder == ["p-web-1", "p-api-1", "p-db-1"])
    }

    @Test func volumesOnlyWithDashV() throws {
        let plan = try Planner.downPlan(project: p, observed: observed, options: DownOptions(removeVolumes: true))
        #expect(plan.render().last == "remove volume p_data")
        #expect(plan.actions.contains { if case .removeContainer(_, true) = $0.kind { true } else { false } })
        #expect(!(try Planner.downPlan(project: p, observed: observed)).render().contains("remove volume p_data"))
    }

    @Test func externalResourcesAreKept() throws {
        var ext = p
        ext.volumes["data"] = VolumeConfig(name: "p_data", external: true)
        ext.networks["default"] = NetworkConfig(name: "p_default", external: true)
        let plan = try Planner.downPlan(project: ext, observed: observed, options: DownOptions(removeVolumes: true))
        #expect(!plan.render().contains { $0.contains("network") || $0.contains("volume") })
    }

    @Test func selectedServicesTakeTheirDependentsOnly() throws {
        let plan = try Planner.downPlan(project: p, observed: observed, options: DownOptions(services: ["api"]))
        #expect(plan.render() == [
            "stop container p-web-1",
            "remove container p-web-1",
            "remove container p-web-2",
            "stop container p-api-1",
            "remove container p-api-1",
        ])
    }

    @Test func orphansWithRemoveOrphansAndOneoffsAlways() throws {
        var o = observed
        o.containers += [
            container(svc("old"), 1),
            container(web, nil, name: "p-web-run-1a2b", id: "run1", labels: [ComposeLabels.oneoff: "True"]),
        ]
        // A running one-off goes with its service even without --remove-orphans (unlike Compose).
        let plain = try Planner.downPlan(project: p, observed: o)
        #expect(!plain.render().contains { $0.contains("p-old-1") })
        #expect(plain.render().contains("stop container p-web-run-1a2b"))
        #expect(plain.render().contains("remove container p-web-run-1a2b"))
        #expect(plain.waits("remove network p_default", on: "remove container p-web-run-1a2b"))
        let all = try Planner.downPlan(project: p, observed: o, options: DownOptions(removeOrphans: true))
        #expect(all.render().contains("remove container p-old-1 (orphan)"))
        #expect(all.render().filter { $0.contains("remove container p-web-run-1a2b") }.count == 1)
        #expect(all.waits("remove network p_default", on: "remove container p-old-1"))
    }

    @Test func nothingFound() throws {
        let plan = try Planner.downPlan(project: p, observed: ObservedState())
        #expect(plan.isEmpty)
        #expect(plan.warnings == ["No resource found to remove for project \"p\"."])
    }

    @Test func projectRebuiltFromLabelsCanBeTornDown() throws {
        var labelled = container(web, 1)
        labelled.labels[ComposeLabels.dependsOn] = "api:service_healthy:false"
        let o = ObservedState(
            containers: [container(db, 1), container(api, 1), labelled], networks: [observedDefaultNetwork()])
        let rebuilt = Planner.projectFromLabels(name: "p", observed: o)
        #expect(rebuilt.serviceNames == ["api", "db", "web"])
        #expect(rebuilt.services["web"]?.dependsOn["api"] == ServiceDependency(condition: .serviceHealthy, required: false))
        #expect(rebuilt.networks["default"]?.name == "p_default")
        let plan = try Planner.downPlan(project: rebuilt, observed: o)
        #expect(plan.waits("stop container p-api-1", on: "stop container p-web-1"))
        #expect(plan.render().last == "remove network p_default")
    }
}
