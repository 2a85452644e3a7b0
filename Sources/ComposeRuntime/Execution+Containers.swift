import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

extension Execution {
    func specContext(service: String, inherited: [MountPoint], replacing: String?) async -> ContainerSpecContext {
        ContainerSpecContext(
            project: project, labels: runner.labelContext, apiVersion: apiVersion,
            containerIDs: await registry.all(), containerNames: await registry.allNames(),
            inheritedMounts: inherited, replacing: replacing, environment: runner.environment.values,
            imageDigest: imageDigests[service])
    }

    /// Creates a container of `t.service` under `name`; returns its ID.
    func createContainer(_ t: ContainerTarget, name: String, inherited: [MountPoint], replacing: String?) async throws -> String {
        guard let service = project.services[t.service] else {
            throw RuntimeError(.other, "no such service: \(t.service)", service: t.service)
        }
        let number = t.number ?? 1
        let spec = try ContainerSpec.make(
            service: service, number: number, name: name,
            context: await specContext(service: t.service, inherited: inherited, replacing: replacing))
        let created = try await call("creating container \(name)", container: name) {
            try await self.client.createContainer(name: name, platform: spec.platform, spec.request)
        }
        guard let id = created.id else { throw RuntimeError(.engine, "creating container \(name): the engine returned no ID", container: name) }
        for attach in spec.laterNetworks {
            try await call("connecting container \(name) to network \(attach.network)", container: name) {
                try await self.client.connectNetwork(attach.network, container: id, endpoint: attach.endpoint)
            }
        }
        await registry.set(name, id: id, service: t.service, number: number)
        return id
    }

    /// The new container exists before the old one goes: create under the temporary name,
    /// stop and remove the old one, rename.
    func recreate(_ t: ContainerTarget, temporaryName: String, renew: Bool) async throws {
        guard let oldID = t.id, let service = project.services[t.service] else { return }
        let resource = "Container \(t.name)"
        emit(resource, "Recreate", .working)
        var inherited: [MountPoint] = []
        if !renew {
            let old = try await call("inspecting container \(t.name)", container: t.name) { try await self.client.inspectContainer(oldID) }
            inherited = old.mounts ?? []
        }
        let short = ComposeNames.shortContainer(service: service, number: t.number ?? 1)
        let newID = try await createContainer(t, name: temporaryName, inherited: inherited, replacing: short)
        try await stopContainer(t)
        do {
            try await runner.limiter.run { try await self.client.removeContainer(oldID, volumes: false, force: true) }
        } catch let e as EngineError where e.isNotFound {
        } catch {
            throw RuntimeError.engine(error, while: "removing container \(t.name)", container: t.name)
        }
        await registry.remove(id: oldID)
        try await call("renaming container \(temporaryName) to \(t.name)", container: t.name) {
            try await self.client.renameContainer(newID, to: t.name)
        }
        await registry.rename(from: temporaryName, to: t.name)
        emit(resource, "Recreated")
    }

    func start(_ t: ContainerTarget) async throws {
        guard let service = project.services[t.service] else { return }
        try await waitDependencies(of: service)
        guard let id = await registry.id(of: t.name) ?? t.id else {
            throw RuntimeError(.other, "container \(t.name) to start was not found", container: t.name)
        }
        let resource = "Container \(t.name)"
        let (_, files) = try ContainerSpec.secretsAndConfigs(service: service, context: await specContext(service: t.service, inherited: [], replacing: nil))
        if !files.isEmpty {
            let tar = InjectedFile.archive(files)
            try await call("copying secrets and configs into container \(t.name)", container: t.name) {
                try await self.client.putArchive(id, path: "/", tar: tar)
            }
        }
        emit(resource, "Starting", .working)
        let doStart: @Sendable () async throws -> Void = {
            // Nothing new starts once the run has failed.
            try await self.done.check()
            do {
                try await self.call("starting container \(t.name)", container: t.name) { try await self.client.startContainer(id) }
            } catch let e as RuntimeError where e.message.contains("is ambiguous") {
                // A concurrent create left two networks of one name: keep one, start again.
                for key in ComposeNames.networkKeys(of: service) where self.project.networks[key]?.external != true {
                    try await self.runner.settleDuplicateNetworks(name: ComposeNames.network(project: self.project, key: key))
                }
                try await self.call("starting container \(t.name)", container: t.name) { try await self.client.startContainer(id) }
            }
        }
        if service.ports.isEmpty {
            try await doStart()
        } else {
            // The engine's port allocator is not safe against concurrent starts.
            try await portLock.run(doStart)
        }
        emit(resource, "Started")
    }

    func rename(_ t: ContainerTarget, from: String) async throws {
        guard let id = t.id else { return }
        try await call("renaming container \(from) to \(t.name)", container: t.name) { try await self.client.renameContainer(id, to: t.name) }
        await registry.rename(from: from, to: t.name)
    }

    func unpause(_ t: ContainerTarget) async throws {
        let id = await registry.id(of: t.name) ?? t.id ?? t.name
        try await call("unpausing container \(t.name)", container: t.name) { try await self.client.unpauseContainer(id) }
        emit("Container \(t.name)", "Running")
    }

    func stopContainer(_ t: ContainerTarget) async throws {
        let id = t.id ?? t.name
        emit("Container \(t.name)", "Stopping", .working)
        do {
            try await runner.limiter.run { try await self.client.stopContainer(id, timeout: self.stopTimeout) }
        } catch let e as EngineError where e.isNotFound {
        } catch {
            throw RuntimeError.engine(error, while: "stopping container \(t.name)", container: t.name)
        }
        emit("Container \(t.name)", "Stopped")
    }

    func restart(_ t: ContainerTarget) async throws {
        let id = t.id ?? t.name
        emit("Container \(t.name)", "Restarting", .working)
        try await call("restarting container \(t.name)", container: t.name) {
            try await self.client.restartContainer(id, timeout: self.stopTimeout)
        }
        emit("Container \(t.name)", "Started")
    }

    func remove(_ t: ContainerTarget, volumes: Bool) async throws {
        let id = t.id ?? t.name
        emit("Container \(t.name)", "Removing", .working)
        do {
            try await runner.limiter.run { try await self.client.removeContainer(id, volumes: volumes, force: true) }
        } catch let e as EngineError where e.isNotFound {
        } catch {
            throw RuntimeError.engine(error, while: "removing container \(t.name)", container: t.name)
        }
        await registry.remove(id: id)
        emit("Container \(t.name)", "Removed")
    }
}
