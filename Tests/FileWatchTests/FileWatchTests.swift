import FileWatch
import Foundation
import Testing

@Suite("ChangeBatcher")
struct ChangeBatcherTests {
    let ms: UInt64 = 1_000_000

    @Test func aSingleSaveOnlyWaitsTheSettleTime() {
        var b = ChangeBatcher(settle: 4 * ms, quiet: 40 * ms, maxDelay: 1000 * ms)
        b.add("/a", at: 100 * ms)
        b.add("/a", at: 101 * ms)
        #expect(b.deadline == 105 * ms)
        #expect(b.take(at: 104 * ms) == nil)
        #expect(b.take(at: 105 * ms) == ["/a"])
        #expect(b.isEmpty)
    }

    @Test func aBurstWaitsForTheQuietWindowCappedByMaxDelay() {
        var b = ChangeBatcher(settle: 4 * ms, quiet: 40 * ms, maxDelay: 200 * ms)
        b.add("/first", at: 0)
        #expect(b.take(at: 4 * ms) == ["/first"])
        // Within `quiet` of the last flush: a burst.
        for i in 0..<100 { b.add("/f\(i)", at: (10 + UInt64(i)) * ms) }
        #expect(b.deadline == 149 * ms)
        #expect(b.take(at: 120 * ms) == nil)
        #expect(b.take(at: 149 * ms)?.count == 100)
        // A never-ending stream is cut at maxDelay.
        for i in 0..<1000 { b.add("/g\(i % 7)", at: (150 + UInt64(i)) * ms) }
        #expect(b.deadline == 350 * ms)
        #expect(b.take(at: 350 * ms) == (0..<7).map { "/g\($0)" })
    }

    @Test func afterACalmPeriodTheSettleTimeAppliesAgain() {
        var b = ChangeBatcher(settle: 4 * ms, quiet: 40 * ms)
        b.add("/a", at: 0)
        _ = b.take(at: 4 * ms)
        b.add("/b", at: 500 * ms)
        #expect(b.deadline == 504 * ms)
    }
}

@Suite("WatchFilter")
struct WatchFilterTests {
    @Test func ignoreOrderAndInclude() throws {
        let docker = try DockerIgnore(contents: "build/\n**/*.log\n")
        let f = try WatchFilter(root: "/p/src", ignore: ["*.tmp", "cache/"], include: ["**/*.js", "*.log"], dockerIgnore: ("/p", docker))
        #expect(!f.ignores("/p/src/app.js"))
        #expect(!f.ignores("/p/src/lib/deep.js"))
        #expect(f.ignores("/p/src/style.css"), "not included")
        #expect(f.ignores("/p/src/x.log"), ".dockerignore")
        #expect(f.ignores("/p/src/x.tmp"), "rule ignore")
        #expect(f.ignores("/p/src/cache/a.js"), "rule ignore of a directory")
        #expect(f.ignores("/p/src/.git/a.js"), ".git")
        #expect(f.ignores("/p/src/.app.js.swp"), "vim swap")
        #expect(f.ignores("/p/src/app.js~"), "backup")
        #expect(f.ignores("/p/src/4913"), "vim probe")
        #expect(f.ignores("/p/other/app.js"), "outside the root")
        #expect(f.skipsDirectory("/p/src/cache"))
        #expect(f.skipsDirectory("/p/src/.git"))
        #expect(!f.skipsDirectory("/p/src/lib"))
    }

    @Test func aFileRoot() throws {
        let f = try WatchFilter(root: "/p/app.conf")
        #expect(!f.ignores("/p/app.conf"))
        #expect(f.ignores("/p/app.conf2"))
        #expect(f.ignores("/p/other"))
    }
}

