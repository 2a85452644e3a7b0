/// Why a plan cannot be made.
public enum PlanError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The services depend on each other in a loop; the path starts and ends on one service.
    case cycle([String])
    /// `container_name` on a service that is to run more than one container.
    case containerNameWithScale(service: String, containerName: String)
    /// Two services ask for the same `container_name`.
    case containerNameInUse(service: String, containerName: String, usedBy: String)
    /// A network marked `external` that the engine does not have.
    case externalNetworkNotFound(String)
    /// A volume marked `external` that the engine does not have.
    case externalVolumeNotFound(String)
    /// A service named on the command line that the project does not have.
    case noSuchService(String)

    /// The message, in Compose's words where Compose has one.
    public var description: String {
        switch self {
        case .cycle(let path):
            return "cycle found: " + path.joined(separator: " -> ")
        case .containerNameWithScale(let service, let name):
            return "WARNING: The \"\(service)\" service is using the custom container name \"\(name)\". "
                + "Docker requires each container to have a unique name. "
                + "Remove the custom name to scale the service"
        case .containerNameInUse(let service, let name, let other):
            return "services.\(service): container name \"\(name)\" is already in use by service \(other)"
        case .externalNetworkNotFound(let name):
            return "network \(name) declared as external, but could not be found"
        case .externalVolumeNotFound(let name):
            return "external volume \"\(name)\" not found"
        case .noSuchService(let name):
            return "no such service: \(name)"
        }
    }
}
