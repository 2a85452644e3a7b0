import ComposeRuntime
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Generates a tree of BENCH_FILES files (default 10 000) with a .dockerignore, then times, in
// the same run and on the same files:
//  - BuildContext: walk + .dockerignore + tar stream written to a file in 64 KiB chunks;
//  - GNU tar: `tar -c --no-recursion -T filelist -f out.tar` of exactly the members
//    BuildContext chose (so tar gets the ignore work for free).
// Each figure is the best and the median of BENCH_ROUNDS rounds (default 5), page cache warm.

struct XorShift {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

@main
struct ContextBench {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let fileCount = Int(environment["BENCH_FILES"] ?? "") ?? 10_000
        let rounds = max(1, Int(environment["BENCH_ROUNDS"] ?? "") ?? 5)
        let work = environment["BENCH_DIR"] ?? (NSTemporaryDirectory() + "berth-context-bench-\(getpid())")
        let tree = work + "/tree"
        let fm = FileManager.default
        try? fm.removeItem(atPath: work)
        try fm.createDirectory(atPath: tree, withIntermediateDirectories: true)

        // The tree: src/<d>/<f>.go and .txt files, logs (*.log), node_modules/, build/ (one file kept).
        var random = XorShift()
        func nextRandom() -> UInt64 { random.next() }
        let payload = [UInt8]((0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        var created = 0
        var totalBytes = 0
        func writeFile(_ relative: String) throws {
            let full = tree + "/" + relative
            let directory = (full as NSString).deletingLastPathComponent
            if !fm.fileExists(atPath: directory) { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            // Mostly small files, some up to 64 KiB, like a source tree.
            let roll = nextRandom() % 100
            let size = roll < 70 ? Int(nextRandom() % 4096) : roll < 95 ? Int(nextRandom() % 16_384) : Int(nextRandom() % 65_536)
            _ = fm.createFile(atPath: full, contents: Data(payload[0..<size]))
            created += 1
            totalBytes += size
        }
        try Data("*.log\nnode_modules\n**/*.tmp\nbuild\n!build/keep.txt\n.git\n".utf8).write(to: URL(fileURLWithPath: tree + "/.dockerignore"))
        try Data("FROM scratch\nCOPY . /\n".utf8).write(to: URL(fileURLWithPath: tree + "/Dockerfile"))
        created += 2
        let ignoredShare = fileCount / 10
        var index = 0
        while created < fileCount - ignoredShare {
            let d = index / 100
            let kind = index % 10 == 0 ? "tmp" : index % 3 == 0 ? "txt" : "go"
            try writeFile("src/pkg\(d / 10)/mod\(d)/file\(index).\(kind)")
            index += 1
        }
        var j = 0
        while created < fileCount - 1 {
            switch j % 3 {
            case 0: try writeFile("node_modules/lib\(j / 50)/index\(j).js")
            case 1: try writeFile("logs/run\(j).log")
            default: try writeFile("build/obj\(j).o")
            }
            j += 1
        }
        try writeFile("build/keep.txt")

        func now() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }

        let context = try BuildContext(directory: tree)
        let members = try context.entries()
        var fileMembers = 0
        for member in members { if case .file = member.kind { fileMembers += 1 } }

        func runBuildContext() async throws -> (seconds: Double, bytes: Int) {
            let out = work + "/berth.tar"
            let fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { fatalError("cannot open \(out)") }
            var bytes = 0
            let start = now()
            let context = try BuildContext(directory: tree)
            try await context.write { chunk in
                chunk.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n <= 0 { fatalError("write failed") }
                        offset += n
                    }
                }
                bytes += chunk.count
            }
            close(fd)
            return (now() - start, bytes)
        }

        let listFile = work + "/filelist"
        try Data(members.map(\.path).joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: listFile))

        func runTar() throws -> (seconds: Double, bytes: Int) {
            let out = work + "/gnu.tar"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["tar", "-C", tree, "--no-recursion", "-c", "-f", out, "-T", listFile]
            let start = now()
            try process.run()
            process.waitUntilExit()
            let seconds = now() - start
            guard process.terminationStatus == 0 else { fatalError("tar failed") }
            let size = ((try? fm.attributesOfItem(atPath: out))?[.size] as? Int) ?? 0
            return (seconds, size)
        }

        // Warm the page cache and both code paths once.
        _ = try await runBuildContext()
        _ = try runTar()
        var ours: [Double] = [], theirs: [Double] = []
        var ourBytes = 0, tarBytes = 0
        for _ in 0..<rounds {
            let a = try await runBuildContext()
            ours.append(a.seconds)
            ourBytes = a.bytes
            let b = try runTar()
            theirs.append(b.seconds)
            tarBytes = b.bytes
        }

        // Same members in both archives.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["tar", "-tf", work + "/berth.tar"]
        let pipe = Pipe()
        check.standardOutput = pipe
        try check.run()
        let listed = pipe.fileHandleForReading.readDataToEndOfFile()
        check.waitUntilExit()
        let listedCount = String(decoding: listed, as: UTF8.self).split(separator: "\n").count

        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        func ms(_ s: Double) -> String { String(format: "%.1f", s * 1000) }
        let generatedFiles = created
        print("tree: \(generatedFiles) files (\(totalBytes / 1024) KiB); .dockerignore keeps \(fileMembers) files, \(members.count) members")
        print("archives: BuildContext \(ourBytes) bytes (tar -t lists \(listedCount) members), GNU tar \(tarBytes) bytes; \(rounds) rounds")
        print("")
        print("| tool | best ms | median ms | ratio (best) | ratio (median) |")
        print("|---|---:|---:|---:|---:|")
        print("| GNU tar -T filelist (\(tarVersion())) | \(ms(theirs.min() ?? 0)) | \(ms(median(theirs))) | 1.00 | 1.00 |")
        let bestRatio = String(format: "%.2f", (ours.min() ?? 0) / (theirs.min() ?? 1))
        let medianRatio = String(format: "%.2f", median(ours) / median(theirs))
        print("| BuildContext (walk + .dockerignore + tar) | \(ms(ours.min() ?? 0)) | \(ms(median(ours))) | \(bestRatio) | \(medianRatio) |")

        func tarVersion() -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["tar", "--version"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try? process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "tar"
        }

        try? fm.removeItem(atPath: work)
    }
}
