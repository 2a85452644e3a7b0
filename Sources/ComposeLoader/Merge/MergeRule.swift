/// The special merge rules of the Compose merge algorithm, by path pattern
/// (compose-file-semantics §4.2, first table).
enum MergeRule: Equatable {
    /// Override keys win, sequences append, scalars replace, `null` keeps the base.
    case generic
    /// The override replaces the base, even when it is `null`.
    case replace
    /// A string is `{context: s}` on both sides, then a mapping merge.
    case build
    /// A list becomes `{name: {condition: service_started, required: true}}`, then a mapping merge.
    case dependsOn
    /// A list becomes `{name: null}`, then a mapping merge (service networks and models).
    case namedList
    /// A mapping becomes a sorted list of `k=v` (`k` for null), a string `[s]`; then append.
    case toSequence
    /// As `toSequence`, appending only override items not already present exactly.
    case extraHosts
    /// Mapping merge when drivers agree or one is missing; otherwise the override replaces.
    case logging
    /// Sequence entries merged by `subnet`.
    case ipamConfig

    static func forPath(_ s: [String]) -> MergeRule {
        switch s.count {
        case 3 where s[0] == "services":
            switch s[2] {
            case "command", "entrypoint": return .replace
            case "build": return .build
            case "depends_on": return .dependsOn
            case "networks", "models": return .namedList
            case "environment", "labels", "annotations", "sysctls", "tmpfs", "env_file", "label_file",
                "dns", "dns_opt", "dns_search":
                return .toSequence
            case "extra_hosts": return .extraHosts
            case "logging": return .logging
            default: return .generic
            }
        case 3 where (s[0] == "networks" || s[0] == "volumes") && s[2] == "labels":
            return .toSequence
        case 4 where s[0] == "services":
            switch (s[2], s[3]) {
            case ("healthcheck", "test"): return .replace
            case ("build", "args"), ("build", "labels"), ("build", "additional_contexts"), ("deploy", "labels"):
                return .toSequence
            case ("build", "extra_hosts"): return .extraHosts
            case ("ulimits", _): return .replace
            default: return .generic
            }
        case 4 where s[0] == "networks" && s[2] == "ipam" && s[3] == "config":
            return .ipamConfig
        case 5 where s[0] == "services" && s[2] == "volumes" && s[4] == "volume":
            return .generic
        case 6 where s[0] == "services" && s[2] == "volumes" && s[4] == "volume" && s[5] == "labels":
            return .toSequence
        default:
            return .generic
        }
    }

    /// Mappings whose keys are user-chosen names: there an `x-` key is an ordinary entry and is
    /// merged like any other. Elsewhere an `x-` key is an extension and is replaced as a whole.
    static func isUserKeyed(_ s: [String]) -> Bool {
        switch s.count {
        case 1:
            switch s[0] {
            case "services", "networks", "volumes", "secrets", "configs", "models": return true
            default: return false
            }
        case 3 where s[0] == "services":
            switch s[2] {
            case "networks", "depends_on", "models", "ulimits": return true
            default: return false
            }
        default:
            return false
        }
    }
}
