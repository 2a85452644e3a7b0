import ComposeModel

/// How `up` (and `create`, `scale`, `start`) should converge; mirrors their flags.
public struct PlanOptions: Sendable, Hashable {
    /// `--scale SERVICE=N`: overrides `scale`/`deploy.replicas`.
    public var scale: [String: Int]
    /// `--force-recreate`: recreate the targeted services' containers even if unchanged.
    public var forceRecreate: Bool
    /// `--no-recreate`: never recreate existing containers (wins over the force flags).
    public var noRecreate: Bool
    /// `--always-recreate-deps`: recreate the dependencies of the targeted services.
    public var alwaysRecreateDeps: Bool
    /// `-V/--renew-anon-volumes`: recreated containers get fresh anonymous volumes.
    public var renewAnonVolumes: Bool
    /// `--remove-orphans`.
    public var removeOrphans: Bool
    /// `--no-deps`: only the named services, not their dependencies.
    public var noDeps: Bool
    /// The services named on the command line; empty = all.
    public var services: [String]
    /// `--no-start`: create, do not start.
    public var noStart: Bool
    /// When a project network's config hash changed: recreate it together with the
    /// containers attached to it (`true`, Compose's behaviour), or leave it with a warning.
    public var recreateOnNetworkChange: Bool
    /// `-t/--timeout`, seconds.
    public var timeout: Int?
    /// The services as they were when the running containers were created, if the caller can
    /// reconstruct them; used to name the changed fields in a recreate's reason.
    public var previousServices: [String: Service]
    /// Local image digests by service (what `com.docker.compose.image` should say); a
    /// container whose label differs is recreated ("image changed"). Services not listed are
    /// not checked.
    public var imageDigests: [String: String]
    /// Services the project has but that are disabled by profiles: their containers are not
    /// orphans.
    public var disabledServices: Set<String>

    /// Defaults are `up` without flags.
    public init(
        scale: [String: Int] = [:], forceRecreate: Bool = false, noRecreate: Bool = false,
        alwaysRecreateDeps: Bool = false, renewAnonVolumes: Bool = false, removeOrphans: Bool = false,
        noDeps: Bool = false, services: [String] = [], noStart: Bool = false,
        recreateOnNetworkChange: Bool = true, timeout: Int? = nil, previousServices: [String: Service] = [:],
        imageDigests: [String: String] = [:], disabledServices: Set<String> = []
    ) {
        self.scale = scale
        self.forceRecreate = forceRecreate
        self.noRecreate = noRecreate
        self.alwaysRecreateDeps = alwaysRecreateDeps
        self.renewAnonVolumes = renewAnonVolumes
        self.removeOrphans = removeOrphans
        self.noDeps = noDeps
        self.services = services
        self.noStart = noStart
        self.recreateOnNetworkChange = recreateOnNetworkChange
        self.timeout = timeout
        self.previousServices = previousServices
        self.imageDigests = imageDigests
        self.disabledServices = disabledServices
    }
}

/// How `down` should tear down; mirrors its flags.
public struct DownOptions: Sendable, Hashable {
    /// `-v/--volumes`: remove named volumes declared by the project, and anonymous volumes.
    public var removeVolumes: Bool
    /// `--remove-orphans`: also containers of services no longer in the project, and one-offs.
    public var removeOrphans: Bool
    /// Services named on the command line (they and their dependents go); empty = the project.
    public var services: [String]
    /// `-t/--timeout`, seconds.
    public var timeout: Int?
    /// Services disabled by profiles: not orphans.
    public var disabledServices: Set<String>

    /// Defaults are `down` without flags.
    public init(
        removeVolumes: Bool = false, removeOrphans: Bool = false, services: [String] = [],
        timeout: Int? = nil, disabledServices: Set<String> = []
    ) {
        self.removeVolumes = removeVolumes
        self.removeOrphans = removeOrphans
        self.services = services
        self.timeout = timeout
        self.disabledServices = disabledServices
    }
}
