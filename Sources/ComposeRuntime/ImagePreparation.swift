import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// How `up`, `create` and `build` get images: build what must be built, pull what the pull
/// policy asks for, as Compose decides it (`--build`, `--no-build`, `--pull`, `pull_policy`).
public struct ImageOptions: Sendable {
    /// `--build`: build every buildable service first.
    public var build = false
    /// `--no-build`: never build; a missing image of a buildable service is an error.
    public var noBuild = false
    /// `--pull always|missing|never|policy`: nil keeps each service's `pull_policy`.
    public var pull: String?
    /// `build --no-cache`, `--pull`, `--build-arg`.
    public var overrides = BuildRequest.Overrides()

    public init(build: Bool = false, noBuild: Bool = false, pull: String? = nil) {
        self.build = build
        self.noBuild = noBuild
        self.pull = pull
    }
}

extension ProjectRunner {
    /// Makes sure every selected service (and its dependencies) has its image: builds and pulls
    /// run in parallel, bounded; progress goes to the runner's handler ("Image x Pulling/Built").
    public func prepareImages(_ options: ImageOptions, services: [String] = []) async throws {
        let project = info.project
        let graph = ServiceGraph(project: project)
        let selected = services.isEmpty ? Set(project.services.keys) : graph.withDependencies(Set(services))
        var builds: [BuildRequest] = []
        var pulls: [ImageTransferItem] = []
        func imageName(_ name: String) -> String {
            project.services[name]?.image ?? ImageBuilder.defaultImageName(project: project.name, service: name)
        }
        let local = await localImages(Set(selected.map(imageName)))

        for name in selected.sorted() {
            guard var service = project.services[name] else { continue }
            if let pull = options.pull, pull != "policy" { service.pullPolicy = pull }
            let image = imageName(name)
            let inspect = local[image]
            let present = inspect != nil
            if service.build != nil {
                let wantsBuild = options.build || service.pullPolicy == "build" || (!present && !options.noBuild)
                if wantsBuild && !options.noBuild {
                    do {
                        builds.append(try BuildRequest(project: project.name, service: service, overrides: options.overrides))
                    } catch {
                        throw RuntimeError(.other, "\(error)", service: name)
                    }
                    continue
                }
                if !present {
                    throw RuntimeError(.other, "image \(image) for service \"\(name)\" is missing and --no-build forbids building it; run `berth build \(name)`", service: name)
                }
                continue
            }
            var pulledAt: Date?
            if present, case .refresh? = PullPolicy(service.pullPolicy) {
                pulledAt = try? await ImagePuller(client: client).lastPullTime(of: image)
            }
            if PullPolicy.mustPull(service: service, localImage: inspect, now: Date(), pulledAt: pulledAt) {
                pulls.append(ImageTransferItem(service: name, image: image, platform: service.platform))
            } else if !present {
                throw RuntimeError(.other, "image \(image) for service \"\(name)\" is not present and its pull_policy is \(service.pullPolicy ?? "never")", service: name)
            }
        }

        if !pulls.isEmpty || !builds.isEmpty { imageInspections.forgetAll() }
        if !pulls.isEmpty {
            let puller = ImagePuller(client: client, auth: try? RegistryAuth(), parallelism: max(1, limiterWidth))
            try await puller.pull(pulls, progress: imageProgress)
        }
        try await runBuilds(builds)
    }

    /// Builds one image after the other (the engine parallelises inside a build).
    private func runBuilds(_ requests: [BuildRequest]) async throws {
        guard !requests.isEmpty else { return }
        let builder = ImageBuilder(client: client, auth: try? RegistryAuth())
        for request in requests {
            let resource = "Image \(request.tags.first ?? request.service)"
            emit(resource, "Building", .working)
            do {
                _ = try await builder.build(request) { [progress] line in
                    progress(ProgressEvent(resource: resource, text: "Building", status: .working, detail: line.line))
                }
            } catch {
                emit(resource, "Error", .error)
                throw RuntimeError(.other, "\(error)", service: request.service)
            }
            emit(resource, "Built")
        }
    }

    /// The images `berth images` shows.
    public func images() async throws -> [ImageRow] {
        try await ImageLister(client: client).list(project: name)
    }

    /// Pushes the images of services that have `image:` (and a build, or `--include-all`).
    public func push(services: [String], ignoreFailures: Bool) async throws {
        let pusher = ImagePusher(client: client, auth: try? RegistryAuth(), parallelism: max(1, limiterWidth))
        try await pusher.push(ImagePusher.items(project: info.project, services: services), ignoreFailures: ignoreFailures, progress: imageProgress)
    }

    /// Pulls the services' images (`berth pull`).
    public func pull(services: [String], ignoreFailures: Bool, includeDeps: Bool) async throws {
        let graph = ServiceGraph(project: info.project)
        let names = includeDeps && !services.isEmpty ? Array(graph.withDependencies(Set(services))) : services
        let puller = ImagePuller(client: client, auth: try? RegistryAuth(), parallelism: max(1, limiterWidth))
        imageInspections.forgetAll()
        try await puller.pull(ImagePuller.items(project: info.project, services: names), ignoreFailures: ignoreFailures, progress: imageProgress)
    }

    /// Builds the services' images (`berth build`); services without `build:` are skipped.
    public func build(services: [String], overrides: BuildRequest.Overrides) async throws {
        let names = services.isEmpty ? info.project.serviceNames : services
        var requests: [BuildRequest] = []
        for name in names {
            guard let service = info.project.services[name], service.build != nil else { continue }
            do {
                requests.append(try BuildRequest(project: self.name, service: service, overrides: overrides))
            } catch {
                throw RuntimeError(.other, "\(error)", service: name)
            }
        }
        // What this run inspected before is stale once a build retags an image (a watch rebuild
        // compares the old and new IDs, and labels the new containers with the new one).
        imageInspections.forgetAll()
        try await runBuilds(requests)
    }

    var limiterWidth: Int { 4 }

    var imageProgress: @Sendable (ImageTransferEvent) -> Void {
        { [progress] event in
            let resource = "Image \(event.image)"
            switch event.kind {
            case .started: progress(ProgressEvent(resource: resource, text: "Pulling", status: .working))
            case .layer(let id, let status, _, _): progress(ProgressEvent(resource: resource, text: "Pulling", status: .working, detail: "\(id) \(status)"))
            case .status(let text): progress(ProgressEvent(resource: resource, text: "Pulling", status: .working, detail: text))
            case .done: progress(ProgressEvent(resource: resource, text: "Pulled", status: .done))
            case .failed(let message): progress(ProgressEvent(resource: resource, text: "Error", status: .error, detail: message))
            }
        }
    }
}
