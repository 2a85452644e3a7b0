import ComposeModel

/// Config hashes byte-identical to Docker Compose v2's: the lowercase hex SHA-256 of the JSON
/// that compose-go's types encode to (`ComposeV2JSON`), of a service minus what Compose clears
/// before hashing (docker/compose `pkg/compose/hash.go`), of a network, of a volume whose unset
/// driver counts as `local`. So `docker compose up` and `berth up` on the same file recreate
/// nothing of each other's.
public enum ConfigHash {
    /// The service as it is hashed: minus `build`, `pull_policy`, `scale`, `deploy.replicas`,
    /// `depends_on`, `profiles` and every `x-*` extension, as Compose v2 clears them. None of
    /// these change what runs in the container (or the planner handles them itself). A `deploy`
    /// left empty stays: Compose hashes it as `{"resources":{},"placement":{}}`.
    public static func normalised(_ service: Service) -> Service {
        var s = service
        s.build = nil
        s.pullPolicy = nil
        s.scale = nil
        s.dependsOn = [:]
        s.profiles = []
        s.extensions = [:]
        s.deploy?.replicas = nil
        return s
    }

    /// The canonical JSON that `hash(_:)` digests.
    public static func canonical(_ service: Service) -> CanonicalJSON {
        canonicalValue(normalised(service))
    }

    /// The exact text Compose v2 hashes for this service.
    public static func hashedText(_ service: Service) -> [UInt8] {
        ComposeV2JSON.compact(canonical(service), shape: "ServiceConfig")
    }

    /// The value of the `com.docker.compose.config-hash` label for a service's containers.
    public static func hash(_ service: Service) -> String {
        SHA256.hexDigest(hashedText(service))
    }

    /// The exact text Compose v2 hashes for this network.
    public static func hashedText(network: NetworkConfig) -> [UInt8] {
        ComposeV2JSON.compact(canonicalValue(network), shape: "NetworkConfig")
    }

    /// The config hash of a network (the `com.docker.compose.config-hash` network label).
    public static func hash(network: NetworkConfig) -> String {
        SHA256.hexDigest(hashedText(network: network))
    }

    /// The exact text Compose v2 hashes for this volume; an unset driver counts as `local`.
    public static func hashedText(volume: VolumeConfig) -> [UInt8] {
        var v = volume
        if v.driver == nil || v.driver == "" { v.driver = "local" }
        return ComposeV2JSON.compact(canonicalValue(v), shape: "VolumeConfig")
    }

    /// The config hash of a volume (the `com.docker.compose.config-hash` volume label).
    public static func hash(volume: VolumeConfig) -> String {
        SHA256.hexDigest(hashedText(volume: volume))
    }

    /// The dotted paths of the hashed configuration that differ between two versions of a
    /// service (`environment.MODE`, `image`, `ports`), sorted. Empty when they hash the same.
    public static func changedFields(old: Service, new: Service) -> [String] {
        CanonicalJSON.differences(canonical(old), canonical(new))
    }

    /// The model types encode only strings, numbers, booleans and containers, so encoding
    /// cannot fail for them; a failure would be a model bug, hashed as an error marker rather
    /// than crashing a run.
    private static func canonicalValue(_ value: some CanonicalValue & Encodable) -> CanonicalJSON {
        do {
            return try CanonicalEncoder().canonical(value)
        } catch {
            return .string("unencodable: \(error)")
        }
    }
}
