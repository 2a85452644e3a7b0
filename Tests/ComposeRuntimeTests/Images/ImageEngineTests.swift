import ComposeModel
import ComposeRuntime
import EngineClient
import Foundation
import Testing

/// Builds, pushes and pulls through the real engine (scripts/engine) and a real registry
/// (scripts/registry). These fail, not skip, when the engine is missing.
@Suite(.serialized, .enabled(if: EngineKind.dockerSelected)) struct ImageEngineTests {
    let unique = UUID().uuidString.prefix(8).lowercased()

    @Test func multiStageBuildWithArgsAndTarget() async throws {
        let client = try await requireEngine()
        let dir = try TempDirectory("berth-build")
        defer { dir.cleanup() }
        try dir.write("Dockerfile", """
            FROM \(baseImage) AS base
            ARG GREETING
            RUN echo "$GREETING" > /greeting
            FROM base AS final
            ARG GREETING
            LABEL greeting=$GREETING
            COPY . /ctx/
            RUN test -e /ctx/hello.txt && test ! -e /ctx/ignored.txt && test ! -e /ctx/Dockerfile && test "$(cat /greeting)" = "$GREETING"
            FROM final AS never
            RUN exit 9
            """)
        try dir.write(".dockerignore", "ignored.txt\nDockerfile\n")
        try dir.write("hello.txt", "hello")
        try dir.write("ignored.txt", "no")
        var service = Service(name: "app")
        service.build = BuildConfig(context: dir.path, args: ["GREETING": "hi-\(unique)"], labels: ["berth.test": "images"], target: "final")
        let project = "berthimg\(unique)"
        let request = try BuildRequest(project: project, service: service)
        let image = "\(project)-app"
        defer { Task { _ = try? await client.removeImage(image, force: true) } }
        let lines = LineCollector()
        let id = try await ImageBuilder(client: client).build(request) { lines.add($0.line) }
        #expect(id.hasPrefix("sha256:"))
        #expect(lines.all.contains { $0.hasPrefix("Step ") && $0.contains("FROM \(baseImage) AS base") })
        #expect(!lines.all.contains { $0.contains("exit 9") })
        let inspect = try await client.inspectImage(image)
        #expect(inspect.id == id)
        #expect(inspect.config?.labels?["greeting"] == "hi-\(unique)")
        #expect(inspect.config?.labels?["com.docker.compose.project"] == project)
        #expect(inspect.config?.labels?["com.docker.compose.service"] == "app")
        #expect(inspect.config?.labels?["berth.test"] == "images")
        _ = try? await client.removeImage(image, force: true)
    }

    @Test func inlineDockerfileBuild() async throws {
        let client = try await requireEngine()
        let dir = try TempDirectory("berth-build")
        defer { dir.cleanup() }
        try dir.write("data.txt", "d")
        var service = Service(name: "inline")
        service.image = "berth-test/inline:\(unique)"
        service.build = BuildConfig(context: dir.path, dockerfileInline: "FROM \(baseImage)\nCOPY . /ctx/\nRUN test -e /ctx/data.txt && test -z \"$(ls /ctx | grep dockerfile)\"\n")
        let request = try BuildRequest(project: "p", service: service)
        let id = try await ImageBuilder(client: client).build(request)
        #expect(try await client.inspectImage("berth-test/inline:\(unique)").id == id)
        _ = try? await client.removeImage("berth-test/inline:\(unique)", force: true)
    }

    @Test func failedBuildShowsTheStepAndItsOutput() async throws {
        let client = try await requireEngine()
        let dir = try TempDirectory("berth-build")
        defer { dir.cleanup() }
        try dir.write("Dockerfile", "FROM \(baseImage)\nRUN echo fine\nRUN echo marker-\(unique) && exit 3\nRUN echo unreached\n")
        var service = Service(name: "broken")
        service.build = BuildConfig(context: dir.path)
        let request = try BuildRequest(project: "berthfail\(unique)", service: service)
        let lines = LineCollector()
        do {
            try await ImageBuilder(client: client).build(request) { lines.add($0.line) }
            Issue.record("the build should fail")
        } catch let error as ImageBuildError {
            guard case .failed(let name, _, let step, let output, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "broken")
            #expect(step?.contains("RUN echo marker-\(unique) && exit 3") == true)
            #expect(output.contains("marker-\(unique)"))
            #expect(message.contains("3"))
            #expect(error.description.contains("RUN echo marker-\(unique) && exit 3"))
            #expect(error.description.contains("\n  marker-\(unique)"))
            #expect(!error.description.contains("unreached"))
        }
        // Remove the intermediate image of the last step that succeeded (` ---> <id>` after
        // the base image's).
        let stepImages = lines.all.filter { $0.hasPrefix(" ---> ") && !$0.hasPrefix(" ---> Running") }.map { $0.dropFirst(" ---> ".count) }
        if stepImages.count > 1, let last = stepImages.last { _ = try? await client.removeImage(String(last)) }
        // The failed step's container is removed.
        let left = try await client.listContainers(all: true).filter { ($0.command ?? "").contains("marker-\(unique)") }
        #expect(left.isEmpty)
    }

    @Test func pushAndPullThroughALocalRegistry() async throws {
        let client = try await requireEngine()
        let registry = try LocalRegistry()
        defer { registry.stop() }
        try await roundTrip(client: client, registry: registry, auth: RegistryAuth(config: .init()))
    }

    @Test func pushAndPullWithHtpasswdAuth() async throws {
        let client = try await requireEngine()
        let registry = try LocalRegistry(user: "berth", password: "pw-\(unique)")
        defer { registry.stop() }
        func config(_ password: String) -> RegistryAuth {
            let auth = Data("berth:\(password)".utf8).base64EncodedString()
            return RegistryAuth(config: .init(auths: ["http://\(registry.address)": .init(auth: auth)]))
        }
        try await roundTrip(client: client, registry: registry, auth: config("pw-\(unique)"))

        // A wrong password fails with an error naming the registry.
        let image = "\(registry.address)/berth/busybox:bad-\(unique)"
        try await client.tagImage(baseImage, repository: "\(registry.address)/berth/busybox", tag: "bad-\(unique)")
        defer { Task { _ = try? await client.removeImage(image) } }
        do {
            try await ImagePusher(client: client, auth: config("wrong")).push([ImageTransferItem(service: "web", image: image)])
            Issue.record("push with a wrong password should fail")
        } catch let error as ImageTransferError {
            let failure = try #require(error.failures.first)
            #expect(failure.isAuthentication, "\(failure.message)")
            #expect(failure.registry == registry.address)
            #expect(error.description.contains("authentication to registry \(registry.address) failed"))
        }
        // No credentials at all: also refused, and ignorable.
        let ignored = try await ImagePuller(client: client, auth: RegistryAuth(config: .init()))
            .pull([ImageTransferItem(service: "web", image: "\(registry.address)/berth/busybox:test")], ignoreFailures: true)
        #expect(ignored.count == 1 && ignored.first?.isAuthentication == true)
        _ = try? await client.removeImage(image)
    }

    /// Pushes the base image tagged into the registry and an image with a layer of its own
    /// (so the pull has a layer to download), removes both, pulls them back.
    func roundTrip(client: EngineClient, registry: LocalRegistry, auth: RegistryAuth) async throws {
        let repository = "\(registry.address)/berth/busybox"
        let image = "\(repository):test"
        let layered = "\(repository):layer-\(unique)"
        let base = try await client.inspectImage(baseImage)
        try await client.tagImage(baseImage, repository: repository, tag: "test")
        let dir = try TempDirectory("berth-build")
        defer { dir.cleanup() }
        var builtService = Service(name: "layered")
        builtService.image = layered
        builtService.build = BuildConfig(context: dir.path, dockerfileInline: "FROM \(baseImage)\nRUN echo \(unique)-$RANDOM > /unique\n")
        let layeredID = try await ImageBuilder(client: client).build(try BuildRequest(project: "p", service: builtService))

        let events = EventCollector()
        let pushed = try await ImagePusher(client: client, auth: auth, parallelism: 2).push([
            ImageTransferItem(service: "web", image: image), ImageTransferItem(service: "layered", image: layered),
        ]) { events.add($0) }
        #expect(pushed.isEmpty)
        #expect(events.all.contains { if case .layer(_, let status, _, _) = $0.kind { return status == "Pushed" || status == "Layer already exists" } else { return false } })
        #expect(events.all.filter { $0.kind == .done }.count == 2)
        try await client.removeImage(image)
        try await client.removeImage(layered)
        await #expect(throws: EngineError.self) { try await client.inspectImage(image) }
        await #expect(throws: EngineError.self) { try await client.inspectImage(layered) }

        let pulls = EventCollector()
        var service = Service(name: "web")
        service.image = image
        let project = Project(name: "p", services: ["web": service, "layered": builtService, "other": Service(name: "other")])
        let items = ImagePuller.items(project: project)
        #expect(items.map(\.service) == ["layered", "web"])
        let failures = try await ImagePuller(client: client, auth: auth, parallelism: 2).pull(items) { pulls.add($0) }
        #expect(failures.isEmpty)
        let layerEvents = pulls.all.filter { $0.service == "layered" }.compactMap { event -> String? in
            if case .layer(_, let status, _, _) = event.kind { return status }
            return nil
        }
        #expect(layerEvents.contains("Pull complete"), "\(layerEvents)")
        #expect(layerEvents.contains("Already exists"), "\(layerEvents)")
        #expect(try await client.inspectImage(image).id == base.id)
        #expect(try await client.inspectImage(layered).id == layeredID)
        let pulledAt = try await ImagePuller(client: client).lastPullTime(of: image)
        #expect(pulledAt.map { abs($0.timeIntervalSinceNow) < 300 } == true)
        _ = try? await client.removeImage(image)
        _ = try? await client.removeImage(layered, force: true)
    }

    @Test func imageListerShowsContainerImages() async throws {
        let client = try await requireEngine()
        let project = "berthls\(unique)"
        var config = ContainerConfig()
        config.image = baseImage
        config.labels = ["com.docker.compose.project": project, "com.docker.compose.service": "web"]
        let created = try await client.createContainer(name: "\(project)-web-1", ContainerCreateRequest(config: config))
        defer { Task { try? await client.removeContainer(created.id ?? "\(project)-web-1", force: true) } }
        let rows = try await ImageLister(client: client).list(project: project)
        #expect(rows.count == 1)
        #expect(rows.first?.container == "\(project)-web-1")
        #expect(rows.first?.repository == "berth-test/busybox")
        #expect(rows.first?.tag == "1")
        #expect(rows.first?.service == "web")
        #expect((rows.first?.size ?? 0) > 0)
        try await client.removeContainer("\(project)-web-1", force: true)
    }
}

/// scripts/registry on a free port, state in a temporary directory.
struct LocalRegistry {
    let directory: TempDirectory
    let address: String

    init(user: String? = nil, password: String? = nil) throws {
        directory = try TempDirectory("berth-registry")
        var arguments = ["start", directory.path]
        if let user, let password { arguments += [user, password] }
        let result = try runProgram(repositoryRoot + "/scripts/registry", arguments)
        guard result.status == 0 else {
            throw RegistryStartError(message: result.errors)
        }
        address = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func stop() {
        _ = try? runProgram(repositoryRoot + "/scripts/registry", ["stop", directory.path])
        directory.cleanup()
    }
}

struct RegistryStartError: Error, CustomStringConvertible {
    let message: String
    var description: String { "scripts/registry failed: \(message)" }
}

final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

final class EventCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [ImageTransferEvent] = []
    func add(_ event: ImageTransferEvent) { lock.withLock { events.append(event) } }
    var all: [ImageTransferEvent] { lock.withLock { events } }
}
