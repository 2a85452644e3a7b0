import ComposeModel
import EngineClient
import Foundation

/// One image to pull or push for a service.
public struct ImageTransferItem: Sendable, Hashable {
    public var service: String
    /// The reference as written (`busybox`, `127.0.0.1:5000/x:t`).
    public var image: String
    public var platform: String?
    /// The service also has `build:`: a failed pull is only a warning (it can be built).
    public var buildable: Bool

    public init(service: String, image: String, platform: String? = nil, buildable: Bool = false) {
        self.service = service
        self.image = image
        self.platform = platform
        self.buildable = buildable
    }
}

/// Progress of a pull or push.
public struct ImageTransferEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The transfer began.
        case started
        /// A layer's progress (`Downloading`, `Extracting`, `Pushing`, `Pull complete`, …);
        /// `current`/`total` in bytes when the engine gives them.
        case layer(id: String, status: String, current: Int64?, total: Int64?)
        /// A message about the whole image (`Digest: …`, `Status: Downloaded newer image …`).
        case status(String)
        /// The transfer finished.
        case done
        /// The transfer failed (and the failure is ignored or reported at the end).
        case failed(String)
    }

    public var service: String
    public var image: String
    public var kind: Kind
}

/// One failed pull or push.
public struct ImageTransferFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var service: String
    public var image: String
    /// The registry the image lives in.
    public var registry: String
    /// The engine's message.
    public var message: String
    /// True when the registry refused the credentials (or asked for some).
    public var isAuthentication: Bool

    public var description: String {
        if isAuthentication {
            return "\(image) (service \(service)): authentication to registry \(registry) failed: \(message)."
                + " Check the credentials for \(registry) in ~/.docker/config.json (docker login \(registry))"
        }
        return "\(image) (service \(service)): \(message)"
    }
}

/// Every failure of a pull or push run (all of them, not only the first).
public struct ImageTransferError: Error, Sendable, Hashable, CustomStringConvertible {
    public var operation: String
    public var failures: [ImageTransferFailure]

    public var description: String {
        if failures.count == 1, let only = failures.first { return "\(operation) failed: \(only)" }
        return "\(operation) failed for \(failures.count) images:\n" + failures.map { "  " + $0.description }.joined(separator: "\n")
    }
}

/// Pulls images in parallel (bounded), with per-layer progress.
public struct ImagePuller: Sendable {
    public let client: any EngineAPI
    public let auth: RegistryAuth?
    /// At most this many pulls at once (`--parallel`, `COMPOSE_PARALLEL_LIMIT`).
    public let parallelism: Int

    public init(client: any EngineAPI, auth: RegistryAuth? = nil, parallelism: Int = 4) {
        self.client = client
        self.auth = auth
        self.parallelism = max(1, parallelism)
    }

    /// What `berth pull` pulls: every selected service with `image:` (all when `services` is empty).
    public static func items(project: Project, services: [String] = [], ignoreBuildable: Bool = false) -> [ImageTransferItem] {
        let names = services.isEmpty ? project.services.keys.sorted() : services
        return names.compactMap { name -> ImageTransferItem? in
            guard let service = project.services[name], let image = service.image, !image.isEmpty else { return nil }
            if ignoreBuildable && service.build != nil { return nil }
            return ImageTransferItem(service: name, image: image, platform: service.platform, buildable: service.build != nil)
        }
    }

    /// Pulls `items`, at most `parallelism` at once; the same image is pulled once. Failures of
    /// buildable services, and all failures with `ignoreFailures`, are returned; otherwise they
    /// are thrown together as `ImageTransferError` once every pull has ended.
    @discardableResult
    public func pull(
        _ items: [ImageTransferItem], ignoreFailures: Bool = false,
        progress: @escaping @Sendable (ImageTransferEvent) -> Void = { _ in }
    ) async throws -> [ImageTransferFailure] {
        var seen = Set<String>()
        let unique = items.filter { seen.insert($0.image + "|" + ($0.platform ?? "")).inserted }
        let failures = await transferAll(unique, parallelism: parallelism, progress: progress) { item in
            try await pull(item, progress: progress)
        }
        var fatalOnes: [ImageTransferFailure] = []
        if !ignoreFailures {
            let buildable = Set(unique.filter(\.buildable).map { $0.service + "|" + $0.image })
            fatalOnes = failures.filter { !buildable.contains($0.service + "|" + $0.image) }
        }
        if !fatalOnes.isEmpty { throw ImageTransferError(operation: "pull", failures: fatalOnes) }
        return failures
    }

    /// Pulls one image; throws `ImageTransferFailure`.
    public func pull(_ item: ImageTransferItem, progress: @escaping @Sendable (ImageTransferEvent) -> Void = { _ in }) async throws {
        try await transferImage(item, auth: auth, progress: progress) { [client] reference, header in
            try await client.pullImage(
                reference.name, tag: reference.digest ?? reference.tagOrDefault, platform: item.platform, registryAuth: header)
        }
    }

