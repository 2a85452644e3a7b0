import NIOCore
import NIOHTTP1

extension EngineClient {
    // MARK: - Swarm membership

    /// `GET /info`, the parts Berth reads (swarm state among them).
    public func info() async throws -> SystemInfo {
        try await call(SystemInfo.self, .GET, "/info")
    }

    /// `GET /nodes`.
    public func listNodes(filters: Filters = Filters()) async throws -> [SwarmNode] {
        try await call([SwarmNode].self, .GET, "/nodes", query: Self.filterQuery(filters))
    }

    // MARK: - Services

    /// `GET /services`, with the replica counts unless `status` is false (the engine reads
    /// every task of the listed services to count them).
    public func listServices(filters: Filters = Filters(), status: Bool = true) async throws -> [SwarmService] {
        try await call([SwarmService].self, .GET, "/services", query: Self.filterQuery(filters) + (status ? [("status", "true")] : []))
    }

    /// `GET /services/{id}`.
    public func inspectService(_ id: String) async throws -> SwarmService {
        try await call(SwarmService.self, .GET, Self.path("services", id), query: [("insertDefaults", "false")])
    }

    /// `POST /services/create`; `.conflict` when the name exists.
    public func createService(_ spec: ServiceSpec) async throws -> SwarmCreateResponse {
        try await call(SwarmCreateResponse.self, .POST, "/services/create", body: json(spec))
    }

    /// `POST /services/{id}/update?version=N`: replaces the whole spec. `version` is the
    /// `Version.Index` the spec was read at; a stale one is refused by the engine.
    public func updateService(_ id: String, version: UInt64, spec: ServiceSpec, rollback: Bool = false) async throws -> ServiceUpdateResponse {
        var query = [("version", String(version))]
        if rollback { query.append(("rollback", "previous")) }
        return try await call(ServiceUpdateResponse.self, .POST, Self.path("services", id, "update"), query: query, body: json(spec))
    }

    /// `DELETE /services/{id}`.
    public func removeService(_ id: String) async throws {
        try await checked(.DELETE, Self.path("services", id))
    }

    // MARK: - Tasks

    /// `GET /tasks`, e.g. filtered by `service`, `label`, `desired-state`.
    public func listTasks(filters: Filters = Filters()) async throws -> [SwarmTask] {
        try await call([SwarmTask].self, .GET, "/tasks", query: Self.filterQuery(filters))
    }

    // MARK: - Secrets and configs

    /// `GET /secrets`.
    public func listSecrets(filters: Filters = Filters()) async throws -> [SwarmObject] {
        try await call([SwarmObject].self, .GET, "/secrets", query: Self.filterQuery(filters))
    }

    /// `POST /secrets/create`; `.conflict` when the name exists.
    public func createSecret(_ spec: SwarmObjectSpec) async throws -> SwarmCreateResponse {
        try await call(SwarmCreateResponse.self, .POST, "/secrets/create", body: json(spec))
    }

    /// `DELETE /secrets/{id}`; `.conflict`-like 400 while a service still uses it.
    public func removeSecret(_ id: String) async throws {
        try await checked(.DELETE, Self.path("secrets", id))
    }

    /// `GET /configs`.
    public func listConfigs(filters: Filters = Filters()) async throws -> [SwarmObject] {
        try await call([SwarmObject].self, .GET, "/configs", query: Self.filterQuery(filters))
    }

    /// `POST /configs/create`.
    public func createConfig(_ spec: SwarmObjectSpec) async throws -> SwarmCreateResponse {
        try await call(SwarmCreateResponse.self, .POST, "/configs/create", body: json(spec))
    }

    /// `DELETE /configs/{id}`.
    public func removeConfig(_ id: String) async throws {
        try await checked(.DELETE, Self.path("configs", id))
    }

    static func filterQuery(_ filters: Filters) -> [(String, String)] {
        filters.isEmpty ? [] : [("filters", filters.json)]
    }
}
