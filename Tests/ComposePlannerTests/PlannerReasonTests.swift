import ComposeModel
import ComposePlanner
import Testing

/// A recreate names the fields that changed, from the configuration Berth recorded on the
/// container (`AppliedConfig`), or from what the labels of another tool's container show.
@Suite struct PlannerReasonTests {
    let web = svc("web", environment: ["MODE": "dev"])

    func observed(_ c: ObservedContainer) -> ObservedState {
        ObservedState(containers: [c], networks: [observedDefaultNetwork()])
    }

    @Test func recordedConfigurationNamesTheChangedFields() throws {
        let old = container(web, 1, labels: [AppliedConfig.label: AppliedConfig.value(web)])
        var edited = web
        edited.environment["MODE"] = "prod"
        edited.environment["NEW"] = "1"
        edited.command = ["sh"]
        let plan = try Planner.plan(project: project(edited), observed: observed(old))
        #expect(plan.render().first == "recreate container p-web-1 (config changed: command, environment.MODE, environment.NEW)")
        // Unchanged: nothing to do.
        #expect(try Planner.plan(project: project(web), observed: observed(old)).render().isEmpty)
    }

    @Test func recordThatDoesNotMatchTheHashIsReported() throws {
        var other = web
        other.image = "elsewhere"
        let c = container(web, 1, hash: ConfigHash.hash(other), labels: [AppliedConfig.label: AppliedConfig.value(web)])
        let plan = try Planner.plan(project: project(web), observed: observed(c))
        #expect(plan.render().first?.hasPrefix("recreate container p-web-1 (changed outside the compose file:") == true)
    }

    @Test func containersOfAnotherToolNameWhatTheirLabelsShow() throws {
        var byCompose = container(web, 1, labels: ["team": "a"])
        byCompose.image = "busybox"
        var edited = web
        edited.image = "busybox:2"
        edited.labels = ["team": "b"]
        let plan = try Planner.plan(project: project(edited), observed: observed(byCompose))
        #expect(plan.render().first == "recreate container p-web-1 (config changed: image, labels.team)")
    }
}
