import ComposeModel
import ComposePlanner
import Testing

struct ServiceGraphTests {
    @Test func cycleIsReportedWithItsPath() throws {
        let p = project(svc("a", dependsOn: deps("b")), svc("b", dependsOn: deps("a")), svc("c"))
        let graph = ServiceGraph(project: p)
        #expect(graph.cycles() == [["a", "b", "a"]])
        #expect(throws: PlanError.cycle(["a", "b", "a"])) { try graph.levels() }
        #expect(PlanError.cycle(["a", "b", "a"]).description == "cycle found: a -> b -> a")
        #expect(throws: PlanError.cycle(["a", "b", "a"])) { try Planner.plan(project: p, observed: ObservedState()) }
    }

    @Test func longerCycleStartsAtFirstSortedService() {
        let p = project(svc("x", dependsOn: deps("y")), svc("y", dependsOn: deps("z")), svc("z", dependsOn: deps("x")))
        #expect(ServiceGraph(project: p).cycles().first == ["x", "y", "z", "x"])
    }

    @Test func selfDependencyIsACycle() {
        let p = project(svc("a", dependsOn: deps("a")))
        #expect(ServiceGraph(project: p).cycles() == [["a", "a"]])
        #expect(throws: PlanError.cycle(["a", "a"])) { try ServiceGraph(project: p).topologicalOrder() }
    }

    @Test func levelsAndOrder() throws {
        let p = project(
            svc("web", dependsOn: deps("api", "cache")), svc("api", dependsOn: deps("db")),
            svc("db"), svc("cache"), svc("lone"))
        let graph = ServiceGraph(project: p)
        #expect(graph.cycles().isEmpty)
        #expect(try graph.levels() == [["cache", "db", "lone"], ["api"], ["web"]])
        #expect(try graph.topologicalOrder() == ["cache", "db", "lone", "api", "web"])
        #expect(graph.dependencies(of: "web") == ["api", "cache"])
        #expect(graph.dependents(of: "db") == ["api"])
        #expect(graph.withDependencies(["web"]) == ["web", "api", "cache", "db"])
        #expect(graph.withDependents(["db"]) == ["db", "api", "web"])
    }

    @Test func implicitDependenciesAreReadDefensively() {
        var web = svc("web", networkMode: "service:net")
        web.links = ["db:database"]
        web.volumesFrom = ["data:ro", "container:foreign"]
        web.ipc = "service:ipcsrc"
        web.pid = "host"
        let p = project(web, svc("net"), svc("db"), svc("data"), svc("ipcsrc"))
        #expect(ServiceGraph(project: p).dependencies(of: "web") == ["data", "db", "ipcsrc", "net"])
        #expect(ServiceGraph.namespaceParents(of: web) == ["net", "data", "ipcsrc"])
    }

    @Test func missingDependenciesAreIgnored() throws {
        let p = project(svc("web", dependsOn: ["gone": ServiceDependency(required: false)]))
        #expect(ServiceGraph(project: p).dependencies(of: "web").isEmpty)
        #expect(try ServiceGraph(project: p).levels() == [["web"]])
    }
}
