import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5))) struct ConvergenceTests {
    func yaml(_ mode: String) -> String {
        "services:\n  a:\n" + sleeper("    environment:\n      MODE: \"\(mode)\"")
    }

    /// The state a kill leaves in the middle of a recreate: the replacement exists under its
    /// temporary name beside the old container. The next `up` converges to one container.
    @Test(arguments: EngineKind.selected) func upAfterARecreateKilledHalfway(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let v1 = try Engine.load(yaml("1"), name: name)
            try await Engine.runner(v1, client).up(UpOptions())
            let old = try await client.inspectContainer("\(name)-a-1")
            let oldID = try #require(old.id)

            let v2 = try Engine.load(yaml("2"), name: name)
            let service = try #require(v2.project.services["a"])
            let temporary = ComposeNames.recreateTemporary(oldID: oldID, finalName: "\(name)-a-1")
            let labels = LabelContext(workingDir: v2.workingDir, configFiles: v2.configFiles, version: ProjectRunner.versionLabel)
            let imageID = try await client.inspectImage(image).id
            let spec = try ContainerSpec.make(
                service: service, number: 1, name: temporary,
                context: ContainerSpecContext(project: v2.project, labels: labels, replacing: "a-1", imageDigest: imageID))
            let replacement = try await client.createContainer(name: temporary, spec.request)

            let plan = try await Engine.runner(v2, client).up(UpOptions())
            #expect(!plan.isEmpty)
            let containers = try await Engine.projectContainers(client, name)
            #expect(containers.compactMap(\.plainName) == ["\(name)-a-1"])
            #expect(containers.first?.id == replacement.id)
            #expect(containers.first?.state == "running")
            // And once converged, nothing more to do.
            #expect(try await Engine.runner(v2, client).plan(PlanOptions()).isEmpty)
        }
    }

    /// Killed after the old container went but before the rename: the next `up` renames it.
    @Test(arguments: EngineKind.selected) func upAfterARecreateKilledBeforeTheRename(_ kind: EngineKind) async throws {
        try await Engine.withProject(kind) { name, client in
            let v1 = try Engine.load(yaml("1"), name: name)
            try await Engine.runner(v1, client).up(UpOptions())
            let oldID = try #require(try await client.inspectContainer("\(name)-a-1").id)
            let temporary = ComposeNames.recreateTemporary(oldID: oldID, finalName: "\(name)-a-1")
            try await client.renameContainer(oldID, to: temporary)

            let plan = try await Engine.runner(v1, client).up(UpOptions())
            #expect(plan.actions.map(\.verb) == ["rename"])
            let containers = try await Engine.projectContainers(client, name)
            #expect(containers.compactMap(\.plainName) == ["\(name)-a-1"])
            #expect(containers.first?.id == oldID)
        }
    }
}
