import FileWatch
import Foundation

/// Phase times of one batch, for `BERTH_WATCH_TRACE=1`: how long its first event waited in the
/// batcher and in the queue, then each step of handling it, as one `trace` event.
final class WatchTracer: @unchecked Sendable {
    private let lock = NSLock()
    private var last: UInt64
    private var parts: [String]
    private let events: @Sendable (WatchEvent) -> Void
    private let start: UInt64

    init(batch: FileWatcher.Batch, events: @escaping @Sendable (WatchEvent) -> Void) {
        let now = FileWatcher.monotonicNow()
        self.events = events
        last = now
        start = batch.firstEventAt ?? now
        var parts = ["\(batch.paths.count) path(s)"]
        if let first = batch.firstEventAt, let released = batch.releasedAt {
            parts.append("batcher \(Self.ms(released &- first))")
            parts.append("queue \(Self.ms(now &- released))")
        }
        self.parts = parts
    }

    /// Records the time since the previous mark under `phase`.
    func mark(_ phase: String) {
        let now = FileWatcher.monotonicNow()
        lock.withLock {
            parts.append("\(phase) \(Self.ms(now &- last))")
            last = now
        }
    }

    /// Sends the trace event.
    func finish() {
        let total = Self.ms(FileWatcher.monotonicNow() &- start)
        let text = lock.withLock { parts.joined(separator: ", ") }
        events(WatchEvent(level: .info, kind: "trace", message: "trace: \(text); first event to done \(total)"))
    }

    private static func ms(_ ns: UInt64) -> String { String(format: "%.1f ms", Double(ns) / 1_000_000) }
}
