import Foundation

/// The Docker Engine API calls Berth makes, as a protocol: `EngineClient` speaks it to a real
/// engine over HTTP; the in-memory engine of `EngineTesting` implements it for tests.
///
/// Requirements carry every parameter; the extension below gives the usual defaults, so
/// `engine.stopContainer(id)` reads the same on `any EngineAPI` as on `EngineClient`.
public protocol EngineAPI: Sendable {
    // MARK: System

    /// The API version in use (negotiated on first use by a real engine).
    func apiVersion() async throws -> APIVersion
    /// True when the engine answers.
    func ping() async throws -> Bool
    /// `GET /version`.
    func version() async throws -> SystemVersion
    /// Releases idle connections (nothing for an engine without any).
    func shutdown() async
    /// Any API call not typed yet; the status is returned as is.
    func request(method: String, path: String, query: [String: String], body: Data?) async throws -> EngineResponse

    // MARK: Containers

    /// Creates a container; `.conflict` when the name is taken, `.notFound` when the image is missing.
    func createContainer(name: String?, platform: String?, _ request: ContainerCreateRequest) async throws -> CreateResponse
    /// Starts a container (starting a running one is not an error).
    func startContainer(_ id: String) async throws
    /// Stops a container, killing it after `timeout` seconds.
    func stopContainer(_ id: String, timeout: Int?, signal: String?) async throws
    /// Restarts a container.
    func restartContainer(_ id: String, timeout: Int?) async throws
    /// Sends a signal (`SIGKILL` when nil).
    func killContainer(_ id: String, signal: String?) async throws
    /// Pauses a container.
    func pauseContainer(_ id: String) async throws
    /// Unpauses a container.
    func unpauseContainer(_ id: String) async throws
    /// Removes a container.
    func removeContainer(_ id: String, volumes: Bool, force: Bool) async throws
    /// Inspects a container by name or ID.
    func inspectContainer(_ id: String) async throws -> ContainerInspect
    /// Lists containers (`all`: stopped ones too).
    func listContainers(all: Bool, filters: Filters) async throws -> [ContainerSummary]
    /// Renames a container.
    func renameContainer(_ id: String, to name: String) async throws
    /// Waits until the container meets `condition`; returns its exit code.
    func waitContainer(_ id: String, condition: WaitCondition) async throws -> ContainerWaitResponse
    /// The processes running in a container.
    func topContainer(_ id: String, psArgs: String?) async throws -> ContainerTop
    /// One resource usage snapshot.
    func containerStats(_ id: String) async throws -> ContainerStats
    /// Extracts a tar archive into the container at `path`.
    func putArchive(_ id: String, path: String, tar: [UInt8], noOverwriteDirNonDir: Bool, copyUIDGID: Bool) async throws
    /// A tar archive of `path` in the container.
    func getArchive(_ id: String, path: String) async throws -> [UInt8]

    // MARK: Networks

    /// Creates a network; `.conflict` when the name exists.
    func createNetwork(_ request: NetworkCreateRequest) async throws -> CreateResponse
    /// Inspects a network by name or ID.
    func inspectNetwork(_ id: String) async throws -> Network
    /// Lists networks.
    func listNetworks(filters: Filters) async throws -> [Network]
    /// Connects a container to a network.
    func connectNetwork(_ id: String, container: String, endpoint: EndpointSettings?) async throws
    /// Disconnects a container from a network.
    func disconnectNetwork(_ id: String, container: String, force: Bool) async throws
    /// Removes a network.
    func removeNetwork(_ id: String) async throws

    // MARK: Volumes

    /// Creates a volume (an existing name returns the existing volume).
    func createVolume(_ request: VolumeCreateRequest) async throws -> Volume
    /// Inspects a volume.
    func inspectVolume(_ name: String) async throws -> Volume
    /// Lists volumes.
    func listVolumes(filters: Filters) async throws -> [Volume]
    /// Removes a volume (`.conflict` while a container uses it).
    func removeVolume(_ name: String, force: Bool) async throws

    // MARK: Images

