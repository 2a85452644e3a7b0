import EngineClient
import Foundation

/// An engine that lives in memory: containers, networks, volumes, images and an event stream,
/// behaving as dockerd does for the calls Berth makes (409 on a taken name, 404 on a missing
/// object or image, events for every state change). Tests drive what containers do with
/// `ContainerScript`s, set health by hand, and inject faults (`FaultRule`).
public actor InMemoryEngine: EngineAPI {
    struct Container {
        var id: String
        var name: String
        var request: ContainerCreateRequest
        var imageID: String
        var created: Date
        var status = "created"
        var exitCode = 0
        var health: String?
        var healthOutput: String?
        var startedAt: Date?
        var finishedAt: Date?
        /// Bumped on every start and stop, so timers of an earlier run do nothing.
        var generation = 0
        var networks: [String: EndpointSettings] = [:]
        var mounts: [MountPoint] = []
        var output: [OutputChunk] = []
        var archives: [String: [UInt8]] = [:]
        var restartCount = 0

        var labels: [String: String] { request.config.labels ?? [:] }
        var hasHealthcheck: Bool {
            guard let test = request.config.healthcheck?.test, let first = test.first else { return false }
            return first != "NONE"
        }
    }

    struct Exec {
        var container: String
        var request: ExecCreateRequest
        var result: ExecResult?
    }

    var containers: [String: Container] = [:]
    var networks: [String: Network] = [:]
    var volumes: [String: Volume] = [:]
    var images: [String: ImageInspect] = [:]
    var execs: [String: Exec] = [:]
    var subscribers: [UUID: (filters: Filters, continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation)] = [:]
    var waiters: [String: [CheckedContinuation<Int, Never>]] = [:]
    var faults: [FaultRule] = []
    /// The dockerd 20.10 stale-endpoint fault: when on, a removed container's endpoints stay in
    /// its networks, unlisted, and the networks refuse removal until each is force-disconnected
    /// by its name.
    var keepsStaleEndpoints = false
    /// dockerd's non-atomic duplicate check: when on, `createNetwork` does not refuse a name
    /// that is taken, and a container that joins a shared name fails to start as "ambiguous".
    var allowsDuplicateNetworkNames = false
    /// dockerd's order in `GET /events`: it answers, then subscribes. When set, a subscription
    /// without `since` starts this much after the answer, and events in between are lost.
    var subscribesLate: Duration?
    /// The last 256 events, which `since` replays (dockerd keeps as many).
    var recentEvents: [EngineEvent] = []
    /// Network ID → names of stale endpoints.
    var staleEndpoints: [String: Set<String>] = [:]
    var script: @Sendable (_ name: String, _ config: ContainerConfig) -> ContainerScript = { _, _ in .longRunning }
    var execHandler: @Sendable (_ container: String, _ command: [String]) -> ExecResult = { _, _ in
        ExecResult(exitCode: 0, stdout: "", stderr: "")
    }
    /// Images `pullImage` can fetch (by reference).
    var registry: Set<String> = []
    var nextID = 1
    /// Every call made, in order (`createContainer p-web-1`), for tests that count calls.
    public private(set) var calls: [String] = []

    /// The API version the engine speaks.
    public let api: APIVersion

    /// An empty engine; `images` are present from the start (with made-up IDs).
    public init(images: [String] = [], api: APIVersion = .minimum) {
        self.api = api
        for image in images {
            let id = "sha256:" + Self.hex(image, length: 64)
            var inspect = ImageInspect()
            inspect.id = id
            inspect.repoTags = [Self.normalised(image)]
            inspect.config = ContainerConfig()
            self.images[Self.normalised(image)] = inspect
        }
    }

    // MARK: - driving the engine from tests

    /// Turns the stale-endpoint fault on or off (see `keepsStaleEndpoints`).
    public func setKeepsStaleEndpoints(_ on: Bool) {
        keepsStaleEndpoints = on
    }

    /// Sets dockerd's answer-then-subscribe gap (see `subscribesLate`); nil for none.
    public func setSubscribesLate(_ gap: Duration?) {
        subscribesLate = gap
    }

    /// Turns the duplicate-network-name fault on or off (see `allowsDuplicateNetworkNames`).
    public func setAllowsDuplicateNetworkNames(_ on: Bool) {
        allowsDuplicateNetworkNames = on
    }

    /// Sets what every container does from now on (by name and config).
    public func setScript(_ script: @escaping @Sendable (_ name: String, _ config: ContainerConfig) -> ContainerScript) {
        self.script = script
    }

    /// Sets what `exec` returns.
    public func setExecHandler(_ handler: @escaping @Sendable (_ container: String, _ command: [String]) -> ExecResult) {
        execHandler = handler
    }

    /// Injects a fault into later calls.
    public func inject(_ rule: FaultRule) {
        faults.append(rule)
    }

    /// Removes every fault not used up yet.
    public func clearFaults() {
        faults.removeAll()
    }

    /// Makes `reference` pullable (as if a registry had it).
    public func publish(_ reference: String) {
        registry.insert(Self.normalised(reference))
    }

    /// Adds an image (as if pulled or built); returns its ID.
    @discardableResult
    public func addImage(_ reference: String, labels: [String: String] = [:]) -> String {
        let key = Self.normalised(reference)
        let id = "sha256:" + Self.hex(key + String(nextID), length: 64)
        nextID += 1
        var inspect = ImageInspect()
        inspect.id = id
        inspect.repoTags = [key]
        var config = ContainerConfig()
        config.labels = labels.isEmpty ? nil : labels
        inspect.config = config
        images[key] = inspect
        return id
    }

    /// Sets a container's health (`healthy`, `unhealthy`, `starting`) with an event.
    public func setHealth(_ idOrName: String, _ health: String, output: String? = nil) {
        guard let id = resolve(idOrName), var c = containers[id], c.status == "running" else { return }
        c.health = health
        c.healthOutput = output ?? c.healthOutput
        containers[id] = c
        emit(c, "health_status: \(health)")
    }

    /// Makes a running container's process exit with `code`.
    public func exitContainer(_ idOrName: String, code: Int) {
        guard let id = resolve(idOrName), let c = containers[id], c.status == "running" else { return }
        processEnded(id, code: code, generation: c.generation)
    }

    /// Ends every open event stream with an error (a dropped connection).
    public func dropEventStreams() {
        for (_, s) in subscribers { s.continuation.finish(throwing: EngineError.protocolError(call: nil, detail: "the engine closed the connection")) }
        subscribers.removeAll()
    }

    /// How many event streams are open.
    public var openEventStreams: Int { subscribers.count }

    /// The number of calls of one kind so far.
    public func count(_ operation: EngineOperation) -> Int {
        calls.filter { $0 == operation.rawValue || $0.hasPrefix(operation.rawValue + " ") }.count
    }

    // MARK: - plumbing

    static func normalised(_ reference: String) -> String {
        if reference.hasPrefix("sha256:") { return reference }
        let lastSlash = reference.lastIndex(of: "/").map { reference.index(after: $0) } ?? reference.startIndex
        if reference[lastSlash...].contains(":") || reference.contains("@") { return reference }
        return reference + ":latest"
    }

    /// A stable hex string (FNV-1a, repeated) of `length` characters.
    static func hex(_ seed: String, length: Int) -> String {
        var out = ""
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var round: UInt64 = 0
        while out.count < length {
            for byte in seed.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= round
            round += 1
            let chunk = String(hash, radix: 16)
            out += String(repeating: "0", count: 16 - chunk.count) + chunk
        }
        return String(out.prefix(length))
    }

    func newID(_ kind: String) -> String {
        nextID += 1
        return Self.hex("\(kind)-\(nextID)-\(UUID().uuidString)", length: 64)
    }

    /// Records the call and applies the first matching fault.
    func enter(_ operation: EngineOperation, _ target: String? = nil) async throws {
        calls.append(target.map { "\(operation.rawValue) \($0)" } ?? operation.rawValue)
        guard let index = faults.firstIndex(where: { rule in
            rule.operation == operation && (rule.target == nil || (target ?? "").contains(rule.target ?? ""))
        }) else { return }
        let rule = faults[index]
        if let times = rule.times {
            if times <= 1 { faults.remove(at: index) } else { faults[index].times = times - 1 }
        }
        let call = EngineCall(method: "MEM", path: "/\(operation.rawValue)" + (target.map { "/\($0)" } ?? ""))
        switch rule.fault {
        case .status(let status, let message):
            switch status {
            case 404: throw EngineError.notFound(call: call, message: message)
            case 409: throw EngineError.conflict(call: call, message: message)
            default: throw EngineError.http(call: call, status: status, message: message)
            }
        case .delay(let duration):
            try await Task.sleep(for: duration)
        case .unreachable:
            throw EngineError.notReachable(endpoint: "memory", underlying: "injected fault")
        case .dropStream:
            throw DroppedStream()
        case .stallStream:
            throw StalledStream(after: nil)
        case .stallStreamAfter(let bytes):
            throw StalledStream(after: bytes)
        }
    }

    struct DroppedStream: Error {}
    struct StalledStream: Error {
        /// Bytes sent before the stall (logs only; the caller sends them).
        var after: Int?
    }

    /// `enter` for stream calls: a dropped stream opens and fails at once.
    func enterStream<T: Sendable>(_ operation: EngineOperation, _ target: String?, _ type: T.Type) async throws -> AsyncThrowingStream<T, any Error>? {
        do {
            try await enter(operation, target)
            return nil
        } catch is DroppedStream {
            return AsyncThrowingStream { $0.finish(throwing: EngineError.protocolError(call: nil, detail: "the engine closed the connection")) }
        } catch let stall as StalledStream where stall.after == nil {
            return Self.stalled(sending: [])
        }
    }

    /// A stream that sends `items`, then neither sends nor ends: held open (the task keeps the
    /// continuation) until the reader goes away.
    static func stalled<T: Sendable>(sending items: [T]) -> AsyncThrowingStream<T, any Error> {
        AsyncThrowingStream { continuation in
            for item in items { continuation.yield(item) }
            let holder = Task {
                while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in holder.cancel() }
        }
    }

    static func call(_ method: String, _ path: String) -> EngineCall { EngineCall(method: method, path: path) }

    func resolve(_ idOrName: String) -> String? {
        if containers[idOrName] != nil { return idOrName }
        let name = idOrName.hasPrefix("/") ? String(idOrName.dropFirst()) : idOrName
        if let c = containers.values.first(where: { $0.name == name }) { return c.id }
        let matches = containers.keys.filter { $0.hasPrefix(idOrName) }
        return matches.count == 1 ? matches.first : nil
    }

    func container(_ idOrName: String, _ path: String) throws -> Container {
        guard let id = resolve(idOrName), let c = containers[id] else {
            throw EngineError.notFound(call: Self.call("GET", path), message: "No such container: \(idOrName)")
        }
        return c
    }

    func image(_ reference: String) -> ImageInspect? {
        if let found = images[Self.normalised(reference)] { return found }
        return images.values.first { $0.id == reference || ($0.id ?? "").dropFirst(7).hasPrefix(reference) }
    }

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "0001-01-01T00:00:00Z" }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    // MARK: - events

    func emit(_ c: Container, _ action: String, extra: [String: String] = [:]) {
        var attributes = c.labels
        attributes["name"] = c.name
        attributes["image"] = c.request.config.image ?? ""
        for (k, v) in extra { attributes[k] = v }
        emitEvent(type: "container", action: action, id: c.id, attributes: attributes)
    }

    func emitEvent(type: String, action: String, id: String, attributes: [String: String]) {
        var event = EngineEvent()
        event.type = type
        event.action = action
        event.status = action
        event.id = id
        var actor = EventActor()
        actor.id = id
        actor.attributes = attributes
        event.actor = actor
        event.scope = "local"
        let now = Date().timeIntervalSince1970
        event.time = Int64(now)
        event.timeNano = Int64(now * 1e9)
        recentEvents.append(event)
        if recentEvents.count > 256 { recentEvents.removeFirst(recentEvents.count - 256) }
        for (_, s) in subscribers where FilterMatching.event(s.filters, event) {
            s.continuation.yield(event)
        }
    }

    public func events(since: String?, until: String?, filters: Filters) async throws -> AsyncThrowingStream<EngineEvent, any Error> {
        if let dropped = try await enterStream(.events, nil, EngineEvent.self) { return dropped }
        let (stream, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        // As dockerd: the events of the buffer since `since` first, then the live ones.
        if let since, let start = Double(since) {
            for e in recentEvents where Double(e.timeNano ?? 0) / 1e9 >= start && FilterMatching.event(filters, e) {
                continuation.yield(e)
            }
        }
        if until != nil {
            continuation.finish()
            return stream
        }
        let token = UUID()
        continuation.onTermination = { _ in Task { await self.unsubscribe(token) } }
        if let late = subscribesLate, since == nil {
            // dockerd's answer comes before its subscription: what happens in between is lost.
            Task {
                try? await Task.sleep(for: late)
                self.subscribe(token, filters, continuation)
            }
        } else {
            subscribers[token] = (filters, continuation)
        }
        return stream
    }

    private func subscribe(_ token: UUID, _ filters: Filters, _ continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation) {
        subscribers[token] = (filters, continuation)
    }

    func unsubscribe(_ token: UUID) {
        subscribers.removeValue(forKey: token)
    }

    // MARK: - system

    public func apiVersion() async throws -> APIVersion { api }

    public func ping() async throws -> Bool { true }

    public func version() async throws -> SystemVersion {
        var v = SystemVersion()
        v.version = "in-memory"
        v.apiVersion = api.description
        v.minAPIVersion = APIVersion.minimum.description
        v.os = "linux"
        return v
    }

    public func shutdown() async {}

    public func request(method: String, path: String, query: [String: String], body: Data?) async throws -> EngineResponse {
        calls.append("request \(method) \(path)")
        return EngineResponse(status: 501, body: Data("{\"message\":\"not implemented in memory\"}".utf8))
    }
}
