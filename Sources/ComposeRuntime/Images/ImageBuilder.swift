import BerthBasics
import ComposeModel
import EngineClient
import Foundation

/// Everything one service's build sends to the engine, resolved from the model and the
/// command line.
public struct BuildRequest: Sendable, Hashable {
    public var service: String
    /// The context directory (absolute).
    public var contextDirectory: String
    /// The Dockerfile relative to the context (or absolute); nil for `Dockerfile`.
    public var dockerfile: String?
    /// `dockerfile_inline`.
    public var dockerfileInline: String?
    /// The image name first (`image:` or `<project>-<service>`), then `build.tags`.
    public var tags: [String]
    public var target: String?
    public var args: [String: String]
    /// The service's build labels plus `com.docker.compose.project`/`.service`.
    public var labels: [String: String]
    public var cacheFrom: [String]
    public var network: String?
    /// `host:ip` entries.
    public var extraHosts: [String]
    public var shmSize: Int64?
    public var noCache: Bool
    public var pull: Bool
    public var platform: String?

    /// Command-line changes to a service's build (`berth build --no-cache --pull --build-arg`).
    public struct Overrides: Sendable, Hashable {
        public var noCache = false
        public var pull = false
        /// `KEY=VALUE`, or `KEY` to take the value from the environment (dropped when unset).
        public var buildArgs: [String] = []

        public init(noCache: Bool = false, pull: Bool = false, buildArgs: [String] = []) {
            self.noCache = noCache
            self.pull = pull
            self.buildArgs = buildArgs
        }
    }

    /// Resolves `service`'s build. Throws when it has no `build:` or a remote context (git/URL).
    public init(
        project: String, service: Service, overrides: Overrides = Overrides(),
        environment: Environment = ProcessEnvironment.current
    ) throws(ImageBuildError) {
        guard let build = service.build else { throw .notBuildable(service: service.name) }
        let context = build.context ?? "."
        if context.contains("://") || context.hasPrefix("git@") {
            throw .unsupported(service: service.name, detail: "remote build context \(context)")
        }
        self.service = service.name
        contextDirectory = context
        dockerfile = build.dockerfile
        dockerfileInline = build.dockerfileInline
        var tags = [service.image.flatMap { $0.isEmpty ? nil : $0 } ?? ImageBuilder.defaultImageName(project: project, service: service.name)]
        for tag in build.tags where !tags.contains(tag) { tags.append(tag) }
        self.tags = tags
        target = build.target
        var args = build.args
        for arg in overrides.buildArgs {
            if let equals = arg.firstIndex(of: "=") {
                args[String(arg[..<equals])] = String(arg[arg.index(after: equals)...])
            } else if let value = environment[arg] {
                args[arg] = value
            } else {
                args[arg] = nil
            }
        }
        self.args = args
        var labels = build.labels
        labels["com.docker.compose.project"] = project
        labels["com.docker.compose.service"] = service.name
        labels["com.docker.compose.image.builder"] = "classic"
        self.labels = labels
        cacheFrom = build.cacheFrom
        network = build.network
        extraHosts = build.extraHosts.entries.keys.sorted().flatMap { host in
            (build.extraHosts.entries[host] ?? []).map { "\(host):\($0)" }
        }
        shmSize = build.shmSize
        noCache = build.noCache || overrides.noCache
        pull = build.pull || overrides.pull
        platform = service.platform ?? (build.platforms.count == 1 ? build.platforms.first : nil)
    }

    /// The options EngineClient's `buildImage` carries.
    public var engineOptions: BuildOptions {
        var options = BuildOptions(tags: tags)
        options.buildArgs = args
        options.labels = labels
        options.target = target
        options.noCache = noCache
        options.pull = pull
        options.networkMode = network
        options.platform = platform
        options.cacheFrom = cacheFrom
        options.extraHosts = extraHosts
        options.shmSize = shmSize
        return options
    }
}

/// One line of build output.
public struct BuildProgress: Sendable, Hashable {
    public var service: String
    /// A line of the engine's output (`Step 2/4 : RUN …`, the command's own output), without
    /// its newline.
    public var line: String
}

