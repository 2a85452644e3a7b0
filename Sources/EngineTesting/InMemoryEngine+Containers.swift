import EngineClient
import Foundation

extension InMemoryEngine {
    public func createContainer(name: String?, platform: String?, _ request: ContainerCreateRequest) async throws -> CreateResponse {
        try await enter(.createContainer, name)
        let path = "/containers/create"
        let name = name ?? "mem_\(nextID)"
        if containers.values.contains(where: { $0.name == name }) {
            throw EngineError.conflict(
                call: Self.call("POST", path), message: "Conflict. The container name \"/\(name)\" is already in use by container")
        }
        let reference = request.config.image ?? ""
        guard let image = image(reference) else {
            throw EngineError.notFound(call: Self.call("POST", path), message: "No such image: \(reference)")
        }
        var c = Container(id: newID("container"), name: name, request: request, imageID: image.id ?? "", created: Date())
        // Networks named at create time must exist.
        var endpoints = request.networkingConfig?.endpointsConfig ?? [:]
        let mode = request.hostConfig?.networkMode ?? "default"
        if endpoints.isEmpty && !["none", "host", "default", "bridge"].contains(mode) && !mode.hasPrefix("container:") {
            endpoints[mode] = EndpointSettings()
        }
        for (network, settings) in endpoints {
            guard let id = networkID(network) else {
                throw EngineError.notFound(call: Self.call("POST", path), message: "network \(network) not found")
            }
            var s = settings
            s.networkID = id
            c.networks[networks[id]?.name ?? network] = s
        }
        c.mounts = try mounts(for: request, path: path)
        containers[c.id] = c
        for (network, _) in c.networks { attach(c, to: network) }
        emit(c, "create")
        var response = CreateResponse()
        response.id = c.id
        response.warnings = []
        return response
    }

    /// Named volumes are created on first use, anonymous ones per container.
    private func mounts(for request: ContainerCreateRequest, path: String) throws -> [MountPoint] {
        var out: [MountPoint] = []
        func volume(_ name: String, at target: String, readOnly: Bool) {
            if volumes[name] == nil {
                var v = Volume()
                v.name = name
                v.driver = "local"
                v.labels = [:]
                v.scope = "local"
                v.mountpoint = "/var/lib/docker/volumes/\(name)/_data"
                volumes[name] = v
            }
            var m = MountPoint()
            m.type = "volume"
            m.name = name
            m.source = volumes[name]?.mountpoint
            m.destination = target
            m.driver = "local"
            m.rw = !readOnly
            out.append(m)
        }
        for bind in request.hostConfig?.binds ?? [] {
            let parts = bind.split(separator: ":").map(String.init)
            guard parts.count >= 2 else { continue }
            let readOnly = parts.count > 2 && parts[2].split(separator: ",").contains("ro")
            if parts[0].hasPrefix("/") {
                var m = MountPoint()
                m.type = "bind"
                m.source = parts[0]
                m.destination = parts[1]
                m.rw = !readOnly
                out.append(m)
            } else {
                volume(parts[0], at: parts[1], readOnly: readOnly)
            }
        }
        for mount in request.hostConfig?.mounts ?? [] {
            guard let target = mount.target else { continue }
            switch mount.type {
            case "volume":
                volume(mount.source.flatMap { $0.isEmpty ? nil : $0 } ?? newID("volume"), at: target, readOnly: mount.readOnly ?? false)
            default:
                var m = MountPoint()
                m.type = mount.type
                m.source = mount.source
                m.destination = target
                m.rw = !(mount.readOnly ?? false)
                out.append(m)
            }
        }
        let taken = Set(out.compactMap(\.destination))
        for target in (request.config.volumes ?? [:]).keys.sorted() where !taken.contains(target) {
            volume(newID("volume"), at: target, readOnly: false)
        }
        return out
    }