    /// When the engine last pulled or tagged `image` (`Metadata.LastTagTime`), for
    /// `PullPolicy.mustPull`; nil when the image is missing or the engine does not know.
    public func lastPullTime(of image: String) async throws -> Date? {
        let response = try await client.request(method: "GET", path: "/images/" + Self.pathEscaped(image) + "/json")
        guard response.status == 200 else { return nil }
        struct Inspect: Decodable {
            struct Metadata: Decodable { var LastTagTime: String? }
            var Metadata: Metadata?
        }
        guard let text = try? JSONDecoder().decode(Inspect.self, from: response.body).Metadata?.LastTagTime else { return nil }
        return Self.parseRFC3339(text)
    }

    static func pathEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "?#"))) ?? text
    }

    /// Go's RFC 3339 with nanoseconds; the zero time (`0001-01-01…`) is nil.
    static func parseRFC3339(_ text: String) -> Date? {
        guard !text.hasPrefix("0001-") else { return nil }
        var base = text
        var fraction = 0.0
        if let dot = text.firstIndex(of: ".") {
            let afterDot = text[text.index(after: dot)...]
            let digits = afterDot.prefix { $0.isNumber }
            fraction = Double("0." + digits) ?? 0
            base = String(text[..<dot]) + String(afterDot.dropFirst(digits.count))
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: base)?.addingTimeInterval(fraction)
    }

    static func kind(of message: ProgressMessage) -> ImageTransferEvent.Kind {
        let status = message.status ?? message.stream?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let id = message.id, !id.isEmpty, !status.isEmpty,
            message.progressDetail != nil || id.count == 12 {
            return .layer(id: id, status: status, current: message.progressDetail?.current, total: message.progressDetail?.total)
        }
        return .status(message.id.map { "\($0): \(status)" } ?? status)
    }

    static func isAuthentication(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("no basic auth credentials")
            || lower.contains("access denied") || lower.contains("denied: requested access")
    }
}

/// Pushes images in parallel (bounded), with per-layer progress.
public struct ImagePusher: Sendable {
    public let client: any EngineAPI
    public let auth: RegistryAuth?
    public let parallelism: Int

    public init(client: any EngineAPI, auth: RegistryAuth? = nil, parallelism: Int = 4) {
        self.client = client
        self.auth = auth
        self.parallelism = max(1, parallelism)
    }

    /// What `berth push` pushes, as Compose: services with both `build:` and `image:` (their
    /// image and `build.tags`).
    public static func items(project: Project, services: [String] = []) -> [ImageTransferItem] {
        let names = services.isEmpty ? project.services.keys.sorted() : services
        var out: [ImageTransferItem] = []
        for name in names {
            guard let service = project.services[name], let build = service.build, let image = service.image, !image.isEmpty else { continue }
            out.append(ImageTransferItem(service: name, image: image, buildable: true))
            for tag in build.tags where tag != image { out.append(ImageTransferItem(service: name, image: tag, buildable: true)) }
        }
        return out
    }

    /// Pushes `items`; failures are thrown together unless `ignoreFailures`, then returned.
    @discardableResult
    public func push(
        _ items: [ImageTransferItem], ignoreFailures: Bool = false,
        progress: @escaping @Sendable (ImageTransferEvent) -> Void = { _ in }
    ) async throws -> [ImageTransferFailure] {
        var seen = Set<String>()
        let unique = items.filter { seen.insert($0.image).inserted }
        let failures = await transferAll(unique, parallelism: parallelism, progress: progress) { item in
            try await push(item, progress: progress)
        }
        if !ignoreFailures && !failures.isEmpty { throw ImageTransferError(operation: "push", failures: failures) }
        return failures
    }

    /// Pushes one image; throws `ImageTransferFailure`.
    public func push(_ item: ImageTransferItem, progress: @escaping @Sendable (ImageTransferEvent) -> Void = { _ in }) async throws {
        try await transferImage(item, auth: auth, progress: progress) { [client] reference, header in
            try await client.pushImage(reference.name, tag: reference.tagOrDefault, registryAuth: header)
        }
    }
}

/// Runs `transfer` on every item, bounded; each failure is reported as a `.failed` event and
/// returned (in item order) instead of thrown.
func transferAll(
    _ items: [ImageTransferItem], parallelism: Int, progress: @escaping @Sendable (ImageTransferEvent) -> Void,
    _ transfer: @escaping @Sendable (ImageTransferItem) async throws -> Void
) async -> [ImageTransferFailure] {
    await runBounded(items, parallelism: parallelism) { (item: ImageTransferItem) async -> ImageTransferFailure? in
        let failure: ImageTransferFailure
        do {
            try await transfer(item)
            return nil
        } catch let known as ImageTransferFailure {
            failure = known
        } catch {
            failure = ImageTransferFailure(
                service: item.service, image: item.image, registry: ImageReference(item.image).registry, message: "\(error)", isAuthentication: false)
        }
        progress(ImageTransferEvent(service: item.service, image: item.image, kind: .failed(failure.message)))
        return failure
    }
}

