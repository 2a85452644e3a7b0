import ComposeModel
import EngineClient

/// What a compose project becomes on Swarm: networks, secrets, configs and service specs,
/// before names of engine objects are resolved to IDs.
public struct DesiredStack: Sendable, Hashable {
    /// A network the stack needs.
    public struct NetworkItem: Sendable, Hashable {
        /// The key in the file.
        public var key: String
        /// The engine name (`<stack>_<key>` unless `name:` says otherwise).
        public var name: String
        /// True when it must exist already.
        public var external: Bool
        /// What to create when missing (nil when external).
        public var create: NetworkCreateRequest?
    }

    /// A secret or config, named by its content hash.
    public struct ObjectItem: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case secret, config }
        public var kind: Kind
        public var key: String
        /// The versioned engine name (for external objects, the name as written).
        public var name: String
        public var external: Bool
        /// The spec to create (nil when external).
        public var spec: SwarmObjectSpec?
    }

    /// One compose service as a Swarm service.
    public struct ServiceItem: Sendable, Hashable {
        /// The key in the file.
        public var key: String
        /// Its spec; network targets, secret and config references hold names until resolved.
        public var spec: ServiceSpec
        /// True for replicated-job and global-job.
        public var isJob: Bool
    }

    public var stack: String
    public var networks: [NetworkItem]
    public var objects: [ObjectItem]
    public var services: [ServiceItem]
    /// Warnings (or errors, with `strict`) found while converting, each with its dotted path.
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}
