import BerthBasics
import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// What `run` changes in the service for its one-off container.
public struct OneOffOptions: Sendable {
    /// Replaces the service's command when not empty.
    public var command: [String] = []
    /// `--entrypoint` (already split into words).
    public var entrypoint: [String]?
    /// `--name`.
    public var name: String?
    /// `-e KEY=VAL`, applied over the service's environment (`KEY` alone unsets nothing:
    /// the caller resolves it from its own environment first).
    public var environment: [String: String] = [:]
    /// `-l KEY=VAL`.
    public var labels: [String: String] = [:]
    /// `-v SRC:DST[:MODE]`, relative sources already absolute.
    public var volumes: [String] = []
    /// `-p [IP:]HOST:CONTAINER[/PROTO]`.
    public var publish: [String] = []
    /// `-P`: keep the service's ports.
    public var servicePorts = false
    public var user: String?
    public var workingDir: String?
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    /// `--use-aliases`: join the networks with the service's aliases too.
    public var useAliases = false
    /// A TTY for the container (`-T` turns it off).
    public var tty = true
    /// Keep stdin open (interactive).
    public var interactive = true
    /// `--rm`: the engine removes it once it exits (Berth removes it too on every way out).
    public var autoRemove = false

    public init() {}
}

/// A one-off container made for `run`.
public struct OneOffContainer: Sendable {
    public var id: String
    public var name: String
    public var tty: Bool
}