    /// Inspects an image by reference or ID.
    func inspectImage(_ name: String) async throws -> ImageInspect
    /// Lists images.
    func listImages(all: Bool, filters: Filters) async throws -> [ImageSummary]
    /// Removes an image or one of its tags.
    func removeImage(_ name: String, force: Bool, noPrune: Bool) async throws -> [ImageDeleteItem]
    /// Tags `name` as `repository:tag`.
    func tagImage(_ name: String, repository: String, tag: String?) async throws
    /// Pulls an image; the stream yields progress and throws `EngineError.stream` mid-stream.
    func pullImage(_ image: String, tag: String?, platform: String?, registryAuth: String?) async throws
        -> AsyncThrowingStream<ProgressMessage, any Error>
    /// Pushes an image; like `pullImage`.
    func pushImage(_ image: String, tag: String?, registryAuth: String?) async throws -> AsyncThrowingStream<ProgressMessage, any Error>
    /// Builds an image from the tar context `context` writes.
    func buildImage(
        _ options: BuildOptions,
        context: @escaping @Sendable (_ write: @Sendable ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws -> AsyncThrowingStream<ProgressMessage, any Error>

    // MARK: Events, logs, exec, attach

    /// Subscribes to events; the stream is open when this returns.
    func events(since: String?, until: String?, filters: Filters) async throws -> AsyncThrowingStream<EngineEvent, any Error>
    /// A container's logs as stdout/stderr chunks (`tty` nil: ask the container).
    func logs(_ id: String, options: LogOptions, tty: Bool?) async throws -> AsyncThrowingStream<OutputChunk, any Error>
    /// Creates an exec instance in a running container; returns its ID.
    func createExec(_ container: String, _ request: ExecCreateRequest) async throws -> String
    /// Starts an exec and attaches to it.
    func startExec(_ id: String, tty: Bool) async throws -> AttachSession
    /// Starts an exec in the background.
    func startExecDetached(_ id: String) async throws
    /// Inspects an exec instance (its exit code once it ended).
    func inspectExec(_ id: String) async throws -> ExecInspect
    /// Attaches to a container's stdio (`logs`: replay earlier output first).
    func attach(_ id: String, stdin: Bool, stdout: Bool, stderr: Bool, logs: Bool, tty: Bool?) async throws -> AttachSession
}

/// A raw engine response (`EngineAPI.request`).
public struct EngineResponse: Sendable {
    /// HTTP status.
    public var status: Int
    /// Response headers, in order.
    public var headers: [(name: String, value: String)]
    /// The whole body.
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

// The usual defaults, in one place for every engine.
extension EngineAPI {
    public func request(method: String, path: String, query: [String: String] = [:]) async throws -> EngineResponse {
        try await request(method: method, path: path, query: query, body: nil)
    }

    public func createContainer(name: String? = nil, _ request: ContainerCreateRequest) async throws -> CreateResponse {
        try await createContainer(name: name, platform: nil, request)
    }

    public func stopContainer(_ id: String, timeout: Int? = nil) async throws {
        try await stopContainer(id, timeout: timeout, signal: nil)
    }

    public func restartContainer(_ id: String) async throws {
        try await restartContainer(id, timeout: nil)
    }

    public func killContainer(_ id: String) async throws {
        try await killContainer(id, signal: nil)
    }

    public func removeContainer(_ id: String, volumes: Bool = false) async throws {
        try await removeContainer(id, volumes: volumes, force: false)
    }

    public func removeContainer(_ id: String, force: Bool) async throws {
        try await removeContainer(id, volumes: false, force: force)
    }

    public func listContainers(all: Bool = false) async throws -> [ContainerSummary] {
        try await listContainers(all: all, filters: Filters())
    }

    public func listContainers(filters: Filters) async throws -> [ContainerSummary] {
        try await listContainers(all: false, filters: filters)
    }

    public func waitContainer(_ id: String) async throws -> ContainerWaitResponse {
        try await waitContainer(id, condition: .notRunning)
    }

    public func topContainer(_ id: String) async throws -> ContainerTop {
        try await topContainer(id, psArgs: nil)
    }

    public func putArchive(_ id: String, path: String, tar: [UInt8], noOverwriteDirNonDir: Bool = false, copyUIDGID: Bool = false) async throws {
        try await putArchive(id, path: path, tar: tar, noOverwriteDirNonDir: noOverwriteDirNonDir, copyUIDGID: copyUIDGID)
    }

    public func listNetworks() async throws -> [Network] {
        try await listNetworks(filters: Filters())
    }

    public func connectNetwork(_ id: String, container: String) async throws {
        try await connectNetwork(id, container: container, endpoint: nil)
    }

    public func disconnectNetwork(_ id: String, container: String) async throws {
        try await disconnectNetwork(id, container: container, force: false)
    }

    public func listVolumes() async throws -> [Volume] {
        try await listVolumes(filters: Filters())
    }

    public func removeVolume(_ name: String) async throws {
        try await removeVolume(name, force: false)
    }

    public func listImages(all: Bool = false) async throws -> [ImageSummary] {
        try await listImages(all: all, filters: Filters())
    }

    public func listImages(filters: Filters) async throws -> [ImageSummary] {
        try await listImages(all: false, filters: filters)
    }

    @discardableResult
    public func removeImage(_ name: String, force: Bool = false) async throws -> [ImageDeleteItem] {
        try await removeImage(name, force: force, noPrune: false)
    }

    public func tagImage(_ name: String, repository: String) async throws {
        try await tagImage(name, repository: repository, tag: nil)
    }

    public func pullImage(_ image: String, tag: String? = nil) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        try await pullImage(image, tag: tag, platform: nil, registryAuth: nil)
    }

    public func pushImage(_ image: String, tag: String? = nil) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        try await pushImage(image, tag: tag, registryAuth: nil)
    }

    public func events(filters: Filters = Filters()) async throws -> AsyncThrowingStream<EngineEvent, any Error> {
        try await events(since: nil, until: nil, filters: filters)
    }

    public func events(since: String?, until: String?) async throws -> AsyncThrowingStream<EngineEvent, any Error> {
        try await events(since: since, until: until, filters: Filters())
    }

    /// Every event from this call on, none lost. dockerd answers an events request before it
    /// subscribes it (it flushes the head first), so an event in between was missed: a
    /// container that exited then was never seen to exit, and an attached `up` waited for ever.
    /// Asking for the events since the moment before the request replays those from the
    /// engine's buffer.
    public func liveEvents(filters: Filters) async throws -> AsyncThrowingStream<EngineEvent, any Error> {
        let now = Date().timeIntervalSince1970
        let seconds = now.rounded(.down)
        let micros = Int(((now - seconds) * 1_000_000).rounded(.down))
        let since = "\(Int(seconds))." + String(repeating: "0", count: 6 - String(micros).count) + String(micros)
        return try await events(since: since, until: nil, filters: filters)
    }

    public func logs(_ id: String, options: LogOptions = LogOptions()) async throws -> AsyncThrowingStream<OutputChunk, any Error> {
        try await logs(id, options: options, tty: nil)
    }

    public func startExec(_ id: String) async throws -> AttachSession {
        try await startExec(id, tty: false)
    }

    public func attach(_ id: String, stdin: Bool = true, logs: Bool = false) async throws -> AttachSession {
        try await attach(id, stdin: stdin, stdout: true, stderr: true, logs: logs, tty: nil)
    }

    /// Builds from a context already in memory.
    public func buildImage(_ options: BuildOptions, tar: [UInt8]) async throws -> AsyncThrowingStream<ProgressMessage, any Error> {
        try await buildImage(options) { write in
            var offset = 0
            while offset < tar.count {
                let end = min(offset + 64 * 1024, tar.count)
                try await write(Array(tar[offset..<end]))
                offset = end
            }
        }
    }

    /// Runs a command in a container and collects its output and exit code.
    public func exec(
        _ container: String, _ command: [String], environment: [String]? = nil, user: String? = nil, workingDir: String? = nil,
        privileged: Bool = false
    ) async throws -> ExecResult {
        var request = ExecCreateRequest()
        if privileged { request.privileged = true }
        request.cmd = command
        request.attachStdout = true
        request.attachStderr = true
        request.env = environment
        request.user = user
        request.workingDir = workingDir
        let id = try await createExec(container, request)
        let session = try await startExec(id, tty: false)
        defer { session.close() }
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        for try await chunk in session.output {
            if chunk.stream == .stderr { stderr += chunk.bytes } else { stdout += chunk.bytes }
        }
        // The exit code is set a moment after the output ends.
        var inspect = try await inspectExec(id)
        var attempts = 0
        while inspect.running == true && attempts < 100 {
            try await Task.sleep(for: .milliseconds(10))
            inspect = try await inspectExec(id)
            attempts += 1
        }
        return ExecResult(
            exitCode: inspect.exitCode ?? -1, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
