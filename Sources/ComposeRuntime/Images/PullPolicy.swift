import ComposeModel
import EngineClient
import Foundation

/// A service's `pull_policy`, as Compose reads it.
public enum PullPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Pull every time.
    case always
    /// Pull only when the image is not present (`missing`, `if_not_present`; the default).
    case missing
    /// Never pull; a missing image is an error (or built, when the service builds).
    case never
    /// Always build, never pull.
    case build
    /// Pull when the local image was pulled longer ago than the interval (`daily`, `weekly`,
    /// `every_<duration>`).
    case refresh(interval: Duration)

    /// Parses a `pull_policy` value; nil (no value) is `missing`. Returns nil for unknown text.
    public init?(_ text: String?) {
        guard let text, !text.isEmpty else {
            self = .missing
            return
        }
        switch text {
        case "always": self = .always
        case "missing", "if_not_present": self = .missing
        case "never": self = .never
        case "build": self = .build
        case "daily": self = .refresh(interval: .seconds(24 * 3600))
        case "weekly": self = .refresh(interval: .seconds(7 * 24 * 3600))
        default:
            guard text.hasPrefix("every_"), let duration = ComposeDuration.parse(String(text.dropFirst("every_".count))),
                duration.nanoseconds > 0
            else { return nil }
            self = .refresh(interval: .nanoseconds(duration.nanoseconds))
        }
    }

    public var description: String {
        switch self {
        case .always: return "always"
        case .missing: return "missing"
        case .never: return "never"
        case .build: return "build"
        case .refresh(let interval): return "every_\(interval.components.seconds)s"
        }
    }

    /// Whether `up` must pull the service's image (Compose's `mustPull`): never for a service
    /// without `image:`; `always` pulls; `never` and `build` do not; `missing` pulls when there
    /// is no local image; a refresh interval pulls when the image is missing or was pulled
    /// (`pulledAt`, the engine's `Metadata.LastTagTime`) longer ago, and like `missing` when the
    /// pull time is unknown. An unknown policy text counts as `missing`.
    public static func mustPull(service: Service, localImage: ImageInspect?, now: Date, pulledAt: Date? = nil) -> Bool {
        guard let image = service.image, !image.isEmpty else { return false }
        switch PullPolicy(service.pullPolicy) ?? .missing {
        case .always: return true
        case .never, .build: return false
        case .missing: return localImage == nil
        case .refresh(let interval):
            guard localImage != nil else { return true }
            guard let pulledAt else { return false }
            let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            return now > pulledAt.addingTimeInterval(seconds)
        }
    }

    /// Whether `up` must build the service: it has `build:` and either its policy is `build` or
    /// the image is not present (after any pull).
    public static func mustBuild(service: Service, localImage: ImageInspect?) -> Bool {
        guard service.build != nil else { return false }
        if PullPolicy(service.pullPolicy) == .build { return true }
        return localImage == nil
    }
}
