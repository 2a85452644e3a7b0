import BerthBasics
import EngineClient
import Foundation

/// The three list calls an observation starts with (containers, networks, volumes of one
/// project), sent before the compose file is read when the project's name is already known
/// from `-p` or `COMPOSE_PROJECT_NAME`. The engine answers them while Berth reads the file,
/// instead of after: for a no-op `up` of 200 services the engine's list takes about as long
/// as everything Berth does, and the two now overlap.
///
/// The first observation of the run takes the answers when the loaded project has that
/// name and the calls are recent (they were sent at most `freshness` ago: an `up` that builds
/// images first observes later, and then asks again). Anything else asks the engine anew.
/// For `up`, `create` and `down`, which converge under the project lock, the lock is taken
/// first (or, when another run holds it, nothing is sent early).
public final class EarlyObservation: @unchecked Sendable {
    public let project: String
    public let containers: Task<[ContainerSummary], any Error>
    public let networks: Task<[Network], any Error>
    public let volumes: Task<[Volume], any Error>
    private let started = ContinuousClock.now
    private let freshness: Duration
    private let lock = NSLock()
    private var taken = false
    /// The project lock, for commands that converge under it (`up`, `create`, `down`): taken
    /// before the calls are sent, so that no other Berth run changes the project between
    /// this snapshot and the plan made from it.
    private var projectLock: ProjectLock?

    /// Sends the calls at once. With `holdingLock`, first takes the project lock without
    /// waiting, and gives up (nil: the command observes as usual) when another run holds it.
    public init?(
        client: any EngineAPI, project: String, holdingLock: Bool = false, freshness: Duration = .seconds(2),
        environment: Environment = ProcessEnvironment.current
    ) {
        if holdingLock {
            guard let held = try? ProjectLock.tryAcquire(project: project, suffix: "", environment: environment) else { return nil }
            projectLock = held
        }
        self.project = project
        self.freshness = freshness
        let containerFilters = ProjectRunner.containerFilters(project)
        let projectFilters = ProjectRunner.projectFilters(project)
        containers = Task { try await client.listContainers(all: true, filters: containerFilters) }
        networks = Task { try await client.listNetworks(filters: projectFilters) }
        volumes = Task { try await client.listVolumes(filters: projectFilters) }
    }

    deinit {
        projectLock?.release()
    }

    /// The project lock taken before the calls, handed over once to the runner of a project of
    /// this name; for another name it is released (the runner then takes its own).
    func takeLock(for name: String) -> ProjectLock? {
        lock.lock()
        defer { lock.unlock() }
        guard let held = projectLock else { return nil }
        projectLock = nil
        if name == project { return held }
        held.release()
        return nil
    }

    /// The calls, at most once, for a project of this name while they are fresh.
    func take(for name: String) -> EarlyObservation? {
        lock.lock()
        defer { lock.unlock() }
        guard !taken, name == project, ContinuousClock.now - started <= freshness else {
            if !taken { cancel() }
            taken = true
            return nil
        }
        taken = true
        return self
    }

    private func cancel() {
        containers.cancel()
        networks.cancel()
        volumes.cancel()
    }
}
