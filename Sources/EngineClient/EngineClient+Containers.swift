import Foundation
import NIOCore
import NIOHTTP1

/// The body of `POST /containers/create`: the container config plus host and network config.
public struct ContainerCreateRequest: Encodable, Sendable {
    /// The container's own configuration (image, command, env, labels, healthcheck…).
    public var config: ContainerConfig
    /// How the host runs it.
    public var hostConfig: HostConfig?
    /// Networks to connect at create time.
    public var networkingConfig: NetworkingConfig?

    public init(config: ContainerConfig, hostConfig: HostConfig? = nil, networkingConfig: NetworkingConfig? = nil) {
        self.config = config
        self.hostConfig = hostConfig
        self.networkingConfig = networkingConfig
    }

    private enum Extra: String, CodingKey {
        case hostConfig = "HostConfig"
        case networkingConfig = "NetworkingConfig"
    }

    public func encode(to encoder: any Encoder) throws {
        // Docker wants the config fields at the top level, beside HostConfig.
        try config.encode(to: encoder)
        var container = encoder.container(keyedBy: Extra.self)
        try container.encodeIfPresent(hostConfig, forKey: .hostConfig)
        try container.encodeIfPresent(networkingConfig, forKey: .networkingConfig)
    }
}

/// When `wait` returns.
public enum WaitCondition: String, Sendable {
    case notRunning = "not-running"
    case nextExit = "next-exit"
    case removed
}

extension EngineClient {
    static func path(_ components: String...) -> String {
        "/" + components.map { percentEncodePath($0) }.joined(separator: "/")
    }

    /// Encodes one path segment (names with `/`, like image references, keep their slashes).
    static func percentEncodePath(_ segment: String) -> String {
        segment.split(separator: "/", omittingEmptySubsequences: false).map { percentEncode(String($0)) }.joined(separator: "/")
    }

    // MARK: - Containers

    /// Creates a container (`POST /containers/create`). Returns its ID and warnings.
    /// Throws `.conflict` when the name is taken, `.notFound` when the image is missing.
    public func createContainer(name: String?, platform: String?, _ request: ContainerCreateRequest) async throws -> CreateResponse {
        var query: [(String, String)] = []
        if let name { query.append(("name", name)) }
        if let platform { query.append(("platform", platform)) }
        return try await call(CreateResponse.self, .POST, "/containers/create", query: query, body: json(request))
    }

    /// Starts a container; starting a running container is not an error.
    public func startContainer(_ id: String) async throws {
        try await checked(.POST, Self.path("containers", id, "start"))
    }

    /// Stops a container, killing it after `timeout` seconds (the container's own default when nil).
    public func stopContainer(_ id: String, timeout: Int?, signal: String?) async throws {
        var query: [(String, String)] = []
        if let timeout { query.append(("t", String(timeout))) }
        if let signal { query.append(("signal", signal)) }
        try await checked(.POST, Self.path("containers", id, "stop"), query: query, timeout: stopBudget(timeout))
    }

    /// Restarts a container.
    public func restartContainer(_ id: String, timeout: Int?) async throws {
        let query: [(String, String)] = timeout.map { [("t", String($0))] } ?? []
        try await checked(.POST, Self.path("containers", id, "restart"), query: query, timeout: stopBudget(timeout))
    }

    private func stopBudget(_ seconds: Int?) -> Duration {
        requestTimeout + .seconds(seconds ?? 10)
    }

    /// Sends a signal (`SIGKILL` when nil).
    public func killContainer(_ id: String, signal: String?) async throws {
        let query: [(String, String)] = signal.map { [("signal", $0)] } ?? []
        try await checked(.POST, Self.path("containers", id, "kill"), query: query)
    }

    /// Pauses a container.
    public func pauseContainer(_ id: String) async throws {
        try await checked(.POST, Self.path("containers", id, "pause"))
    }

    /// Unpauses a container.
    public func unpauseContainer(_ id: String) async throws {
        try await checked(.POST, Self.path("containers", id, "unpause"))
    }

    /// Removes a container; `volumes` also removes its anonymous volumes, `force` kills it first.
    public func removeContainer(_ id: String, volumes: Bool, force: Bool) async throws {
        var query: [(String, String)] = []
        if volumes { query.append(("v", "1")) }
        if force { query.append(("force", "1")) }
        try await checked(.DELETE, Self.path("containers", id), query: query)
    }

    /// Inspects a container (`.notFound` when there is none).
    public func inspectContainer(_ id: String) async throws -> ContainerInspect {
        try await call(ContainerInspect.self, .GET, Self.path("containers", id, "json"))
    }

    /// Lists containers (`all` includes stopped ones), e.g. filtered by label.
    public func listContainers(all: Bool, filters: Filters) async throws -> [ContainerSummary] {
        var query: [(String, String)] = []
        if all { query.append(("all", "1")) }
        if !filters.isEmpty { query.append(("filters", filters.json)) }
        return try await call([ContainerSummary].self, .GET, "/containers/json", query: query)
    }

    /// Renames a container.
    public func renameContainer(_ id: String, to name: String) async throws {
        try await checked(.POST, Self.path("containers", id, "rename"), query: [("name", name)])
    }

    /// Waits until the container meets `condition` and returns its exit code. Holds its own
    /// connection and has no time limit (cancel the task to stop waiting).
    public func waitContainer(_ id: String, condition: WaitCondition) async throws -> ContainerWaitResponse {
        try await call(
            ContainerWaitResponse.self, .POST, Self.path("containers", id, "wait"), query: [("condition", condition.rawValue)],
            dedicated: true)
    }

    /// The processes running in a container.
    public func topContainer(_ id: String, psArgs: String?) async throws -> ContainerTop {
        let query: [(String, String)] = psArgs.map { [("ps_args", $0)] } ?? []
        return try await call(ContainerTop.self, .GET, Self.path("containers", id, "top"), query: query)
    }

    /// One resource usage snapshot (`stream=false`).
    public func containerStats(_ id: String) async throws -> ContainerStats {
        try await call(ContainerStats.self, .GET, Self.path("containers", id, "stats"), query: [("stream", "false")])
    }

    // MARK: - Archive

    /// Extracts a tar archive into the container at `path` (`PUT /containers/{id}/archive`).
    /// `copyUIDGID` makes the files owned by the container's user.
    public func putArchive(_ id: String, path: String, tar: [UInt8], noOverwriteDirNonDir: Bool, copyUIDGID: Bool) async throws {
        var buffer = ByteBufferAllocator().buffer(capacity: tar.count)
        buffer.writeBytes(tar)
        var query = [("path", path)]
        if noOverwriteDirNonDir { query.append(("noOverwriteDirNonDir", "1")) }
        if copyUIDGID { query.append(("copyUIDGID", "1")) }
        try await checked(
            .PUT, Self.path("containers", id, "archive"), query: query, body: .bytes(buffer),
            headers: [("Content-Type", "application/x-tar")])
    }

    /// A tar archive of `path` in the container (`GET /containers/{id}/archive`).
    public func getArchive(_ id: String, path: String) async throws -> [UInt8] {
        let response = try await checked(.GET, Self.path("containers", id, "archive"), query: [("path", path)])
        return Array(response.body.readableBytesView)
    }
}