@Suite("FileWatcher (inotify)")
struct FileWatcherTests {
    static func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "wat-fw-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func collect(_ watcher: FileWatcher, until done: @escaping @Sendable (Set<String>) -> Bool, timeout: Double = 10) async -> Set<String> {
        var seen: Set<String> = []
        let end = Date().addingTimeInterval(timeout)
        while !done(seen) && Date() < end {
            let batch = await withTaskGroup(of: FileWatcher.Batch?.self) { group in
                group.addTask { await watcher.next() }
                group.addTask {
                    try? await Task.sleep(for: .seconds(timeout))
                    return nil
                }
                let first = await group.next() ?? nil
                group.cancelAll()
                return first
            }
            guard let batch else { break }
            seen.formUnion(batch.paths)
        }
        return seen
    }

    @Test func recursiveIncludingNewDirectoriesAndDeletes() async throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/a/b", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/skip/inner", withIntermediateDirectories: true)
        let watcher = try FileWatcher(roots: [dir], skip: { $0.hasSuffix("/skip") })
        defer { watcher.stop() }
        #expect(watcher.watchCount == 3, "root, a, a/b; skip and what is under it are not watched")

        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/a/b/file.txt"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/skip/inner/no.txt"))
        try FileManager.default.createDirectory(atPath: dir + "/new/deeper", withIntermediateDirectories: true)
        try await Task.sleep(for: .milliseconds(100))
        try Data("y".utf8).write(to: URL(fileURLWithPath: dir + "/new/deeper/late.txt"))
        let seen = await Self.collect(watcher) { $0.contains(dir + "/new/deeper/late.txt") && $0.contains(dir + "/a/b/file.txt") }
        #expect(seen.contains(dir + "/a/b/file.txt"))
        #expect(seen.contains(dir + "/new"))
        #expect(seen.contains(dir + "/new/deeper/late.txt"), "a directory created later is watched")
        #expect(!seen.contains(where: { $0.contains("/skip/") }))

        try FileManager.default.removeItem(atPath: dir + "/a/b/file.txt")
        let deleted = await Self.collect(watcher) { $0.contains(dir + "/a/b/file.txt") }
        #expect(deleted.contains(dir + "/a/b/file.txt"))
    }

    /// A tree that appears whole (moved in, or made faster than the watcher reads its
    /// events) sends no event for what is inside it: the scan that watches it reports that.
    @Test func aTreeMovedInIsReportedWithItsFiles() async throws {
        let dir = try Self.tempDir()
        let outside = try Self.tempDir()
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: outside)
        }
        try FileManager.default.createDirectory(atPath: outside + "/tree/inner/skip", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside + "/tree/top.txt"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside + "/tree/inner/deep.txt"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside + "/tree/inner/skip/no.txt"))
        let watcher = try FileWatcher(roots: [dir], skip: { $0.hasSuffix("/skip") })
        defer { watcher.stop() }
        #expect(rename(outside + "/tree", dir + "/tree") == 0)
        let seen = await Self.collect(watcher) { $0.contains(dir + "/tree/inner/deep.txt") && $0.contains(dir + "/tree/top.txt") }
        #expect(seen.contains(dir + "/tree"))
        #expect(seen.contains(dir + "/tree/inner"))
        #expect(seen.contains(dir + "/tree/top.txt"))
        #expect(seen.contains(dir + "/tree/inner/deep.txt"))
        #expect(!seen.contains(where: { $0.contains("/skip") }))
        // And the moved-in tree is watched from now on.
        try Data("y".utf8).write(to: URL(fileURLWithPath: dir + "/tree/inner/later.txt"))
        let later = await Self.collect(watcher) { $0.contains(dir + "/tree/inner/later.txt") }
        #expect(later.contains(dir + "/tree/inner/later.txt"))
    }

    @Test func theWatchBoundGivesAClearError() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for i in 0..<5 { try FileManager.default.createDirectory(atPath: dir + "/d\(i)", withIntermediateDirectories: true) }
        #expect {
            _ = try FileWatcher(roots: [dir], maxWatches: 3)
        } throws: { error in
            "\(error)".contains("fs.inotify.max_user_watches")
        }
    }
}
