import EngineClient

/// The engine's list and event filters, as far as Berth uses them.
enum FilterMatching {
    /// `label=key` or `label=key=value` against a label map.
    static func matchesLabels(_ filters: Filters, _ labels: [String: String]) -> Bool {
        for wanted in filters.values["label"] ?? [] {
            if let eq = wanted.firstIndex(of: "=") {
                let key = String(wanted[..<eq])
                let value = String(wanted[wanted.index(after: eq)...])
                if labels[key] != value { return false }
            } else if labels[wanted] == nil {
                return false
            }
        }
        return true
    }

    /// Every value list of `name` must contain a match (the engine ORs values within a key).
    static func any(_ filters: Filters, _ name: String, _ match: (String) -> Bool) -> Bool {
        guard let values = filters.values[name], !values.isEmpty else { return true }
        return values.contains(where: match)
    }

    static func container(_ filters: Filters, id: String, name: String, labels: [String: String], status: String) -> Bool {
        matchesLabels(filters, labels)
            && any(filters, "name") { name.contains($0) }
            && any(filters, "id") { id.hasPrefix($0) }
            && any(filters, "status") { $0 == status }
    }

    static func named(_ filters: Filters, id: String, name: String, labels: [String: String]) -> Bool {
        matchesLabels(filters, labels) && any(filters, "name") { name.contains($0) } && any(filters, "id") { id.hasPrefix($0) }
    }

    static func event(_ filters: Filters, _ event: EngineEvent) -> Bool {
        let attributes = event.actor?.attributes ?? [:]
        let id = event.actor?.id ?? ""
        return matchesLabels(filters, attributes)
            && any(filters, "type") { $0 == event.type }
            && any(filters, "event") { $0 == event.actionName }
            && any(filters, "container") { $0 == id || $0 == attributes["name"] }
            && any(filters, "network") { $0 == id || $0 == attributes["name"] }
    }
}
