import ComposeModel

/// The configuration a container was created from, kept on it in a label of Berth's own: the
/// exact JSON its `com.docker.compose.config-hash` digests. With it a later plan names the
/// fields an edit changed ("config changed: environment.MODE") instead of only "config hash
/// changed", also after a restart of Berth and for another checkout of the same project.
public enum AppliedConfig {
    /// The label key (not one of Compose's; Compose ignores it).
    public static let label = "dev.berth.applied-config"

    /// The label value for a service's containers.
    public static func value(_ service: Service) -> String {
        String(decoding: ConfigHash.hashedText(service), as: UTF8.self)
    }

    /// Why a container whose config hash is not the expected one must be recreated, as
    /// precisely as its labels allow.
    static func reason(labels: [String: String], configHash: String?, image: String, service: Service) -> String {
        guard let configHash else { return "no config hash label" }
        if let applied = labels[label] {
            guard SHA256.hexDigest(Array(applied.utf8)) == configHash, let old = CanonicalJSON.parse(applied),
                let new = CanonicalJSON.parse(ConfigHash.hashedText(service))
            else {
                return "changed outside the compose file: its config hash is not that of the configuration Berth applied"
            }
            let fields = CanonicalJSON.differences(old, new)
            return fields.isEmpty ? "config hash changed" : "config changed: " + fields.joined(separator: ", ")
        }
        // Created by another tool (Docker Compose keeps no record of the configuration): name
        // what the container's own labels and image show.
        var fields: [String] = []
        if let wanted = service.image, !image.isEmpty, wanted != image, !image.hasPrefix("sha256:") { fields.append("image") }
        for key in service.labels.keys.sorted() where labels[key] != service.labels[key] {
            fields.append("labels." + key)
        }
        return fields.isEmpty ? "config hash changed" : "config changed: " + fields.joined(separator: ", ")
    }
}