extension ProjectRunner {
    /// 64 random hex digits, as Compose's `stringid.GenerateRandomID()`.
    static func randomSlug() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }

    /// Starts what `service` depends on (the same planned graph walk as `up`, waiting on each
    /// dependency's condition), then makes sure the service's own networks and volumes exist.
    public func prepareOneOff(service name: String, noDeps: Bool) async throws {
        guard let service = info.project.services[name] else { throw Self.noSuchService(name, in: info.project) }
        let graph = ServiceGraph(project: info.project)
        let deps = graph.withDependencies(graph.dependencies(of: name)).subtracting([name])
        if !noDeps && !deps.isEmpty {
            try await up(UpOptions(plan: PlanOptions(services: deps.sorted())))
        }
        let observed = try await observe()
        let run = try await Execution.make(
            runner: self, observed: observed, plan: Plan(project: self.name), events: !noDeps && !deps.isEmpty,
            noDeps: nil, imageDigests: [:])
        defer { Task { await run.tracker?.close() } }
        let knownNetworks = Set(observed.networks.map(\.name))
        for key in ComposeNames.networkKeys(of: service) {
            let config = ComposeNames.networkConfig(project: info.project, key: key)
            guard !config.external, let engineName = config.name, !knownNetworks.contains(engineName) else { continue }
            try await run.createNetwork(key: key, name: engineName)
        }
        let knownVolumes = Set(observed.volumes.map(\.name))
        for key in ComposeNames.volumeKeys(of: service, in: info.project) {
            let config = ComposeNames.volumeConfig(project: info.project, key: key)
            guard !config.external, let engineName = config.name, !knownVolumes.contains(engineName) else { continue }
            try await run.createVolume(key: key, name: engineName)
        }
        if !noDeps && !deps.isEmpty {
            try await run.waitDependencies(of: service)
        }
    }

    /// Creates the one-off container of `service` as Compose names and labels it:
    /// `PROJECT-SERVICE-run-<12 hex>`, `com.docker.compose.oneoff=True`, `com.docker.compose.slug`.
    public func createOneOff(service name: String, options: OneOffOptions) async throws -> OneOffContainer {
        guard var service = info.project.services[name] else { throw Self.noSuchService(name, in: info.project) }
        let slug = Self.randomSlug()
        let containerName = options.name ?? "\(self.name)-\(name)-run-\(slug.prefix(12))"
        if !options.command.isEmpty { service.command = options.command }
        if let entrypoint = options.entrypoint { service.entrypoint = entrypoint }
        if let user = options.user { service.user = user }
        if let dir = options.workingDir { service.workingDir = dir }
        for (k, v) in options.environment { service.environment[k] = .some(v) }
        service.capAdd += options.capAdd
        service.capDrop += options.capDrop
        if !options.servicePorts { service.ports = [] }
        service.restart = nil
        service.deploy?.restartPolicy = nil
        service.containerName = nil
        service.tty = options.tty
        service.stdinOpen = options.interactive
        service.labels.merge(options.labels) { $1 }

        let api: APIVersion
        do { api = try await client.apiVersion() } catch { throw RuntimeError.engine(error, while: "negotiating the engine API version") }
        let observed = try await observe()
        let registry = ContainerRegistry(observed)
        let context = ContainerSpecContext(
            project: info.project, labels: labelContext, apiVersion: api, containerIDs: await registry.all(),
            containerNames: await registry.allNames(), environment: environment.values,
            imageDigest: await imageDigests()[name])
        var spec = try ContainerSpec.make(service: service, number: 1, name: containerName, context: context)
        spec.request.config.labels?[ComposeLabels.oneoff] = "True"
        spec.request.config.labels?[ComposeLabels.slug] = slug
        if options.tty || options.interactive {
            spec.request.config.attachStdin = options.interactive
            spec.request.config.stdinOnce = options.interactive
        }
        var host = spec.request.hostConfig ?? HostConfig()
        if options.autoRemove { host.autoRemove = true }
        if !options.volumes.isEmpty { host.binds = (host.binds ?? []) + options.volumes }
        if !options.publish.isEmpty {
            let (exposed, bindings) = try Self.publishedPorts(options.publish)
            var ports = spec.request.config.exposedPorts ?? [:]
            ports.merge(exposed) { a, _ in a }
            spec.request.config.exposedPorts = ports
            var hostPorts = host.portBindings ?? [:]
            hostPorts.merge(bindings) { $0 + $1 }
            host.portBindings = hostPorts
        }
        spec.request.hostConfig = host
        if !options.useAliases {
            // `run` joins the networks under its container name only, unless --use-aliases.
            if var endpoints = spec.request.networkingConfig?.endpointsConfig {
                for key in endpoints.keys { endpoints[key]?.aliases = [containerName] }
                spec.request.networkingConfig?.endpointsConfig = endpoints
            }
            for i in spec.laterNetworks.indices { spec.laterNetworks[i].endpoint.aliases = [containerName] }
        }
        let request = spec.request
        let platform = spec.platform
        let created = try await call("creating container \(containerName)", container: containerName) {
            try await self.client.createContainer(name: containerName, platform: platform, request)
        }
        guard let id = created.id else {
            throw RuntimeError(.engine, "creating container \(containerName): the engine returned no ID", container: containerName)
        }
        do {
            for attach in spec.laterNetworks {
                try await call("connecting container \(containerName) to network \(attach.network)", container: containerName) {
                    try await self.client.connectNetwork(attach.network, container: id, endpoint: attach.endpoint)
                }
            }
            if !spec.injectedFiles.isEmpty {
                let tar = InjectedFile.archive(spec.injectedFiles)
                try await call("copying secrets and configs into container \(containerName)", container: containerName) {
                    try await self.client.putArchive(id, path: "/", tar: tar)
                }
            }
        } catch {
            try? await client.removeContainer(id, force: true)
            throw error
        }
        return OneOffContainer(id: id, name: containerName, tty: options.tty)
    }

    /// Removes a one-off container (force), ignoring one already gone (`--rm`'s auto-remove).
    /// When the engine is already removing it (AutoRemove after an exit or a failed start),
    /// waits up to 10 s for that removal to finish, so nothing is left when Berth returns.
    public func removeOneOff(_ id: String) async {
        do {
            try await client.removeContainer(id, volumes: true, force: true)
        } catch let e as EngineError where e.isNotFound {
            return
        } catch {
            let client = self.client
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await client.waitContainer(id, condition: .removed) }
                group.addTask { try? await Task.sleep(for: .seconds(10)) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    /// `-p` values → exposed ports and bindings.
    static func publishedPorts(_ specs: [String]) throws(RuntimeError) -> ([String: EmptyObject], [String: [PortBinding]]) {
        var exposed: [String: EmptyObject] = [:]
        var bindings: [String: [PortBinding]] = [:]
        for spec in specs {
            var body = Substring(spec)
            var proto = "tcp"
            if let slash = body.lastIndex(of: "/") {
                proto = String(body[body.index(after: slash)...])
                body = body[..<slash]
            }
            let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            var b = PortBinding()
            let container: String
            switch parts.count {
            case 1: container = parts[0]; b.hostPort = ""
            case 2: container = parts[1]; b.hostPort = parts[0]
            case 3: container = parts[2]; b.hostPort = parts[1]; b.hostIp = parts[0]
            default: throw RuntimeError(.other, "invalid --publish value \"\(spec)\": expected [IP:][HOST:]CONTAINER[/PROTOCOL]")
            }
            guard Int(container) != nil else {
                throw RuntimeError(.other, "invalid --publish value \"\(spec)\": the container port must be a number")
            }
            let key = "\(container)/\(proto)"
            exposed[key] = EmptyObject()
            bindings[key, default: []].append(b)
        }
        return (exposed, bindings)
    }
}
