/// A top-level secret.
public typealias SecretConfig = FileObjectConfig
/// A top-level config.
public typealias ConfigObjConfig = FileObjectConfig

/// What a dependent service waits for (`depends_on.<svc>.condition`).
public enum DependencyCondition: String, Sendable, Hashable, Codable, CaseIterable {
    case serviceStarted = "service_started"
    case serviceHealthy = "service_healthy"
    case serviceCompletedSuccessfully = "service_completed_successfully"
}

/// A `ulimits` entry: one value for both limits, or a soft/hard pair.
/// Encodes as a bare integer when `single` is set, else as `{soft, hard}`.
public struct UlimitsConfig: Sendable, Hashable, Codable {
    public var single: Int?
    public var soft: Int?
    public var hard: Int?
    /// `x-*` extension fields (object form only).
    public var extensions: [String: JSONValue]

    public init(single: Int? = nil, soft: Int? = nil, hard: Int? = nil, extensions: [String: JSONValue] = [:]) {
        self.single = single
        self.soft = soft
        self.hard = hard
        self.extensions = extensions
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case soft, hard }

    public func encode(to encoder: any Encoder) throws {
        if let single {
            var c = encoder.singleValueContainer()
            try c.encode(single)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(soft, forKey: .soft)
        try c.encodeIfPresent(hard, forKey: .hard)
        try encodeExtensions(extensions, to: encoder)
    }

    public init(from decoder: any Decoder) throws {
        if let value = try? decoder.singleValueContainer().decode(Int.self) {
            self.init(single: value)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            soft: try c.decodeIfPresent(Int.self, forKey: .soft),
            hard: try c.decodeIfPresent(Int.self, forKey: .hard),
            extensions: try decodeExtensions(from: decoder)
        )
    }
}

/// `extra_hosts`: host name → addresses, in the order written.
/// Encodes as a list of `host=ip` strings (hosts sorted), as `docker compose config` prints it.
public struct ExtraHosts: Sendable, Hashable, Codable, ExpressibleByDictionaryLiteral {
    public var entries: [String: [String]]

    public init(_ entries: [String: [String]] = [:]) {
        self.entries = entries
    }

    public init(dictionaryLiteral elements: (String, [String])...) {
        var e: [String: [String]] = [:]
        for (k, v) in elements { e[k, default: []] += v }
        entries = e
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// `host=ip` lines, hosts sorted, addresses in order.
    public var list: [String] {
        entries.keys.sorted().flatMap { host in (entries[host] ?? []).map { "\(host)=\($0)" } }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(list)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let map = try? c.decode([String: [String]].self) {
            entries = map
            return
        }
        var e: [String: [String]] = [:]
        for item in try c.decode([String].self) {
            let sep = item.firstIndex(of: "=") ?? item.firstIndex(of: ":")
            guard let sep else { continue }
            e[String(item[..<sep]), default: []].append(String(item[item.index(after: sep)...]))
        }
        entries = e
    }
}

/// Loader facts about a project that are not part of its `config` encoding.
public struct ProjectContext: Sendable, Hashable, Codable {
    /// The project directory (absolute).
    public var workingDir: String
    /// The compose files read, in order (absolute; `-` for stdin).
    public var configFiles: [String]
    /// The project environment used for interpolation (OS + env files).
    public var environment: [String: String]
    /// The env files read for the project environment.
    public var envFiles: [String]
    /// The profiles enabled for this load.
    public var profiles: [String]

    public init(
        workingDir: String,
        configFiles: [String] = [],
        environment: [String: String] = [:],
        envFiles: [String] = [],
        profiles: [String] = []
    ) {
        self.workingDir = workingDir
        self.configFiles = configFiles
        self.environment = environment
        self.envFiles = envFiles
        self.profiles = profiles
    }
}

extension Project {
    /// Service names, sorted.
    public var serviceNames: [String] { services.keys.sorted() }
    /// Network keys, sorted.
    public var networkNames: [String] { networks.keys.sorted() }
    /// Volume keys, sorted.
    public var volumeNames: [String] { volumes.keys.sorted() }
    /// Secret keys, sorted.
    public var secretNames: [String] { secrets.keys.sorted() }
    /// Config keys, sorted.
    public var configNames: [String] { configs.keys.sorted() }

    /// The service with this name, if any.
    public func service(named name: String) -> Service? { services[name] }
}

extension Service {
    /// How many containers to run: `scale`, else `deploy.replicas`, else 1.
    public var effectiveScale: Int { scale ?? deploy?.replicas ?? 1 }

    /// Names of the services this one depends on (from `depends_on`, implicit ones included), sorted.
    public var dependencies: [String] { dependsOn.keys.sorted() }

    /// Names of the networks this service joins, sorted.
    public var networkNames: [String] { networks.keys.sorted() }

    /// The service this one shares a namespace with through `network_mode: service:x`, if any.
    public var networkModeService: String? {
        guard let mode = networkMode, mode.hasPrefix("service:") else { return nil }
        return String(mode.dropFirst("service:".count))
    }
}
