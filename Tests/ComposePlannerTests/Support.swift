import ComposeModel
@testable import ComposePlanner

/// A service with an image and optional dependencies (short form: `service_started`).
func svc(
    _ name: String,
    image: String = "busybox",
    dependsOn: [String: ServiceDependency] = [:],
    scale: Int? = nil,
    environment: [String: String?] = [:],
    containerName: String? = nil,
    networks: [String: ServiceNetworkConfig?] = [:],
    volumes: [ServiceVolumeConfig] = [],
    networkMode: String? = nil
) -> Service {
    Service(
        name: name, containerName: containerName, dependsOn: dependsOn, environment: environment,
        image: image, networkMode: networkMode, networks: networks, scale: scale, volumes: volumes)
}

func deps(_ names: String...) -> [String: ServiceDependency] {
    Dictionary(uniqueKeysWithValues: names.map { ($0, ServiceDependency()) })
}

func project(_ services: Service..., name: String = "p", networks: [String: NetworkConfig]? = nil,
             volumes: [String: VolumeConfig] = [:]) -> Project {
    var byName: [String: Service] = [:]
    for s in services { byName[s.name] = s }
    return Project(
        name: name, services: byName,
        networks: networks ?? ["default": NetworkConfig(name: "\(name)_default")],
        volumes: volumes)
}
