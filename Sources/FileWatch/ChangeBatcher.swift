/// Groups file events into batches, with no I/O of its own: the watcher feeds it events and
/// the time, asks when the next batch is due and takes it.
///
/// A change after a calm period is due after `settle` only (long enough to gather the few
/// events of one save: write, rename, chmod), so a single save never waits for the quiet
/// window. Once a batch has gone out, further events within `quiet` of the previous one are
/// treated as a burst: the batch closes when the tree has been still for `quiet`, or at
/// `maxDelay` after its first event, whichever comes first.
public struct ChangeBatcher: Sendable {
    /// Wait after the first event of a calm period, nanoseconds.
    public let settle: UInt64
    /// Stillness that ends a burst, nanoseconds.
    public let quiet: UInt64
    /// The longest a batch is held, nanoseconds.
    public let maxDelay: UInt64

    private var paths: [String] = []
    private var seen: Set<String> = []
    private var firstAt: UInt64 = 0
    private var lastAt: UInt64 = 0
    private var lastFlush: UInt64?
    private var bursting = false

    /// Defaults measured with bench/watch: 4 ms gathers an editor's save; 40 ms of stillness
    /// ends a `git checkout` or a build writing hundreds of files.
    public init(settle: UInt64 = 4_000_000, quiet: UInt64 = 40_000_000, maxDelay: UInt64 = 1_000_000_000) {
        self.settle = settle
        self.quiet = quiet
        self.maxDelay = maxDelay
    }

    /// True when no event is waiting.
    public var isEmpty: Bool { paths.isEmpty }

    /// When the first event of the waiting batch arrived (monotonic nanoseconds), or nil.
    public var firstEventAt: UInt64? { paths.isEmpty ? nil : firstAt }

    /// Records a change to `path` at `now` (monotonic nanoseconds).
    public mutating func add(_ path: String, at now: UInt64) {
        if paths.isEmpty {
            firstAt = now
            bursting = lastFlush.map { now &- $0 < quiet } ?? false
        }
        lastAt = now
        if seen.insert(path).inserted { paths.append(path) }
    }

    /// When the waiting batch is due (monotonic nanoseconds), or nil when nothing waits.
    public var deadline: UInt64? {
        guard !paths.isEmpty else { return nil }
        let wait = bursting ? quiet : settle
        return min(lastAt &+ wait, firstAt &+ maxDelay)
    }

    /// The batch, in first-seen order, if it is due at `now`; the batcher starts over.
    public mutating func take(at now: UInt64) -> [String]? {
        guard let deadline, now >= deadline else { return nil }
        let batch = paths
        paths.removeAll(keepingCapacity: true)
        seen.removeAll(keepingCapacity: true)
        lastFlush = now
        return batch
    }
}
