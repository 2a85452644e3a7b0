import Foundation
import NIOCore
import NIOHTTP1

extension EngineClient {
    // MARK: - System

    /// `GET /_ping`: true when the engine answers `OK`.
    public func ping() async throws -> Bool {
        let response = try await checked(.GET, "/_ping")
        return response.body.readableBytesView.elementsEqual("OK".utf8)
    }

    /// `GET /version`.
    public func version() async throws -> SystemVersion {
        try await call(SystemVersion.self, .GET, "/version")
    }

    // MARK: - Networks

    /// Creates a network; returns its ID. `.conflict` when the name exists.
    public func createNetwork(_ request: NetworkCreateRequest) async throws -> CreateResponse {
        try await call(CreateResponse.self, .POST, "/networks/create", body: json(request))
    }

    /// Inspects a network by name or ID.
    public func inspectNetwork(_ id: String) async throws -> Network {
        try await call(Network.self, .GET, Self.path("networks", id))
    }

    /// Lists networks, e.g. filtered by `label` or `name`.
    public func listNetworks(filters: Filters) async throws -> [Network] {
        let query: [(String, String)] = filters.isEmpty ? [] : [("filters", filters.json)]
        return try await call([Network].self, .GET, "/networks", query: query)
    }

    /// Connects a container to a network, with aliases and static addresses in `endpoint`.
    public func connectNetwork(_ id: String, container: String, endpoint: EndpointSettings?) async throws {
        var request = NetworkConnectRequest()
        request.container = container
        request.endpointConfig = endpoint
        try await checked(.POST, Self.path("networks", id, "connect"), body: json(request))
    }

    /// Disconnects a container from a network.
    public func disconnectNetwork(_ id: String, container: String, force: Bool) async throws {
        var request = NetworkDisconnectRequest()
        request.container = container
        request.force = force
        try await checked(.POST, Self.path("networks", id, "disconnect"), body: json(request))
    }

    /// Removes a network.
    public func removeNetwork(_ id: String) async throws {
        try await checked(.DELETE, Self.path("networks", id))
    }

    // MARK: - Volumes

    /// Creates a volume (creating an existing name returns the existing volume).
    public func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
        try await call(Volume.self, .POST, "/volumes/create", body: json(request))
    }

    /// Inspects a volume.
    public func inspectVolume(_ name: String) async throws -> Volume {
        try await call(Volume.self, .GET, Self.path("volumes", name))
    }

    /// Lists volumes, e.g. filtered by `label` or `name`.
    public func listVolumes(filters: Filters) async throws -> [Volume] {
        let query: [(String, String)] = filters.isEmpty ? [] : [("filters", filters.json)]
        return try await call(VolumeListResponse.self, .GET, "/volumes", query: query).volumes ?? []
    }

    /// Removes a volume (`.conflict` while a container uses it).
    public func removeVolume(_ name: String, force: Bool) async throws {
        let query: [(String, String)] = force ? [("force", "1")] : []
        try await checked(.DELETE, Self.path("volumes", name), query: query)
    }

    // MARK: - Images

    /// Inspects an image by reference or ID.
    public func inspectImage(_ name: String) async throws -> ImageInspect {
        try await call(ImageInspect.self, .GET, Self.path("images", name, "json"))
    }

    /// Lists images.
    public func listImages(all: Bool, filters: Filters) async throws -> [ImageSummary] {
        var query: [(String, String)] = []
        if all { query.append(("all", "1")) }
        if !filters.isEmpty { query.append(("filters", filters.json)) }
        return try await call([ImageSummary].self, .GET, "/images/json", query: query)
    }

    /// Removes an image or one of its tags.
    @discardableResult
    public func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteItem] {
        var query: [(String, String)] = []
        if force { query.append(("force", "1")) }
        if noPrune { query.append(("noprune", "1")) }
        return try await call([ImageDeleteItem].self, .DELETE, Self.path("images", name), query: query)
    }

    /// Tags `name` as `repository:tag`.
    public func tagImage(_ name: String, repository: String, tag: String?) async throws {
        var query = [("repo", repository)]
        if let tag { query.append(("tag", tag)) }
        try await checked(.POST, Self.path("images", name, "tag"), query: query)
    }

    /// Pulls an image; the stream yields the engine's progress messages and throws
    /// `EngineError.stream` for an error reported mid-stream. `registryAuth` is the base64url
    /// JSON of the credentials (the `X-Registry-Auth` header).
    public func pullImage(
        _ image: String, tag: String?, platform: String?, registryAuth: String?
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        var query = [("fromImage", image)]
        if let tag { query.append(("tag", tag)) }
        if let platform { query.append(("platform", platform)) }
        let headers: [(String, String)] = registryAuth.map { [("X-Registry-Auth", $0)] } ?? []
        return try await progressStream(.POST, "/images/create", query: query, headers: headers)
    }

    /// Pushes an image; like `pullImage`. The engine requires `X-Registry-Auth`, so an empty
    /// credential (`{}`) is sent when none is given.
    public func pushImage(
        _ image: String, tag: String?, registryAuth: String?
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        let query: [(String, String)] = tag.map { [("tag", $0)] } ?? []
        return try await progressStream(
            .POST, Self.path("images", image, "push"), query: query, headers: [("X-Registry-Auth", registryAuth ?? "e30=")])
    }

    /// Builds an image from a tar context (`POST /build`) sent with chunked encoding as
    /// `context` produces it. Yields the build's messages (`stream` text, `aux.ID`).
    public func buildImage(
        _ options: BuildOptions,
        context: @escaping @Sendable (_ write: @Sendable ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        let body = RequestBody.stream { write in
            try await context { bytes in
                var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                try await write(buffer)
            }
        }
        var headers = [("Content-Type", "application/x-tar")]
        if let auth = options.registryConfig { headers.append(("X-Registry-Config", auth)) }
        return try await progressStream(.POST, "/build", query: options.query, body: body, headers: headers)
    }

    func progressStream(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: RequestBody = .none, headers: [(String, String)]
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        let call = EngineCall(method: method.rawValue, path: path)
        let (_, bytes) = try await stream(method, path, query: query, body: body, headers: headers)
        return decoded(bytes, with: ProgressDecoder(call: call))
    }

    // MARK: - Events

    /// Subscribes to `/events`: a stream that stays open (unless `until` is given) on its own
    /// connection. Filters: `type`, `event`, `container`, `label`, `network`, …
    public func events(
        since: String?, until: String?, filters: Filters
    ) async throws -> AsyncThrowingStream<EngineEvent, any Error> {
        var query: [(String, String)] = []
        if let since { query.append(("since", since)) }
        if let until { query.append(("until", until)) }
        if !filters.isEmpty { query.append(("filters", filters.json)) }
        let (_, bytes) = try await stream(.GET, "/events", query: query)
        return decoded(bytes, with: JSONLinesDecoder(EngineEvent.self))
    }
}

