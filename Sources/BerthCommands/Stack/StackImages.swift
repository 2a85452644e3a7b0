import ComposeModel
import ComposeRuntime
import EngineClient

/// `stack deploy --build --push`: the services with `build:` and `image:` are built on the
/// manager's engine and pushed to their registries, since every node pulls its own copy.
enum StackImages {
    /// Why building or pushing a service's image failed.
    struct Failure: Error, CustomStringConvertible {
        var service: String
        var step: String
        var detail: String
        var description: String { "service \(service): \(step) failed: \(detail)" }
    }

    /// The builds, one per service with both `build:` and `image:`, sorted by service.
    static func requests(_ project: Project) throws -> [BuildRequest] {
        try project.services.keys.sorted().compactMap { name -> BuildRequest? in
            guard let service = project.services[name], service.build != nil, service.image?.isEmpty == false else { return nil }
            do {
                return try BuildRequest(project: project.name, service: service)
            } catch {
                throw Failure(service: name, step: "build", detail: "\(error)")
            }
        }
    }

    /// What `--dry-run` prints for them.
    static func planLines(_ project: Project) throws -> [String] {
        try requests(project).map { "build and push image \($0.tags.joined(separator: ", ")) (service \($0.service))" }
    }

    /// Builds one image after the other (the classic builder is CPU-bound), then pushes them all.
    static func buildAndPush(_ project: Project, client: EngineClient, say: @escaping @Sendable (String) -> Void) async throws {
        let requests = try requests(project)
        guard !requests.isEmpty else { return }
        let auth = try? RegistryAuth()
        let builder = ImageBuilder(client: client, auth: auth)
        for request in requests {
            let image = request.tags.first ?? request.service
            say("image \(image): building")
            do {
                _ = try await builder.build(request)
            } catch {
                throw Failure(service: request.service, step: "build", detail: "\(error)")
            }
            say("image \(image): built")
        }
        let items = ImagePusher.items(project: project, services: requests.map(\.service))
        do {
            try await ImagePusher(client: client, auth: auth).push(items) { event in
                if case .done = event.kind { say("image \(event.image): pushed") }
            }
        } catch let error as ImageTransferError {
            let services = Set(error.failures.map(\.service)).sorted().joined(separator: ", ")
            throw Failure(service: services, step: "push", detail: "\(error)")
        }
    }
}
