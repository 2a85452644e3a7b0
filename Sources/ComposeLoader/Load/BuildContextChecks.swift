import ComposeModel
import YAMLSyntax

/// compose-go's checks on `build.additional_contexts: {name: service:OTHER}`: the other
/// service must exist and be buildable (its image is what the context refers to).
enum BuildContextChecks {
    static func serviceContexts(name: String, build: BuildConfig, project: Project, at: NodeLocator) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for key in build.additionalContexts.keys.sorted() {
            guard let value = build.additionalContexts[key], value.hasPrefix("service:") else { continue }
            let target = String(value.dropFirst("service:".count))
            let path = ["services", name, "build", "additional_contexts", key]
            let at = SourceLocation(at.mark(path))
            let dotted = "services.\(name).build.additional_contexts.\(key)"
            if let other = project.services[target] {
                if other.build == nil {
                    out.append(.error("service \"\(name)\" declares non-buildable service \"\(target)\" as additional contexts \(key): give \(target) a `build:` section", path: dotted, at: at))
                }
            } else {
                out.append(.error("service \"\(name)\" declares unknown service \"\(target)\" as additional contexts \(key): define it under `services:`", path: dotted, at: at))
            }
        }
        return out
    }
}