    public func startContainer(_ id: String) async throws {
        try await enter(.startContainer, id)
        var c = try container(id, "/containers/\(id)/start")
        guard c.status != "running" else { return }
        for name in c.networks.keys.sorted() {
            let matches = networks.values.filter { $0.name == name }.count
            if matches > 1 {
                throw EngineError.http(
                    call: Self.call("POST", "/containers/\(id)/start"), status: 400,
                    message: "network \(name) is ambiguous (\(matches) matches found on name)")
            }
        }
        if c.status == "paused" {
            throw EngineError.conflict(call: Self.call("POST", "/containers/\(id)/start"), message: "cannot start a paused container, try unpause instead")
        }
        c.status = "running"
        c.startedAt = Date()
        c.generation += 1
        c.exitCode = 0
        let script = self.script(c.name, c.request.config)
        c.health = c.hasHealthcheck ? "starting" : nil
        c.output += script.output
        containers[c.id] = c
        emit(c, "start")
        run(c, script)
    }

    /// Schedules what the script says: the health verdict, then the exit.
    private func run(_ c: Container, _ script: ContainerScript) {
        let id = c.id, generation = c.generation
        if c.hasHealthcheck {
            switch script.health {
            case .healthy(let after):
                Task { [weak self] in
                    try? await Task.sleep(for: after)
                    await self?.scriptedHealth(id, generation, "healthy", output: "")
                }
            case .unhealthy(let after, let output):
                Task { [weak self] in
                    try? await Task.sleep(for: after)
                    await self?.scriptedHealth(id, generation, "unhealthy", output: output)
                }
            case .manual:
                break
            }
        }
        if let after = script.exitAfter {
            let code = script.exitCode
            Task { [weak self] in
                try? await Task.sleep(for: after)
                await self?.processEnded(id, code: code, generation: generation)
            }
        }
    }

    private func scriptedHealth(_ id: String, _ generation: Int, _ health: String, output: String) {
        guard var c = containers[id], c.generation == generation, c.status == "running" else { return }
        c.health = health
        c.healthOutput = output
        containers[id] = c
        emit(c, "health_status: \(health)")
    }

