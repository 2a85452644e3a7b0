import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient

extension ProjectRunner {
    /// A watch `rebuild`: builds the services' images, then recreates their containers through
    /// the same plan as `up` (forced, no dependencies, anonymous volumes carried over), every
    /// action giving the reason "watch: rebuild"; with `prune`, the images they replaced are
    /// removed when nothing else uses them. Returns the plan carried out.
    @discardableResult
    public func rebuildForWatch(services: [String], prune: Bool) async throws -> Plan {
        var previous: [String: String] = [:]
        for name in services {
            let image = info.project.services[name]?.image ?? ImageBuilder.defaultImageName(project: self.name, service: name)
            if let id = try? await client.inspectImage(image).id { previous[name] = id }
        }
        try await build(services: services, overrides: BuildRequest.Overrides())

        var options = effectiveOptions(PlanOptions(forceRecreate: true, noDeps: true, services: services))
        let lock = try await ProjectLock.acquire(project: name, environment: environment)
        defer { lock.release() }
        options.imageDigests = await imageDigests()
        let observed = try await observe()
        var plan = try Planner.plan(project: info.project, observed: observed, options: options)
        for i in plan.actions.indices { plan.actions[i].reason = "watch: rebuild" }
        let run = try await Execution.make(
            runner: self, observed: observed, plan: plan, events: true, noDeps: Set(services), imageDigests: options.imageDigests)
        defer { Task { await run.tracker?.close() } }
        try await run.execute(plan)

        if prune {
            for (service, old) in previous where options.imageDigests[service] != old {
                // Still used (another tag, a container): the engine refuses, which is fine.
                _ = try? await client.removeImage(old)
            }
        }
        return plan
    }
}
