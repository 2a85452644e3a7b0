/// Identifies an action within one plan.
public struct ActionID: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Position in the order the planner added actions (1-based).
    public let rawValue: Int
    /// An ID from its number.
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(Int.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public static func < (a: ActionID, b: ActionID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// A container an action is about. `id` is `nil` for a container this plan creates; the
/// runtime then knows it by `name` once created.
public struct ContainerTarget: Sendable, Hashable, Codable {
    /// The service it belongs to.
    public var service: String
    /// `nil` for a container without a valid number label (an orphan, a stray).
    public var number: Int?
    /// The container's name (for a recreate: the final name).
    public var name: String
    /// Engine ID of an existing container.
    public var id: String?

    /// A target from its parts.
    public init(service: String, number: Int?, name: String, id: String?) {
        self.service = service
        self.number = number
        self.name = name
        self.id = id
    }
}

/// What an action does.
public enum PlanActionKind: Sendable, Hashable, Codable {
    /// Create a project network (`key` in `networks`, `name` on the engine).
    case createNetwork(key: String, name: String)
    /// Remove a network (`down`, or before recreating one whose config changed).
    case removeNetwork(key: String?, name: String, id: String)
    /// Create a project volume.
    case createVolume(key: String, name: String)
    /// Remove a volume (`down -v`).
    case removeVolume(key: String?, name: String)
    /// Create a new container (`container.id` is nil).
    case createContainer(ContainerTarget)
    /// Replace `container` (whose `id` is the old one): create the new one under
    /// `temporaryName`, stop and remove the old one, rename the new one to `container.name`.
    /// The new container exists before the old one goes. Anonymous volumes of the old
    /// container are carried over unless `renewAnonymousVolumes`.
    case recreateContainer(ContainerTarget, temporaryName: String, renewAnonymousVolumes: Bool)
    /// Give a container its proper name (left under a temporary name by an interrupted recreate).
    case renameContainer(ContainerTarget, from: String)
    /// Start a container (created by this plan, or found created/exited).
    case startContainer(ContainerTarget)
    /// Unpause a paused container.
    case unpauseContainer(ContainerTarget)
    /// Stop a container.
    case stopContainer(ContainerTarget)
    /// Restart a container (`restart`).
    case restartContainer(ContainerTarget)
    /// Remove a (stopped) container; `removeVolumes` removes its anonymous volumes too.
    case removeContainer(ContainerTarget, removeVolumes: Bool)
}

/// One step of a plan, with why it is there and what must be done before it.
public struct PlanAction: Sendable, Hashable, Codable, Identifiable {
    /// This action's handle in `after` lists.
    public let id: ActionID
    /// What it does.
    public var kind: PlanActionKind
    /// Why, in words: "not found", "config changed: environment.MODE", "scaled 3 → 1".
    public var reason: String
    /// Actions that must have finished first.
    public var after: [ActionID]

    /// An action from its parts.
    public init(id: ActionID, kind: PlanActionKind, reason: String, after: [ActionID] = []) {
        self.id = id
        self.kind = kind
        self.reason = reason
        self.after = after
    }

    /// The container this action is about, if any.
    public var container: ContainerTarget? {
        switch kind {
        case .createNetwork, .removeNetwork, .createVolume, .removeVolume: return nil
        case .createContainer(let c), .recreateContainer(let c, _, _), .renameContainer(let c, _),
            .startContainer(let c), .unpauseContainer(let c), .stopContainer(let c), .restartContainer(let c), .removeContainer(let c, _):
            return c
        }
    }

    /// The service this action is about, if any.
    public var service: String? { container?.service }

    /// The verb: create, recreate, rename, start, unpause, stop, restart, remove.
    public var verb: String {
        switch kind {
        case .createNetwork, .createVolume, .createContainer: "create"
        case .recreateContainer: "recreate"
        case .renameContainer: "rename"
        case .startContainer: "start"
        case .unpauseContainer: "unpause"
        case .stopContainer: "stop"
        case .restartContainer: "restart"
        case .removeNetwork, .removeVolume, .removeContainer: "remove"
        }
    }

    /// What it acts on: `network p_default`, `volume p_data`, `container p-web-1`.
    public var subject: String {
        switch kind {
        case .createNetwork(_, let name), .removeNetwork(_, let name, _): "network \(name)"
        case .createVolume(_, let name), .removeVolume(_, let name): "volume \(name)"
        case .renameContainer(let c, let from): "container \(from) to \(c.name)"
        default: "container \(container?.name ?? "")"
        }
    }

    /// One line: `create container p-web-1 (not found)`.
    public var line: String {
        reason.isEmpty ? "\(verb) \(subject)" : "\(verb) \(subject) (\(reason))"
    }
}

/// The actions that take the engine from what it runs to what the project asks for. `actions`
/// is in a valid order (every action after those in its `after`); the `after` edges form a DAG
/// the runtime may walk in parallel. Codable, for `berth plan --format json`.
public struct Plan: Sendable, Hashable, Codable {
    /// The project name.
    public var project: String
    /// In a valid order.
    public var actions: [PlanAction]
    /// Things worth telling the user that are not actions (orphans left, foreign networks).
    public var warnings: [String]
    /// `-t/--timeout` for stops, seconds; `nil`: the container's `stop_grace_period`/engine default.
    public var stopTimeout: Int?

    /// A plan from its parts (the planner builds them; tests and replays may too).
    public init(project: String, actions: [PlanAction] = [], warnings: [String] = [], stopTimeout: Int? = nil) {
        self.project = project
        self.actions = actions
        self.warnings = warnings
        self.stopTimeout = stopTimeout
    }

    /// Nothing to do.
    public var isEmpty: Bool { actions.isEmpty }

    /// The action with this ID.
    public func action(_ id: ActionID) -> PlanAction? { actions.first { $0.id == id } }

    /// The plan as text, one action per line in order (`create container p-web-1 (not
    /// found)`), for `berth plan` and `up --dry-run`.
    public func render() -> [String] {
        actions.map(\.line)
    }
}
