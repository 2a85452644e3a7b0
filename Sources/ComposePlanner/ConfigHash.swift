import ComposeModel

/// Berth's config hashes: lowercase hex SHA-256 of the canonical encoding of a normalised
/// service, network or volume. Stable across runs and independent of key order. They are not
/// byte-compatible with Compose v2's hashes (DESIGN.md), so a project created by `docker compose`
/// is recreated once by Berth, and the reverse.
public enum ConfigHash {
    /// The service as it is hashed: minus `build`, `pull_policy`, `scale`, `deploy.replicas`,
    /// `depends_on`, `profiles` and every `x-*` extension. None of these change what runs in
    /// the container (or the planner handles them itself: scale, dependencies).
    public static func normalised(_ service: Service) -> Service {
        var s = service
        s.build = nil
        s.pullPolicy = nil
        s.scale = nil
        s.dependsOn = [:]
        s.profiles = []
        s.extensions = [:]
        if var deploy = s.deploy {
            deploy.replicas = nil
            deploy.extensions = [:]
            // `deploy: {replicas: 3}` and no deploy at all must hash the same.
            s.deploy = deploy == DeployConfig() ? nil : deploy
        }
        return s
    }

    /// The canonical JSON that `hash(_:)` digests.
    public static func canonical(_ service: Service) -> CanonicalJSON {
        canonicalValue(normalised(service))
    }

    /// The value of the `com.docker.compose.config-hash` label for a service's containers.
    public static func hash(_ service: Service) -> String {
        SHA256.hexDigest(canonical(service).bytes)
    }

    /// The config hash of a network (the `com.docker.compose.config-hash` network label).
    public static func hash(network: NetworkConfig) -> String {
        var n = network
        n.extensions = [:]
        return SHA256.hexDigest(canonicalValue(n).bytes)
    }

    /// The config hash of a volume; an unset driver counts as `local`, as the engine does.
    public static func hash(volume: VolumeConfig) -> String {
        var v = volume
        v.extensions = [:]
        if v.driver == nil || v.driver == "" { v.driver = "local" }
        return SHA256.hexDigest(canonicalValue(v).bytes)
    }

    /// The dotted paths of the hashed configuration that differ between two versions of a
    /// service (`environment.MODE`, `image`, `ports`), sorted. Empty when they hash the same.
    public static func changedFields(old: Service, new: Service) -> [String] {
        CanonicalJSON.differences(canonical(old), canonical(new))
    }

    /// The model types encode only strings, numbers, booleans and containers, so encoding
    /// cannot fail for them; a failure would be a model bug, hashed as an error marker rather
    /// than crashing a run.
    private static func canonicalValue(_ value: some Encodable) -> CanonicalJSON {
        do {
            return try CanonicalEncoder().encodeValue(value)
        } catch {
            return .string("unencodable: \(error)")
        }
    }
}
