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
public final class EarlyObservation: @unchecked Sendable {
    public let project: String
    public let containers: Task<[ContainerSummary], any Error>
    public let networks: Task<[Network], any Error>
    public let volumes: Task<[Volume], any Error>
    private let started = ContinuousClock.now
    private let freshness: Duration
    private let lock = NSLock()
    private var taken = false

    public init(client: any EngineAPI, project: String, freshness: Duration = .seconds(2)) {
        self.project = project
        self.freshness = freshness
        let containerFilters = ProjectRunner.containerFilters(project)
        let projectFilters = ProjectRunner.projectFilters(project)
        containers = Task { try await client.listContainers(all: true, filters: containerFilters) }
        networks = Task { try await client.listNetworks(filters: projectFilters) }
        volumes = Task { try await client.listVolumes(filters: projectFilters) }
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
