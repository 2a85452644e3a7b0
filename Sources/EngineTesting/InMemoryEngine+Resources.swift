import EngineClient
import Foundation

extension InMemoryEngine {
    // MARK: - networks

    func networkID(_ idOrName: String) -> String? {
        if networks[idOrName] != nil { return idOrName }
        if let n = networks.values.first(where: { $0.name == idOrName }) { return n.id }
        let matches = networks.keys.filter { $0.hasPrefix(idOrName) }
        return matches.count == 1 ? matches.first : nil
    }

    func attach(_ c: Container, to network: String) {
        guard let id = networkID(network) else { return }
        var entry = NetworkContainer()
        entry.name = c.name
        entry.endpointID = newID("endpoint")
        var members = networks[id]?.containers ?? [:]
        members[c.id] = entry
        networks[id]?.containers = members
        emitEvent(type: "network", action: "connect", id: id, attributes: ["container": c.id, "name": networks[id]?.name ?? network])
    }

    func detach(_ containerID: String, from network: String) {
        guard let id = networkID(network) else { return }
        networks[id]?.containers?.removeValue(forKey: containerID)
    }

    public func createNetwork(_ request: NetworkCreateRequest) async throws -> CreateResponse {
        let name = request.name ?? ""
        try await enter(.createNetwork, name)
        if !allowsDuplicateNetworkNames, networks.values.contains(where: { $0.name == name }) {
            throw EngineError.conflict(call: Self.call("POST", "/networks/create"), message: "network with name \(name) already exists")
        }
        var n = Network()
        n.id = newID("network")
        n.name = name
        n.driver = request.driver ?? "bridge"
        n.scope = "local"
        n.internal = request.internal ?? false
        n.attachable = request.attachable ?? false
        n.enableIPv6 = request.enableIPv6 ?? false
        n.ipam = request.ipam
        n.options = request.options ?? [:]
        n.labels = request.labels ?? [:]
        n.containers = [:]
        n.created = Self.timestamp(Date())
        networks[n.id ?? ""] = n
        emitEvent(type: "network", action: "create", id: n.id ?? "", attributes: ["name": name, "type": n.driver ?? ""])
        var response = CreateResponse()
        response.id = n.id
        return response
    }

    public func inspectNetwork(_ id: String) async throws -> Network {
        try await enter(.inspectNetwork, id)
        guard let key = networkID(id), let n = networks[key] else {
            throw EngineError.notFound(call: Self.call("GET", "/networks/\(id)"), message: "network \(id) not found")
        }
        return n
    }

    public func listNetworks(filters: Filters) async throws -> [Network] {
        try await enter(.listNetworks)
        return networks.values
            .filter { FilterMatching.named(filters, id: $0.id ?? "", name: $0.name ?? "", labels: $0.labels ?? [:]) }
            .sorted { ($0.name ?? "") < ($1.name ?? "") }
    }

    public func connectNetwork(_ id: String, container: String, endpoint: EndpointSettings?) async throws {
        try await enter(.connectNetwork, id)
        guard let key = networkID(id), let name = networks[key]?.name else {
            throw EngineError.notFound(call: Self.call("POST", "/networks/\(id)/connect"), message: "network \(id) not found")
        }
        var c = try self.container(container, "/networks/\(id)/connect")
        var settings = endpoint ?? EndpointSettings()
        settings.networkID = key
        c.networks[name] = settings
        containers[c.id] = c
        attach(c, to: key)
    }

    public func disconnectNetwork(_ id: String, container: String, force: Bool) async throws {
        try await enter(.disconnectNetwork, id)
        guard let key = networkID(id), let name = networks[key]?.name else {
            throw EngineError.notFound(call: Self.call("POST", "/networks/\(id)/disconnect"), message: "network \(id) not found")
        }
        // As dockerd: a forced disconnect by a name that is no container deletes the endpoint.
        if force, (try? self.container(container, "")) == nil {
            guard staleEndpoints[key]?.remove(container) != nil else {
                throw EngineError.notFound(
                    call: Self.call("POST", "/networks/\(id)/disconnect"), message: "endpoint \(container) not found")
            }
            return
        }
        var c = try self.container(container, "/networks/\(id)/disconnect")
        c.networks.removeValue(forKey: name)
        containers[c.id] = c
        detach(c.id, from: key)
    }

