import EngineClient
import Foundation

/// The image inspects of one command run. `up` needs each image twice (is it there, and its ID
/// for the config comparison), and many services share one image: asked once per distinct
/// image, in parallel, a no-op `up` of 20 services on one image makes one inspect, not 22 in a row.
final class ImageInspections: @unchecked Sendable {
    private let lock = NSLock()
    /// An image known to be missing maps to nil.
    private var known: [String: ImageInspect?] = [:]

    func lookup(_ image: String) -> ImageInspect?? {
        lock.withLock { known[image] }
    }

    func store(_ image: String, _ inspect: ImageInspect?) {
        lock.withLock { known[image] = .some(inspect) }
    }

    /// After a pull or a build the local images are not what was seen.
    func forgetAll() {
        lock.withLock { known.removeAll() }
    }
}

extension ProjectRunner {
    /// The local images among `images` (a missing one, or one the engine could not inspect, is
    /// absent), each inspected at most once per run.
    func localImages(_ images: Set<String>) async -> [String: ImageInspect] {
        var out: [String: ImageInspect] = [:]
        var unknown: [String] = []
        for image in images {
            switch imageInspections.lookup(image) {
            case .some(.some(let inspect)): out[image] = inspect
            case .some(.none): continue
            case .none: unknown.append(image)
            }
        }
        await withTaskGroup(of: (String, ImageInspect?).self) { group in
            for image in unknown {
                group.addTask {
                    (image, try? await self.limiter.run { try await self.client.inspectImage(image) })
                }
            }
            for await (image, inspect) in group {
                imageInspections.store(image, inspect)
                if let inspect { out[image] = inspect }
            }
        }
        return out
    }
}
