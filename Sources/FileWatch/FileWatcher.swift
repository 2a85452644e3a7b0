import BerthBasics
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why watching cannot go on.
public enum FileWatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kernel's or Berth's bound on inotify watches was reached.
    case watchLimit(path: String, watches: Int, kernelLimit: Int?)
    /// No inotify instance could be made (`fs.inotify.max_user_instances`).
    case instanceLimit(reason: String)
    /// A path could not be watched.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .watchLimit(let path, let watches, let kernelLimit):
            let limit = kernelLimit.map { "fs.inotify.max_user_watches is \($0)" } ?? "fs.inotify.max_user_watches is unknown"
            return "cannot watch \(path): out of inotify watches after \(watches) directories (\(limit)); "
                + "raise it (sysctl -w fs.inotify.max_user_watches=524288) or ignore large directories in the rule's ignore or .dockerignore"
        case .instanceLimit(let reason):
            return "cannot start an inotify instance: \(reason); raise fs.inotify.max_user_instances"
        case .io(let path, let reason):
            return "cannot watch \(path): \(reason)"
        }
    }
}

/// Watches directory trees with Linux inotify: one watch per directory (directories created
/// later are added as they appear), none for directories the filter skips, at most
/// `maxWatches` in all. Changed paths come out in batches (see `ChangeBatcher`) from a thread
/// that blocks in `poll`: an idle watcher costs no CPU.
public final class FileWatcher: @unchecked Sendable {
    /// What `next()` hands out: every path changed since the last call, and any error met.
    public struct Batch: Sendable {
        public var paths: [String]
        public var errors: [FileWatchError]
        /// When the oldest event in `paths` arrived (monotonic nanoseconds; see `monotonicNow`).
        public var firstEventAt: UInt64?
        /// When the batcher let the (last) batch out.
        public var releasedAt: UInt64?
    }

    /// The watched roots (absolute, cleaned): directories watched recursively, or single files.
    public let roots: [String]
    private let skip: @Sendable (String) -> Bool
    private let maxWatches: Int
    private let fd: Int32
    private var wake: (read: Int32, write: Int32)
    private var batcher: ChangeBatcher
    private var directories: [Int32: String] = [:]

    // Shared with the consumer, under `lock`.
    private let lock = NSLock()
    private var pending: [String] = []
    private var pendingSet: Set<String> = []
    private var errors: [FileWatchError] = []
    private var pendingFirstEvent: UInt64?
    private var pendingReleased: UInt64?
    private var waiter: CheckedContinuation<Void, Never>?
    private var stopped = false
    private var descriptorsClosed = false
    private var thread: Thread?