    public func removeNetwork(_ id: String) async throws {
        try await enter(.removeNetwork, id)
        guard let key = networkID(id), let n = networks[key] else {
            throw EngineError.notFound(call: Self.call("DELETE", "/networks/\(id)"), message: "network \(id) not found")
        }
        if !(n.containers ?? [:]).isEmpty || !(staleEndpoints[key] ?? []).isEmpty {
            throw EngineError.http(
                call: Self.call("DELETE", "/networks/\(id)"), status: 403,
                message: "error while removing network: network \(n.name ?? id) id \(key) has active endpoints")
        }
        networks.removeValue(forKey: key)
        staleEndpoints.removeValue(forKey: key)
        emitEvent(type: "network", action: "destroy", id: key, attributes: ["name": n.name ?? ""])
    }

    // MARK: - volumes

    public func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
        let name = request.name ?? newID("volume")
        try await enter(.createVolume, name)
        if let existing = volumes[name] { return existing }
        var v = Volume()
        v.name = name
        v.driver = request.driver ?? "local"
        v.labels = request.labels ?? [:]
        v.options = request.driverOpts
        v.scope = "local"
        v.mountpoint = "/var/lib/docker/volumes/\(name)/_data"
        v.createdAt = Self.timestamp(Date())
        volumes[name] = v
        emitEvent(type: "volume", action: "create", id: name, attributes: ["driver": v.driver ?? ""])
        return v
    }

    public func inspectVolume(_ name: String) async throws -> Volume {
        try await enter(.inspectVolume, name)
        guard let v = volumes[name] else {
            throw EngineError.notFound(call: Self.call("GET", "/volumes/\(name)"), message: "get \(name): no such volume")
        }
        return v
    }

    public func listVolumes(filters: Filters) async throws -> [Volume] {
        try await enter(.listVolumes)
        return volumes.values
            .filter { FilterMatching.named(filters, id: $0.name ?? "", name: $0.name ?? "", labels: $0.labels ?? [:]) }
            .sorted { ($0.name ?? "") < ($1.name ?? "") }
    }

    public func removeVolume(_ name: String, force: Bool) async throws {
        try await enter(.removeVolume, name)
        guard volumes[name] != nil else {
            if force { return }
            throw EngineError.notFound(call: Self.call("DELETE", "/volumes/\(name)"), message: "get \(name): no such volume")
        }
        if containers.values.contains(where: { $0.mounts.contains { $0.name == name } }) {
            throw EngineError.conflict(call: Self.call("DELETE", "/volumes/\(name)"), message: "remove \(name): volume is in use")
        }
        volumes.removeValue(forKey: name)
        emitEvent(type: "volume", action: "destroy", id: name, attributes: [:])
    }

    // MARK: - images

    public func inspectImage(_ name: String) async throws -> ImageInspect {
        try await enter(.inspectImage, name)
        guard let i = image(name) else {
            throw EngineError.notFound(call: Self.call("GET", "/images/\(name)/json"), message: "No such image: \(name)")
        }
        return i
    }

    public func listImages(all: Bool, filters: Filters) async throws -> [ImageSummary] {
        try await enter(.listImages)
        var byID: [String: ImageSummary] = [:]
        for (tag, i) in images {
            let id = i.id ?? tag
            var s = byID[id] ?? ImageSummary()
            s.id = id
            s.repoTags = ((s.repoTags ?? []) + [tag]).sorted()
            s.labels = i.config?.labels ?? [:]
            s.containers = containers.values.filter { $0.imageID == id }.count
            byID[id] = s
        }
        return byID.values.filter { FilterMatching.matchesLabels(filters, $0.labels ?? [:]) }.sorted { ($0.id ?? "") < ($1.id ?? "") }
    }

    public func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteItem] {
        try await enter(.removeImage, name)
        guard let i = image(name), let id = i.id else {
            throw EngineError.notFound(call: Self.call("DELETE", "/images/\(name)"), message: "No such image: \(name)")
        }
        if !force, let user = containers.values.first(where: { $0.imageID == id }) {
            throw EngineError.conflict(
                call: Self.call("DELETE", "/images/\(name)"),
                message: "conflict: unable to remove repository reference \"\(name)\" (must force) - container \(user.id.prefix(12)) is using its referenced image")
        }
        let tags = images.filter { $0.value.id == id }.map(\.key)
        var removed: [ImageDeleteItem] = []
        for tag in tags.sorted() where tag == Self.normalised(name) || name == id || tags.count == 1 {
            images.removeValue(forKey: tag)
            var item = ImageDeleteItem()
            item.untagged = tag
            removed.append(item)
        }
        if !images.values.contains(where: { $0.id == id }) {
            var item = ImageDeleteItem()
            item.deleted = id
            removed.append(item)
        }
        return removed
    }

    public func tagImage(_ name: String, repository: String, tag: String?) async throws {
        try await enter(.tagImage, name)
        guard let i = image(name) else {
            throw EngineError.notFound(call: Self.call("POST", "/images/\(name)/tag"), message: "No such image: \(name)")
        }
        images[Self.normalised(repository + ":" + (tag ?? "latest"))] = i
    }

    public func pullImage(
        _ image: String, tag: String?, platform: String?, registryAuth: String?
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        let reference = Self.normalised(tag.map { image + ($0.hasPrefix("sha256:") ? "@" : ":") + $0 } ?? image)
        if let dropped = try await enterStream(.pullImage, reference, ProgressMessage.self) { return dropped }
        let call = Self.call("POST", "/images/create")
        guard registry.contains(reference) else {
            return AsyncThrowingStream { continuation in
                continuation.finish(throwing: EngineError.stream(
                    call: call, message: "pull access denied for \(image), repository does not exist or may require 'docker login'"))
            }
        }
        if self.image(reference) == nil { addImage(reference) }
        return Self.progress(["Pulling from \(image)", "Digest: sha256:" + Self.hex(reference, length: 64), "Status: Downloaded newer image for \(reference)"])
    }

    public func pushImage(_ image: String, tag: String?, registryAuth: String?) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        let reference = Self.normalised(tag.map { image + ":" + $0 } ?? image)
        if let dropped = try await enterStream(.pushImage, reference, ProgressMessage.self) { return dropped }
        guard self.image(reference) != nil else {
            throw EngineError.notFound(call: Self.call("POST", "/images/\(image)/push"), message: "An image does not exist locally with the tag: \(image)")
        }
        registry.insert(reference)
        return Self.progress(["The push refers to repository [\(image)]", "\(tag ?? "latest"): digest: sha256:" + Self.hex(reference, length: 64)])
    }

    public func buildImage(
        _ options: BuildOptions,
        context: @escaping @Sendable (_ write: @Sendable ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        if let dropped = try await enterStream(.buildImage, options.tags.first, ProgressMessage.self) { return dropped }
        let counter = ByteCounter()
        try await context { bytes in await counter.add(bytes.count) }
        var id = ""
        for tag in options.tags { id = addImage(tag, labels: options.labels) }
        if let first = options.tags.first, let built = image(first) {
            for tag in options.tags { images[Self.normalised(tag)] = built }
            id = built.id ?? id
        }
        var messages = [ProgressMessage]()
        var line = ProgressMessage()
        line.stream = "Sending build context (\(await counter.total) bytes)\n"
        messages.append(line)
        var aux = ProgressMessage()
        var detail = ProgressAux()
        detail.id = id
        aux.aux = detail
        messages.append(aux)
        return AsyncThrowingStream { continuation in
            for m in messages { continuation.yield(m) }
            continuation.finish()
        }
    }

    static func progress(_ lines: [String]) -> AsyncThrowingStream<ProgressMessage, any Error> {
        AsyncThrowingStream { continuation in
            for text in lines {
                var m = ProgressMessage()
                m.status = text
                continuation.yield(m)
            }
            continuation.finish()
        }
    }
}

/// Counts the bytes of a build context as it streams in.
actor ByteCounter {
    private(set) var total = 0
    func add(_ n: Int) { total += n }
}
