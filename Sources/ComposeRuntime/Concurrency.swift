import BerthBasics
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A counting semaphore for async code: at most `permits` bodies run at once.
actor AsyncSemaphore {
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ permits: Int) { self.permits = max(1, permits) }

    func acquire() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension AsyncSemaphore {
    /// Runs `body` holding one permit.
    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}

/// Completion of plan actions: dependents wait on their dependencies; a failure (or an abort)
/// wakes every waiter with the error.
actor Completions<Key: Hashable & Sendable> {
    private var finished: Set<Key> = []
    private var failed: [Key: any Error] = [:]
    private var waiters: [Key: [CheckedContinuation<Void, any Error>]] = [:]
    private var abortError: (any Error)?

    /// Returns once `key` finished; throws the run's abort error, or `key`'s own failure.
    func wait(_ key: Key) async throws {
        if let abortError { throw abortError }
        if finished.contains(key) { return }
        if let error = failed[key] { throw error }
        try await withCheckedThrowingContinuation { waiters[key, default: []].append($0) }
    }

    /// `key` failed, the run goes on: what waits on `key` fails with `error`; the rest runs.
    func fail(_ key: Key, _ error: any Error) {
        failed[key] = error
        for w in waiters.removeValue(forKey: key) ?? [] { w.resume(throwing: error) }
    }

    /// Throws if the run was aborted.
    func check() throws {
        if let abortError { throw abortError }
    }

    func finish(_ key: Key) {
        finished.insert(key)
        for w in waiters.removeValue(forKey: key) ?? [] { w.resume() }
    }

    func abort(_ error: any Error) {
        guard abortError == nil else { return }
        abortError = error
        let all = waiters
        waiters = [:]
        for (_, list) in all { for w in list { w.resume(throwing: error) } }
    }
}

/// The failures of one run, in the order they happened. One failure seen again (a dependent
/// that fails with its dependency's error, a wait ended by the abort) is kept once.
actor Failures {
    private var errors: [any Error] = []
    private var seen: Set<String> = []

    func record(_ error: any Error) {
        if seen.insert(String(describing: error)).inserted { errors.append(error) }
    }

    /// Nil when nothing failed; the one failure; or all of them (`RuntimeError.aggregate`).
    var error: (any Error)? {
        guard let first = errors.first else { return nil }
        if errors.count == 1 { return first }
        return RuntimeError.aggregate(errors.map { $0 as? RuntimeError ?? RuntimeError(.other, String(describing: $0)) })
    }
}

/// Runs `body` for every item at once and waits for all of them; a failure does not stop the
/// others, and every failure is reported (one, or `RuntimeError.aggregate`).
func fanOut<Item: Sendable>(_ items: [Item], _ body: @escaping @Sendable (Item) async throws -> Void) async throws {
    let failures = Failures()
    await withTaskGroup(of: Void.self) { group in
        for item in items {
            group.addTask {
                do { try await body(item) } catch { await failures.record(error) }
            }
        }
        await group.waitForAll()
    }
    if let error = await failures.error { throw error }
}

/// An exclusive lock on a file (`flock`), so two Berth processes (or two runs in one process)
/// working on one project take turns.
final class ProjectLock: Sendable {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Waits for the lock on `/…/berth-<project>.lock` (in `$XDG_RUNTIME_DIR`, else `/tmp`).
    static func acquire(project: String, environment: Environment = ProcessEnvironment.current) async throws -> ProjectLock {
        let (path, fd) = try openLockFile(project: project, suffix: "", environment: environment)
        var delay: UInt64 = 5_000_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno != EWOULDBLOCK && errno != EINTR && errno != EAGAIN {
                let message = String(cString: strerror(errno))
                close(fd)
                throw RuntimeError(.other, "cannot lock \(path): \(message)")
            }
            do {
                try await Task.sleep(nanoseconds: delay)
            } catch {
                close(fd)
                throw error
            }
            delay = min(delay * 2, 100_000_000)
        }
        return ProjectLock(fd: fd)
    }

    /// Takes the lock `berth-<project><suffix>.lock` now, or returns nil when another process holds it.
    static func tryAcquire(project: String, suffix: String, environment: Environment = ProcessEnvironment.current) throws -> ProjectLock? {
        let (path, fd) = try openLockFile(project: project, suffix: suffix, environment: environment)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK || code == EAGAIN || code == EINTR { return nil }
            throw RuntimeError(.other, "cannot lock \(path): \(String(cString: strerror(code)))")
        }
        return ProjectLock(fd: fd)
    }

    private static func openLockFile(project: String, suffix: String, environment: Environment) throws -> (String, Int32) {
        let dir = environment.nonEmpty("XDG_RUNTIME_DIR") ?? "/tmp"
        let safe = String(project.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let path = "\(dir)/berth-\(safe)\(suffix).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw RuntimeError(.other, "cannot open the project lock \(path): \(String(cString: strerror(errno)))")
        }
        return (path, fd)
    }

    /// Releases the lock.
    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