    /// Starts watching `roots`. `skip` says which directories need no watch (they and what
    /// is under them are ignored); `maxWatches` bounds the watches this watcher adds.
    public init(
        roots: [String], skip: @escaping @Sendable (String) -> Bool = { _ in false }, maxWatches: Int = 65_536,
        batcher: ChangeBatcher = ChangeBatcher()
    ) throws(FileWatchError) {
        self.roots = Array(Set(roots.map(POSIXPath.clean))).sorted()
        self.skip = skip
        self.maxWatches = maxWatches
        self.batcher = batcher
        let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw .instanceLimit(reason: Self.errorText()) }
        self.fd = fd
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            close(fd)
            throw .io(path: "pipe", reason: Self.errorText())
        }
        wake = (pipeFDs[0], pipeFDs[1])
        for end in pipeFDs { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        do {
            for root in self.roots { try addRoot(root) }
        } catch {
            closeAll()
            throw error
        }
        let thread = Thread { [self] in self.loop() }
        thread.name = "berth-file-watch"
        self.thread = thread
        thread.start()
    }

    deinit { closeAll() }

    /// Closes the descriptors, once. A throwing `init` closes them and Swift then runs
    /// `deinit` on the fully initialized object too: a second `close` would shut whatever
    /// descriptor has since been given the same number, such as another watcher's inotify
    /// instance, whose events this one's thread would then read.
    private func closeAll() {
        let first: Bool = lock.withLock {
            defer { descriptorsClosed = true }
            return !descriptorsClosed
        }
        guard first else { return }
        close(fd)
        close(wake.read)
        close(wake.write)
    }

    /// How many inotify watches are in place.
    public var watchCount: Int { lock.withLock { directories.count } }

    /// Waits for the next batch; nil once `stop()` was called.
    public func next() async -> Batch? {
        while true {
            let ready: Batch? = lock.withLock {
                guard !pending.isEmpty || !errors.isEmpty else { return nil }
                defer {
                    pending.removeAll()
                    pendingSet.removeAll()
                    errors.removeAll()
                    pendingFirstEvent = nil
                    pendingReleased = nil
                }
                return Batch(paths: pending, errors: errors, firstEventAt: pendingFirstEvent, releasedAt: pendingReleased)
            }
            if let ready { return ready }
            if lock.withLock({ stopped }) || Task.isCancelled { return nil }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    lock.lock()
                    if !pending.isEmpty || !errors.isEmpty || stopped || Task.isCancelled {
                        lock.unlock()
                        c.resume()
                        return
                    }
                    waiter = c
                    lock.unlock()
                }
            } onCancel: {
                self.signal()
            }
        }
    }

    /// Stops the watcher thread; `next()` returns what is left, then nil.
    public func stop() {
        lock.withLock { stopped = true }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
        signal()
    }

    private func signal() {
        let w: CheckedContinuation<Void, Never>? = lock.withLock {
            defer { waiter = nil }
            return waiter
        }
        w?.resume()
    }

    private func deliver(paths: [String] = [], firstEventAt: UInt64? = nil, error: FileWatchError? = nil) {
        lock.withLock {
            if !paths.isEmpty {
                if pendingFirstEvent == nil { pendingFirstEvent = firstEventAt }
                pendingReleased = Self.monotonicNow()
            }
            for p in paths where pendingSet.insert(p).inserted { pending.append(p) }
            if let error { errors.append(error) }
        }
        signal()
    }

    // MARK: - the watcher thread

    /// The monotonic clock the batch times are read from, nanoseconds.
    public static func monotonicNow() -> UInt64 { now() }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    private func loop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var timeout: Int32 = -1
            if let deadline = batcher.deadline {
                let now = Self.now()
                timeout = deadline <= now ? 0 : Int32(min((deadline - now + 999_999) / 1_000_000, 60_000))
            }
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, 2, timeout)
            if n < 0 && errno != EINTR { break }
            if fds[1].revents != 0 { break }
            if fds[0].revents != 0 { drain(&buffer) }
            let first = batcher.firstEventAt
            if let batch = batcher.take(at: Self.now()) { deliver(paths: batch, firstEventAt: first) }
        }
        let first = batcher.firstEventAt
        if !batcher.isEmpty, let batch = batcher.take(at: UInt64.max) { deliver(paths: batch, firstEventAt: first) }
    }

    private func drain(_ buffer: inout [UInt8]) {
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            guard count > 0 else { return }
            var offset = 0
            let now = Self.now()
            while offset + 16 <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                     raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                     Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                var nameBytes = buffer[(offset + 16)..<min(count, offset + 16 + length)]
                if let zero = nameBytes.firstIndex(of: 0) { nameBytes = nameBytes[..<zero] }
                handle(wd: wd, mask: mask, name: String(decoding: nameBytes, as: UTF8.self), now: now)
                offset += 16 + length
            }
        }
    }

    private static func has(_ mask: UInt32, _ flag: Int32) -> Bool { mask & UInt32(bitPattern: flag) != 0 }

    private func handle(wd: Int32, mask: UInt32, name: String, now: UInt64) {
        if Self.has(mask, IN_Q_OVERFLOW) {
            // Events were lost: report every root so nothing is left out of step.
            for root in roots { batcher.add(root, at: now) }
            return
        }
        guard let dir = lock.withLock({ directories[wd] }) else { return }
        if Self.has(mask, IN_IGNORED) {
            _ = lock.withLock { directories.removeValue(forKey: wd) }
            return
        }
        let path = name.isEmpty ? dir : (dir == "/" ? "/" + name : dir + "/" + name)
        guard let root = root(of: path) else { return }
        let isDirectory = Self.has(mask, IN_ISDIR)
        if isDirectory && Self.has(mask, IN_MOVED_FROM) { forget(under: path) }
        if isDirectory && (Self.has(mask, IN_CREATE) || Self.has(mask, IN_MOVED_TO)) {
            if skip(path) { return }
            do {
                // What was made inside it before its watch was in place sent no event of its
                // own (`mkdir -p a/b && echo > a/b/f` races the watcher): report it from the scan.
                try addTree(path, root: root) { self.batcher.add($0, at: now) }
            } catch {
                deliver(error: error)
            }
        } else if !isDirectory && Self.has(mask, IN_CREATE) && Self.isRegularFile(path) {
            // A new regular file is reported when it is closed after writing.
            return
        }
        batcher.add(path, at: now)
    }

    private func root(of path: String) -> String? {
        roots.first { WatchFilter.relative(path, to: $0) != nil }
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    private func forget(under path: String) {
        let gone = lock.withLock { directories.filter { WatchFilter.relative($0.value, to: path) != nil } }
        for (wd, _) in gone {
            inotify_rm_watch(fd, wd)
            _ = lock.withLock { directories.removeValue(forKey: wd) }
        }
    }

    // MARK: - adding watches

    private static let directoryMask: UInt32 = [IN_CLOSE_WRITE, IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO, IN_ATTRIB, IN_DELETE_SELF, IN_MOVE_SELF, IN_ONLYDIR, IN_DONT_FOLLOW, IN_EXCL_UNLINK]
        .reduce(0) { $0 | UInt32(bitPattern: $1) }

    private func addRoot(_ root: String) throws(FileWatchError) {
        var info = stat()
        if stat(root, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR {
            try addTree(root, root: root)
            return
        }
        // A file, or a path not there yet: watch its directory; events are kept to the root.
        let parent = root.split(separator: "/").dropLast().joined(separator: "/")
        _ = try addWatch("/" + parent, required: true)
    }

    @discardableResult
    private func addWatch(_ path: String, required: Bool = false) throws(FileWatchError) -> Bool {
        if lock.withLock({ directories.count }) >= maxWatches {
            throw .watchLimit(path: path, watches: maxWatches, kernelLimit: Self.kernelWatchLimit())
        }
        let wd = inotify_add_watch(fd, path, Self.directoryMask)
        if wd < 0 {
            let code = errno
            if code == ENOSPC { throw .watchLimit(path: path, watches: watchCount, kernelLimit: Self.kernelWatchLimit()) }
            if !required && (code == ENOENT || code == EACCES || code == ENOTDIR) { return false }
            throw .io(path: path, reason: String(cString: strerror(code)))
        }
        lock.withLock { directories[wd] = path }
        return true
    }

    /// Watches `dir` and every directory under it not skipped; `found` hears of every entry
    /// under `dir` the scan meets (not skipped).
    private func addTree(_ dir: String, root: String, found: ((String) -> Void)? = nil) throws(FileWatchError) {
        guard try addWatch(dir, required: dir == root) else { return }
        guard let entries = try? LocalFileSystem().directoryEntries(dir) else { return }
        var children: [String] = []
        for entry in entries {
            let child = dir == "/" ? "/" + entry.name : dir + "/" + entry.name
            if entry.kind == .directory || (entry.kind == nil && Self.isDirectory(child)) {
                children.append(child)
            } else if let found, !skip(child) {
                found(child)
            }
        }
        for child in children where !skip(child) {
            found?(child)
            try addTree(child, root: root, found: found)
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    static func kernelWatchLimit() -> Int? {
        guard let data = LocalFileSystem().contentsIfReadable("/proc/sys/fs/inotify/max_user_watches") else { return nil }
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
