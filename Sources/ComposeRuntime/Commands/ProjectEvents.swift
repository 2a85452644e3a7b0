import ComposePlanner
import EngineClient
import Foundation

/// One container event of the project, as `docker compose events --json` prints it.
public struct ProjectEvent: Sendable, Hashable, Encodable {
    /// RFC 3339 time with nanoseconds.
    public var time: String
    public var type: String
    public var action: String
    public var id: String
    public var service: String
    public var attributes: [String: String]
}

extension ProjectRunner {
    /// The project's container events from `since` (until `until`, or following forever).
    public func events(since: String?, until: String?, services: [String]) async throws -> AsyncThrowingStream<ProjectEvent, any Error> {
        _ = try scope(services)
        var f = Filters()
        f.label(ComposeLabels.project, name)
        f.add("type", "container")
        let filters = f
        let stream = try await call("subscribing to the events of project \(name)") {
            try await self.client.events(since: since, until: until, filters: filters)
        }
        let wanted = Set(services)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in stream {
                        let attributes = event.actor?.attributes ?? [:]
                        let service = attributes[ComposeLabels.service] ?? ""
                        guard wanted.isEmpty || wanted.contains(service) else { continue }
                        continuation.yield(ProjectEvent(
                            time: Self.eventTime(event), type: event.type ?? "container",
                            action: event.action ?? event.status ?? "", id: event.actor?.id ?? event.id ?? "",
                            service: service,
                            attributes: attributes.filter { !$0.key.hasPrefix("com.docker.compose.") }))
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    static func eventTime(_ event: EngineEvent) -> String {
        let nanos = event.timeNano ?? (event.time ?? 0) * 1_000_000_000
        let seconds = nanos / 1_000_000_000
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var text = formatter.string(from: date)
        text.removeLast()  // "Z"
        return text + String(format: ".%09dZ", Int(nanos % 1_000_000_000))
    }
}
