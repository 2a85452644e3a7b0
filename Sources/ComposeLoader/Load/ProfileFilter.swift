import ComposeModel

/// Profiles (spec 15): a service with no profiles is always on; otherwise it is on when one of
/// its profiles is active, when `*` is active, or when the command line names it.
enum ProfileFilter {
    static func isEnabled(_ service: Service, name: String, active: Set<String>, targeted: Set<String>) -> Bool {
        service.profiles.isEmpty || active.contains("*") || targeted.contains(name)
            || service.profiles.contains { active.contains($0) }
    }

    /// The project with only enabled services, and the disabled ones (for better messages).
    static func apply(_ project: Project, active: [String], targeted: [String]) -> (project: Project, disabled: [String: Service]) {
        let activeSet = Set(active)
        let targetSet = Set(targeted)
        var out = project
        var disabled: [String: Service] = [:]
        guard project.services.indices.contains(where: { !project.services.values[$0].profiles.isEmpty }) else { return (project, [:]) }
        for (name, service) in project.services where !isEnabled(service, name: name, active: activeSet, targeted: targetSet) {
            disabled[name] = service
            out.services[name] = nil
        }
        return (out, disabled)
    }
}