    /// The process ended (on its own, stopped or killed).
    func processEnded(_ id: String, code: Int, generation: Int) {
        guard var c = containers[id], c.generation == generation, c.status == "running" || c.status == "paused" else { return }
        c.status = "exited"
        c.exitCode = code
        c.finishedAt = Date()
        c.generation += 1
        c.health = c.hasHealthcheck ? "unhealthy" : nil
        containers[id] = c
        emit(c, "die", extra: ["exitCode": String(code)])
        for waiter in waiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: code) }
    }

    public func stopContainer(_ id: String, timeout: Int?, signal: String?) async throws {
        try await enter(.stopContainer, id)
        let c = try container(id, "/containers/\(id)/stop")
        guard c.status == "running" || c.status == "paused" else { return }
        emit(c, "kill", extra: ["signal": "15"])
        processEnded(c.id, code: 137, generation: c.generation)
        if let stopped = containers[c.id] { emit(stopped, "stop") }
    }

    public func restartContainer(_ id: String, timeout: Int?) async throws {
        try await enter(.restartContainer, id)
        let c = try container(id, "/containers/\(id)/restart")
        if c.status == "running" || c.status == "paused" { processEnded(c.id, code: 137, generation: c.generation) }
        containers[c.id]?.restartCount += 1
        faultlessStart(c.id)
        if let restarted = containers[c.id] { emit(restarted, "restart") }
    }

    private func faultlessStart(_ id: String) {
        guard var c = containers[id] else { return }
        c.status = "running"
        c.startedAt = Date()
        c.generation += 1
        c.exitCode = 0
        let script = self.script(c.name, c.request.config)
        c.health = c.hasHealthcheck ? "starting" : nil
        containers[id] = c
        emit(c, "start")
        run(c, script)
    }

    public func killContainer(_ id: String, signal: String?) async throws {
        try await enter(.killContainer, id)
        let c = try container(id, "/containers/\(id)/kill")
        guard c.status == "running" || c.status == "paused" else {
            throw EngineError.conflict(call: Self.call("POST", "/containers/\(id)/kill"), message: "Container \(c.id) is not running")
        }
        emit(c, "kill", extra: ["signal": signal ?? "9"])
        processEnded(c.id, code: 137, generation: c.generation)
    }

    public func pauseContainer(_ id: String) async throws {
        try await enter(.pauseContainer, id)
        var c = try container(id, "/containers/\(id)/pause")
        guard c.status == "running" else {
            throw EngineError.conflict(call: Self.call("POST", "/containers/\(id)/pause"), message: "Container \(c.id) is not running")
        }
        c.status = "paused"
        containers[c.id] = c
        emit(c, "pause")
    }

    public func unpauseContainer(_ id: String) async throws {
        try await enter(.unpauseContainer, id)
        var c = try container(id, "/containers/\(id)/unpause")
        guard c.status == "paused" else {
            throw EngineError.conflict(call: Self.call("POST", "/containers/\(id)/unpause"), message: "Container \(c.id) is not paused")
        }
        c.status = "running"
        containers[c.id] = c
        emit(c, "unpause")
    }

    public func removeContainer(_ id: String, volumes removeVolumes: Bool, force: Bool) async throws {
        try await enter(.removeContainer, id)
        var c = try container(id, "/containers/\(id)")
        if c.status == "running" || c.status == "paused" {
            guard force else {
                throw EngineError.conflict(
                    call: Self.call("DELETE", "/containers/\(id)"),
                    message: "You cannot remove a running container \(c.id). Stop the container before attempting removal or force remove")
            }
            emit(c, "kill", extra: ["signal": "9"])
            processEnded(c.id, code: 137, generation: c.generation)
            c = containers[c.id] ?? c
        }
        for network in c.networks.keys {
            detach(c.id, from: network)
            if keepsStaleEndpoints, let key = networkID(network) { staleEndpoints[key, default: []].insert(c.name) }
        }
        containers.removeValue(forKey: c.id)
        if removeVolumes {
            // Anonymous volumes: those not named in binds or mounts (made-up 64-hex names).
            for m in c.mounts where m.type == "volume" {
                if let name = m.name, name.count == 64, name.allSatisfy(\.isHexDigit) { volumes.removeValue(forKey: name) }
            }
        }
        emit(c, "destroy")
        for waiter in waiters.removeValue(forKey: c.id) ?? [] { waiter.resume(returning: c.exitCode) }
    }

    public func inspectContainer(_ id: String) async throws -> ContainerInspect {
        try await enter(.inspectContainer, id)
        return inspect(try container(id, "/containers/\(id)/json"))
    }

    func inspect(_ c: Container) -> ContainerInspect {
        var i = ContainerInspect()
        i.id = c.id
        i.name = "/" + c.name
        i.created = Self.timestamp(c.created)
        i.image = c.imageID
        i.config = c.request.config
        i.hostConfig = c.request.hostConfig
        i.mounts = c.mounts
        i.restartCount = c.restartCount
        var state = ContainerState()
        state.status = c.status
        state.running = c.status == "running" || c.status == "paused"
        state.paused = c.status == "paused"
        state.restarting = false
        state.dead = false
        state.exitCode = c.exitCode
        state.startedAt = Self.timestamp(c.startedAt)
        state.finishedAt = Self.timestamp(c.finishedAt)
        if let health = c.health {
            var h = HealthState()
            h.status = health
            h.failingStreak = health == "unhealthy" ? 1 : 0
            if let output = c.healthOutput {
                var entry = HealthLogEntry()
                entry.exitCode = health == "unhealthy" ? 1 : 0
                entry.output = output
                h.log = [entry]
            }
            state.health = h
        }
        i.state = state
        var settings = NetworkSettings()
        settings.networks = c.networks
        i.networkSettings = settings
        return i
    }

    public func listContainers(all: Bool, filters: Filters) async throws -> [ContainerSummary] {
        try await enter(.listContainers)
        return containers.values
            .filter { all || $0.status == "running" || $0.status == "paused" }
            .filter { FilterMatching.container(filters, id: $0.id, name: $0.name, labels: $0.labels, status: $0.status) }
            .sorted { $0.created > $1.created }
            .map(summary)
    }

    func summary(_ c: Container) -> ContainerSummary {
        var s = ContainerSummary()
        s.id = c.id
        s.names = ["/" + c.name]
        s.image = c.request.config.image
        s.imageID = c.imageID
        s.command = (c.request.config.cmd ?? []).joined(separator: " ")
        s.created = Int64(c.created.timeIntervalSince1970)
        s.labels = c.labels
        s.state = c.status
        switch c.status {
        case "running":
            s.status = "Up 1 second" + (c.health.map { $0 == "starting" ? " (health: starting)" : " (\($0))" } ?? "")
        case "paused":
            s.status = "Up 1 second (Paused)"
        case "exited":
            s.status = "Exited (\(c.exitCode)) 1 second ago"
        default:
            s.status = "Created"
        }
        var networks = SummaryNetworkSettings()
        networks.networks = c.networks
        s.networkSettings = networks
        s.mounts = c.mounts
        return s
    }

    public func renameContainer(_ id: String, to name: String) async throws {
        try await enter(.renameContainer, id)
        var c = try container(id, "/containers/\(id)/rename")
        if containers.values.contains(where: { $0.name == name && $0.id != c.id }) {
            throw EngineError.conflict(call: Self.call("POST", "/containers/\(id)/rename"), message: "Conflict. The name \"/\(name)\" is already in use")
        }
        let old = c.name
        c.name = name
        containers[c.id] = c
        emit(c, "rename", extra: ["oldName": "/" + old])
    }

    public func waitContainer(_ id: String, condition: WaitCondition) async throws -> ContainerWaitResponse {
        try await enter(.waitContainer, id)
        let c = try container(id, "/containers/\(id)/wait")
        var response = ContainerWaitResponse()
        if c.status != "running" && c.status != "paused" && condition != .nextExit {
            response.statusCode = c.exitCode
            return response
        }
        response.statusCode = await withCheckedContinuation { waiters[c.id, default: []].append($0) }
        return response
    }

    public func topContainer(_ id: String, psArgs: String?) async throws -> ContainerTop {
        let c = try container(id, "/containers/\(id)/top")
        var top = ContainerTop()
        top.titles = ["PID", "CMD"]
        top.processes = c.status == "running" ? [["1", (c.request.config.cmd ?? []).joined(separator: " ")]] : []
        return top
    }

    public func containerStats(_ id: String) async throws -> ContainerStats {
        let c = try container(id, "/containers/\(id)/stats")
        var stats = ContainerStats()
        stats.id = c.id
        stats.name = "/" + c.name
        return stats
    }

    public func putArchive(_ id: String, path: String, tar: [UInt8], noOverwriteDirNonDir: Bool, copyUIDGID: Bool) async throws {
        try await enter(.putArchive, id)
        var c = try container(id, "/containers/\(id)/archive")
        c.archives[path, default: []] += tar
        containers[c.id] = c
    }

    public func getArchive(_ id: String, path: String) async throws -> [UInt8] {
        try await enter(.getArchive, id)
        let c = try container(id, "/containers/\(id)/archive")
        guard let tar = c.archives[path] else {
            throw EngineError.notFound(call: Self.call("GET", "/containers/\(id)/archive"), message: "Could not find the file \(path) in container \(id)")
        }
        return tar
    }

    /// The archives put into a container, by path (for tests of secrets and configs).
    public func archives(of idOrName: String) -> [String: [UInt8]] {
        guard let id = resolve(idOrName) else { return [:] }
        return containers[id]?.archives ?? [:]
    }
}
