import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

extension Execution {
    func removeNetwork(name: String, id: String) async throws {
        emit("Network \(name)", "Removing", .working)
        do {
            try await runner.limiter.run { try await self.client.removeNetwork(id) }
            emit("Network \(name)", "Removed")
        } catch let e as EngineError where e.isNotFound {
            emit("Network \(name)", "Removed")
        } catch let e as EngineError where e.status == 403 || e.isConflict {
            try await removeNetworkInUse(name: name, id: id, refusal: e)
        } catch {
            throw RuntimeError.engine(error, while: "removing network \(name)")
        }
    }

    func removeVolume(name: String) async throws {
        emit("Volume \(name)", "Removing", .working)
        do {
            try await runner.limiter.run { try await self.client.removeVolume(name) }
            emit("Volume \(name)", "Removed")
        } catch let e as EngineError where e.isNotFound {
            emit("Volume \(name)", "Removed")
        } catch let e as EngineError where e.isConflict {
            emit("Volume \(name)", "Resource is still in use", .warning, e.message)
        } catch {
            throw RuntimeError.engine(error, while: "removing volume \(name)")
        }
    }

    func createNetwork(key: String, name: String) async throws {
        let resource = "Network \(name)"
        emit(resource, "Creating", .working)
        let config = ComposeNames.networkConfig(project: project, key: key)
        var r = NetworkCreateRequest()
        r.name = name
        r.driver = config.driver
        r.options = config.driverOpts.isEmpty ? nil : config.driverOpts
        if config.internal { r.internal = true }
        if config.attachable { r.attachable = true }
        r.enableIPv6 = config.enableIPv6
        if let ipam = config.ipam {
            var i = EngineIPAM()
            i.driver = ipam.driver
            i.options = ipam.options.isEmpty ? nil : ipam.options
            i.config = ipam.config.map { p in
                var pool = EngineIPAMPool()
                pool.subnet = p.subnet
                pool.ipRange = p.ipRange
                pool.gateway = p.gateway
                pool.auxiliaryAddresses = p.auxAddresses.isEmpty ? nil : p.auxAddresses
                return pool
            }
            r.ipam = i
        }
        r.labels = ServiceLabels.networkLabels(project: project.name, key: key, network: config, version: ProjectRunner.versionLabel)
        r.checkDuplicate = true
        let request = r
        do {
            _ = try await runner.limiter.run { try await self.client.createNetwork(request) }
        } catch let e as EngineError where e.isConflict {
            // Another `up` (or an interrupted one) made it: adopt it if it is ours.
            let existing = try await call("inspecting network \(name)") { try await self.client.inspectNetwork(name) }
            guard existing.labels?[ComposeLabels.project] == project.name else {
                throw RuntimeError(.engine, "network \(name) exists but was not created for project \(project.name)")
            }
        } catch {
            throw RuntimeError.engine(error, while: "creating network \(name)")
        }
        // dockerd's duplicate check is not atomic: a concurrent create (another `up`, or
        // `docker compose up`) can make a second network of the same name.
        try await runner.settleDuplicateNetworks(name: name)
        emit(resource, "Created")
    }

    func createVolume(key: String, name: String) async throws {
        let resource = "Volume \(name)"
        emit(resource, "Creating", .working)
        let config = ComposeNames.volumeConfig(project: project, key: key)
        var r = VolumeCreateRequest()
        r.name = name
        r.driver = config.driver
        r.driverOpts = config.driverOpts.isEmpty ? nil : config.driverOpts
        r.labels = ServiceLabels.volumeLabels(project: project.name, key: key, volume: config, version: ProjectRunner.versionLabel)
        let request = r
        do {
            _ = try await runner.limiter.run { try await self.client.createVolume(request) }
        } catch let e as EngineError where e.isConflict {
            let existing = try await call("inspecting volume \(name)") { try await self.client.inspectVolume(name) }
            guard existing.labels?[ComposeLabels.project] == project.name else {
                throw RuntimeError(.engine, "volume \(name) exists but was not created for project \(project.name)")
            }
        } catch {
            throw RuntimeError.engine(error, while: "creating volume \(name)")
        }
        emit(resource, "Created")
    }
}