/// One pull or push: credentials for the image's registry, the engine's progress stream turned
/// into events, and failures as `ImageTransferFailure` (telling authentication apart).
func transferImage(
    _ item: ImageTransferItem, auth: RegistryAuth?, progress: @escaping @Sendable (ImageTransferEvent) -> Void,
    open: (ImageReference, String?) async throws -> AsyncThrowingStream<ProgressMessage, any Error>
) async throws {
    let reference = ImageReference(item.image)
    let header: String?
    do {
        header = try auth?.header(forImage: item.image)
    } catch {
        throw ImageTransferFailure(service: item.service, image: item.image, registry: reference.registry, message: error.description, isAuthentication: true)
    }
    progress(ImageTransferEvent(service: item.service, image: item.image, kind: .started))
    do {
        for try await message in try await open(reference, header) {
            progress(ImageTransferEvent(service: item.service, image: item.image, kind: ImagePuller.kind(of: message)))
        }
    } catch let error as EngineError {
        throw ImageTransferFailure(
            service: item.service, image: item.image, registry: reference.registry, message: error.message,
            isAuthentication: ImagePuller.isAuthentication(error.message))
    }
    progress(ImageTransferEvent(service: item.service, image: item.image, kind: .done))
}

/// Runs `work` on every item, at most `parallelism` at once; returns the non-nil results in
/// item order.
func runBounded<Item: Sendable, Result: Sendable>(
    _ items: [Item], parallelism: Int, _ work: @escaping @Sendable (Item) async -> Result?
) async -> [Result] {
    await withTaskGroup(of: (Int, Result?).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        while next < items.count && next < parallelism {
            let index = next
            group.addTask { (index, await work(items[index])) }
            next += 1
        }
        while let (index, result) = await group.next() {
            results[index] = result
            if next < items.count {
                let index = next
                group.addTask { (index, await work(items[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}

/// One row of `berth images`: the image a project container uses.
public struct ImageRow: Sendable, Hashable, Codable {
    /// The container's name (without the leading `/`).
    public var container: String
    public var service: String?
    /// `<none>` for an untagged image.
    public var repository: String
    /// `<none>` for an untagged image.
    public var tag: String
    /// The full image ID (`sha256:…`).
    public var id: String
    /// Bytes.
    public var size: Int64
    /// Unix seconds, when known.
    public var created: Int64?
}

/// The data of `berth images`.
public struct ImageLister: Sendable {
    public let client: any EngineAPI

    public init(client: any EngineAPI) {
        self.client = client
    }

    /// The image of every container of `project` (only `services`' when given), sorted by
    /// container name; each distinct image is inspected once.
    public func list(project: String, services: [String] = []) async throws -> [ImageRow] {
        var filters = Filters()
        filters.label("com.docker.compose.project", project)
        let containers = try await client.listContainers(all: true, filters: filters)
        var images: [String: ImageInspect] = [:]
        var rows: [ImageRow] = []
        for container in containers {
            let service = container.labels?["com.docker.compose.service"]
            if !services.isEmpty, !services.contains(service ?? "") { continue }
            guard let imageID = container.imageID ?? container.image else { continue }
            if images[imageID] == nil {
                images[imageID] = try? await client.inspectImage(imageID)
            }
            let inspect = images[imageID]
            let tags = inspect?.repoTags ?? []
            let wanted = container.image.map { ImageReference($0).description }
            let chosen = tags.first { ImageReference($0).description == wanted } ?? tags.first
            var repository = "<none>", tag = "<none>"
            if let chosen {
                let reference = ImageReference(chosen)
                repository = reference.name
                tag = reference.tag ?? "latest"
            }
            let name = (container.names?.first ?? container.id ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            rows.append(ImageRow(
                container: name, service: service, repository: repository, tag: tag, id: inspect?.id ?? imageID,
                size: inspect?.size ?? 0, created: nil))
        }
        return rows.sorted { $0.container < $1.container }
    }
}

/// `down --rmi local|all`: which images to remove, and removing them.
public struct ImageRemover: Sendable {
    /// `local`: only the images named after the project (services without `image:`);
    /// `all`: every service's image.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case local
        case all
    }

    public let client: any EngineAPI

    public init(client: any EngineAPI) {
        self.client = client
    }

    /// The images `down --rmi mode` removes, sorted, without duplicates.
    public static func images(project: Project, mode: Mode) -> [String] {
        var names = Set<String>()
        for (name, service) in project.services {
            if let image = service.image, !image.isEmpty {
                if mode == .all { names.insert(image) }
            } else if service.build != nil || mode == .all {
                names.insert(ImageBuilder.defaultImageName(project: project.name, service: name))
            }
        }
        return names.sorted()
    }

    /// Removes `images`; a missing image is not an error. Returns the images removed.
    @discardableResult
    public func remove(_ images: [String], force: Bool = false) async throws -> [String] {
        var removed: [String] = []
        for image in images {
            do {
                try await client.removeImage(image, force: force)
                removed.append(image)
            } catch let error as EngineError where error.isNotFound {
                continue
            }
        }
        return removed
    }
}
