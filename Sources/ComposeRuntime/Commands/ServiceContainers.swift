import ComposeModel
import ComposePlanner
import EngineClient

/// Finding the container a command acts on (`exec`, `attach`, `cp`, `port`, `top`, `stats`),
/// with errors that name the service and say what to do.
extension ProjectRunner {
    /// The service's containers (not one-offs), by container number; `all` includes stopped ones.
    public func serviceContainers(_ service: String, all: Bool = true) async throws -> [ContainerSummary] {
        guard info.project.services[service] != nil else { throw Self.noSuchService(service, in: info.project) }
        var f = Filters()
        f.label(ComposeLabels.project, name)
        f.label(ComposeLabels.service, service)
        f.label(ComposeLabels.oneoff, "False")
        let filters = f
        let list = try await call("listing the containers of service \(service)") {
            try await self.client.listContainers(all: all, filters: filters)
        }
        return list.sorted { $0.containerNumber < $1.containerNumber }
    }

    /// The container number `index` of `service`. `running` requires it to run: an exec or
    /// attach into a stopped container says how to start it.
    public func serviceContainer(_ service: String, index: Int = 1, running: Bool) async throws -> ContainerSummary {
        let containers = try await serviceContainers(service, all: true)
        guard !containers.isEmpty else {
            throw RuntimeError(
                .other, "service \"\(service)\" has no container; start it with `berth up -d \(service)`", service: service)
        }
        guard let container = containers.first(where: { $0.containerNumber == index }) else {
            let indexes = containers.map { String($0.containerNumber) }.joined(separator: ", ")
            throw RuntimeError(
                .other, "service \"\(service)\" has no container with index \(index); the indexes that exist are: \(indexes)",
                service: service)
        }
        if running && container.state != "running" {
            let name = container.plainName ?? service
            throw RuntimeError(
                .other,
                "container \(name) of service \"\(service)\" is not running (\(container.state ?? "unknown")); start it with `berth start \(service)` or `berth up -d \(service)`",
                container: name, service: service)
        }
        return container
    }

    static func noSuchService(_ service: String, in project: Project) -> RuntimeError {
        let known = project.serviceNames.joined(separator: ", ")
        return RuntimeError(.other, "no such service: \"\(service)\" (the project's services are: \(known))", service: service)
    }
}

extension ContainerSummary {
    /// `com.docker.compose.container-number`, 0 when missing.
    public var containerNumber: Int { Int(labels?[ComposeLabels.containerNumber] ?? "") ?? 0 }
}