/// A build that failed, with the step that failed and its output.
public enum ImageBuildError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service has no `build:` section.
    case notBuildable(service: String)
    /// A build feature Berth does not support.
    case unsupported(service: String, detail: String)
    /// The context could not be made.
    case context(service: String, detail: String)
    /// The engine reported a failure: `step` is the last `Step n/m : …` line, `output` what it
    /// printed after it.
    case failed(service: String, image: String, step: String?, output: [String], message: String)

    public var description: String {
        switch self {
        case .notBuildable(let service): return "service \"\(service)\" has no build section"
        case .unsupported(let service, let detail): return "service \"\(service)\": \(detail) is not supported"
        case .context(let service, let detail): return "service \"\(service)\": \(detail)"
        case .failed(let service, let image, let step, let output, let message):
            var text = "failed to build service \"\(service)\" (image \(image))"
            if let step { text += " at \(step)" }
            text += ":"
            for line in output.suffix(30) { text += "\n  " + line }
            text += "\n" + message
            return text
        }
    }
}

/// Builds services' images through `POST /build` (the engine's classic builder), streaming
/// the context from disk.
public struct ImageBuilder: Sendable {
    public let client: any EngineAPI
    /// Credentials sent as `X-Registry-Config` (for `FROM` images in private registries).
    public let auth: RegistryAuth?

    public init(client: any EngineAPI, auth: RegistryAuth? = nil) {
        self.client = client
        self.auth = auth
    }

    /// The image name Compose gives a service without `image:`: `<project>-<service>`, lowercased.
    public static func defaultImageName(project: String, service: String) -> String {
        (project + "-" + service).lowercased()
    }

    /// Builds `request`; calls `progress` for every output line. Returns the image ID.
    /// Throws `ImageBuildError.failed` with the failing step and its output.
    @discardableResult
    public func build(_ request: BuildRequest, progress: @escaping @Sendable (BuildProgress) -> Void = { _ in }) async throws -> String {
        let context: BuildContext
        do {
            context = try BuildContext(
                directory: request.contextDirectory, dockerfile: request.dockerfile, dockerfileInline: request.dockerfileInline)
        } catch {
            throw ImageBuildError.context(service: request.service, detail: error.description)
        }
        let entries: [BuildContext.Entry]
        do {
            entries = try context.entries()
        } catch {
            throw ImageBuildError.context(service: request.service, detail: error.description)
        }
        var options = request.engineOptions
        options.dockerfile = context.dockerfile
        if let auth {
            options.registryConfig = auth.buildRegistryConfig(registries: [])
        }
        let image = request.tags.first ?? request.service
        var step: String?
        var output: [String] = []
        var imageID: String?
        var runningContainer: String?
        var pending = ""
        func emit(_ text: String) {
            pending += text
            while let newline = pending.firstIndex(of: "\n") {
                let line = String(pending[..<newline]).replacingOccurrences(of: "\r", with: "")
                pending = String(pending[pending.index(after: newline)...])
                if line.hasPrefix(" ---> Running in ") {
                    runningContainer = String(line.dropFirst(" ---> Running in ".count)).trimmingCharacters(in: .whitespaces)
                }
                if line.hasPrefix("Step ") {
                    step = line
                    output = []
                } else if !line.isEmpty && !line.hasPrefix(" ---> ") && !line.hasPrefix("Removing intermediate container") {
                    output.append(line)
                    if output.count > 200 { output.removeFirst(output.count - 200) }
                }
                progress(BuildProgress(service: request.service, line: line))
            }
        }
        do {
            let stream = try await client.buildImage(options) { write in
                try await context.write(entries: entries, to: write)
            }
            for try await message in stream {
                if let text = message.stream { emit(text) }
                if let id = message.aux?.id { imageID = id }
                if let status = message.status, message.stream == nil { emit(status + "\n") }
            }
        } catch let error as EngineError {
            if !pending.isEmpty { emit("\n") }
            // The engine keeps the failed step's container (`forcerm` is not in BuildOptions):
            // remove it, as `docker build --force-rm` would.
            if let runningContainer { try? await client.removeContainer(runningContainer, force: true) }
            throw ImageBuildError.failed(service: request.service, image: image, step: step, output: output, message: error.message)
        } catch let error as BuildContextError {
            // A file could not be read while the context was being sent.
            throw ImageBuildError.context(service: request.service, detail: error.description)
        }
        if !pending.isEmpty { emit("\n") }
        if let imageID { return imageID }
        // Older engines print only "Successfully built <id>".
        return try await client.inspectImage(image).id ?? image
    }

    /// Builds several services, one at a time (the classic builder is CPU-bound here).
    public func build(_ requests: [BuildRequest], progress: @escaping @Sendable (BuildProgress) -> Void = { _ in }) async throws -> [String: String] {
        var ids: [String: String] = [:]
        for request in requests {
            ids[request.service] = try await build(request, progress: progress)
        }
        return ids
    }
}