/// Options of `POST /build`.
public struct BuildOptions: Sendable {
    /// `name:tag` references for the result.
    public var tags: [String] = []
    /// The Dockerfile's path inside the context.
    public var dockerfile: String?
    public var buildArgs: [String: String] = [:]
    public var labels: [String: String] = [:]
    public var target: String?
    public var noCache = false
    /// Always attempt to pull the base image (off by default: base images are local here).
    public var pull = false
    public var networkMode: String?
    public var platform: String?
    /// Base64 JSON of registry credentials (`X-Registry-Config`).
    public var registryConfig: String?
    /// Images to consider as cache sources.
    public var cacheFrom: [String] = []
    /// `host:ip` entries for /etc/hosts during the build.
    public var extraHosts: [String] = []
    /// /dev/shm size of the build containers, in bytes.
    public var shmSize: Int64?
    /// Remove intermediate containers even after a failed step.
    public var forceRemove = true

    public init(tags: [String] = []) {
        self.tags = tags
    }

    var query: [(String, String)] {
        var query: [(String, String)] = tags.map { ("t", $0) }
        if let dockerfile { query.append(("dockerfile", dockerfile)) }
        if !buildArgs.isEmpty { query.append(("buildargs", Self.object(buildArgs))) }
        if !labels.isEmpty { query.append(("labels", Self.object(labels))) }
        if let target { query.append(("target", target)) }
        if noCache { query.append(("nocache", "1")) }
        if pull { query.append(("pull", "1")) }
        if let networkMode { query.append(("networkmode", networkMode)) }
        if let platform { query.append(("platform", platform)) }
        if !cacheFrom.isEmpty { query.append(("cachefrom", "[" + cacheFrom.map(Filters.quote).joined(separator: ",") + "]")) }
        for host in extraHosts { query.append(("extrahosts", host)) }
        if let shmSize { query.append(("shmsize", String(shmSize))) }
        query.append(("rm", "1"))
        if forceRemove { query.append(("forcerm", "1")) }
        return query
    }

    private static func object(_ map: [String: String]) -> String {
        "{" + map.keys.sorted().map { "\(Filters.quote($0)):\(Filters.quote(map[$0] ?? ""))" }.joined(separator: ",") + "}"
    }
}

/// JSON lines of a progress stream; an `error` line becomes `EngineError.stream`.
struct ProgressDecoder: StreamDecoder {
    let call: EngineCall
    var lines = JSONLinesDecoder(ProgressMessage.self)
    /// An error line seen after other messages of the same chunk: those are delivered first,
    /// the error on the next call.
    var pendingError: EngineError?

    mutating func feed(_ chunk: ByteBuffer) throws -> [ProgressMessage] {
        if let pendingError { throw pendingError }
        return try check(lines.feed(chunk))
    }

    mutating func finish() throws -> [ProgressMessage] {
        if let pendingError { throw pendingError }
        // What is left is at most one unterminated line: an error there is thrown at once.
        return try check(lines.finish())
    }

    private mutating func check(_ messages: [ProgressMessage]) throws -> [ProgressMessage] {
        for (i, message) in messages.enumerated() {
            if let error = message.errorDetail?.message ?? message.error {
                let failure = EngineError.stream(call: call, message: error.trimmingCharacters(in: .whitespacesAndNewlines))
                if i == 0 { throw failure }
                pendingError = failure
                return Array(messages[..<i])
            }
        }
        return messages
    }
}
