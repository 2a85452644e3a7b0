import YAMLSyntax

/// What compose-go does to an included project before importing it: each `environment` list
/// entry with no value (`- NAME`) takes its value from the include's own environment (the
/// including project's, then the include's `env_file`s or its `.env`), becoming `NAME=value`.
///
/// Only the list form: a mapping entry with no value (`NAME:`) is left for the including
/// project's environment, as compose-go leaves it (checked against Compose v2.40.3; see
/// ComposeV2LoaderAgreementTests.includeEnvFileFillsListEntriesOnly). An unset name stays
/// valueless too.
enum IncludeEnvironment {
    static func resolve(_ root: Node, env: [String: String]) -> Node {
        root.updating { key, services in
            guard key == "services" else { return services }
            return services.updatingEach { service in
                service.updating { key, value in
                    guard key == "environment" else { return value }
                    return value.updatingItems { item in
                        guard let name = item.scalar, !item.isNull, !name.contains("="), let found = env[name] else { return item }
                        var out = item
                        out.content = .scalar("\(name)=\(found)", .doubleQuoted)
                        return out
                    }
                }
            }
        }
    }
}
