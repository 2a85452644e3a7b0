import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite struct BuildContextTests {
    static let longDirectory = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60)

    func makeTree() throws -> TempDirectory {
        let dir = try TempDirectory("berth-ctx")
        try dir.write("Dockerfile", "FROM scratch\n")
        try dir.write(".dockerignore", "# build outputs\n*.log\nbuild\n!build/keep.txt\nsecret/\nDockerfile\n.dockerignore\n")
        try dir.write("a.txt", "alpha", mode: 0o640)
        try dir.write("run.sh", "#!/bin/sh\n", mode: 0o755)
        try dir.write("b.log", "log")
        try dir.write("sub/c.txt", String(repeating: "c", count: 70_000))
        try dir.write("sub/d.log", "log")
        try dir.write("build/x.o", "obj")
        try dir.write("build/keep.txt", "keep")
        try dir.write("secret/key", "k")
        try dir.write(Self.longDirectory + "/file.txt", "long")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link", withDestinationPath: "a.txt")
        return dir
    }

    static let expectedPaths = [
        ".dockerignore", "Dockerfile", "a.txt", "build/keep.txt", String(repeating: "d", count: 60) + "/",
        Self.longDirectory + "/", Self.longDirectory + "/file.txt", "link", "run.sh", "sub/", "sub/c.txt", "sub/d.log",
    ]

    /// The link name of the ustar header named `name`.
    static func linkTarget(of name: String, in bytes: [UInt8]) -> String? {
        var offset = 0
        func text(_ start: Int, _ length: Int) -> String {
            let raw = bytes[(offset + start)..<(offset + start + length)]
            return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        while offset + 512 <= bytes.count, bytes[offset] != 0 {
            let size = Int(text(124, 12).trimmingCharacters(in: .whitespaces), radix: 8) ?? 0
            if text(0, 100) == name { return text(157, 100) }
            offset += 512 + (size + 511) / 512 * 512
        }
        return nil
    }

    func tarBytes(_ context: BuildContext, chunkSize: Int = 64 * 1024) async throws -> (bytes: [UInt8], chunks: [Int]) {
        let collected = Collected()
        try await context.write(chunkSize: chunkSize) { chunk in await collected.add(chunk) }
        return await (collected.bytes, collected.sizes)
    }

    @Test func entriesFollowDockerignoreInSortedOrder() throws {
        let dir = try makeTree()
        defer { dir.cleanup() }
        let context = try BuildContext(directory: dir.path)
        let paths = try context.entries().map { entry -> String in
            if case .directory = entry.kind { return entry.path + "/" }
            return entry.path
        }
        #expect(paths == Self.expectedPaths)
        #expect(context.dockerfile == "Dockerfile")
    }

    @Test func tarHoldsModesLinksOwnersAndContents() async throws {
        let dir = try makeTree()
        defer { dir.cleanup() }
        let context = try BuildContext(directory: dir.path)
        let (bytes, chunks) = try await tarBytes(context, chunkSize: 16 * 1024)
        #expect(chunks.dropLast().allSatisfy { $0 >= 16 * 1024 && $0 < 32 * 1024 })
        #expect(bytes.count % 512 == 0)
        let archive = try TarArchive(reading: bytes)
        #expect(archive.entries.count == Self.expectedPaths.count)
        #expect(archive.entry("a.txt")?.contents == Array("alpha".utf8))
        #expect(archive.entry("a.txt")?.mode == 0o640)
        #expect(archive.entry("run.sh")?.mode == 0o755)
        // (TarArchive(reading:) reads a link target from the following block, so check the header itself.)
        #expect(Self.linkTarget(of: "link", in: bytes) == "a.txt")
        #expect(archive.entry("sub/c.txt")?.contents.count == 70_000)
        #expect(archive.entry(Self.longDirectory + "/file.txt")?.contents == Array("long".utf8))
        #expect(archive.entries.allSatisfy { $0.uid == 0 && $0.gid == 0 })
        let mtime = try #require(try FileManager.default.attributesOfItem(atPath: dir.path + "/a.txt")[.modificationDate] as? Date)
        #expect(archive.entry("a.txt")?.modified == Int(mtime.timeIntervalSince1970))
        #expect(archive.entry("b.log") == nil)
        #expect(archive.entry("sub/d.log") != nil)  // `*.log` matches at the root only
        #expect(archive.entry("secret/key") == nil)
        #expect(archive.entry("build/x.o") == nil)

        // GNU tar reads the same members.
        let file = dir.path + "/../" + UUID().uuidString + ".tar"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let listing = try runProgram("/usr/bin/env", ["tar", "-tf", file])
        #expect(listing.status == 0, "\(listing.errors)")
        #expect(listing.output.split(separator: "\n").map(String.init) == Self.expectedPaths)
        let verbose = try runProgram("/usr/bin/env", ["tar", "--numeric-owner", "-tvf", file])
        let lines = verbose.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("lrwxrwxrwx 0/0") && $0.hasSuffix("link -> a.txt") })
        #expect(lines.contains { $0.hasPrefix("-rw-r----- 0/0") && $0.hasSuffix(" a.txt") })
        #expect(lines.contains { $0.hasPrefix("-rwxr-xr-x 0/0") && $0.hasSuffix(" run.sh") })
    }

    @Test func chunksStreamTheSameBytes() async throws {
        let dir = try makeTree()
        defer { dir.cleanup() }
        let context = try BuildContext(directory: dir.path)
        var streamed: [UInt8] = []
        var count = 0
        for try await chunk in context.chunks(chunkSize: 8192) {
            streamed += chunk
            count += 1
        }
        let (direct, _) = try await tarBytes(context, chunkSize: 8192)
        #expect(streamed == direct)
        #expect(count > 5)
    }

    @Test func inlineDockerfileIsAGeneratedMember() async throws {
        let dir = try TempDirectory("berth-ctx")
        defer { dir.cleanup() }
        try dir.write("app.txt", "x")
        let inline = "FROM berth-test/busybox:1\nCOPY app.txt /\n"
        let context = try BuildContext(directory: dir.path, dockerfileInline: inline)
        #expect(context.dockerfile.hasPrefix(".dockerfile.inline-"))
        let archive = try TarArchive(reading: try await tarBytes(context).bytes)
        #expect(archive.entry(context.dockerfile)?.contents == Array(inline.utf8))
        let amended = String(decoding: archive.entry(".dockerignore")?.contents ?? [], as: UTF8.self)
        #expect(amended.contains(context.dockerfile))
        #expect(archive.entry("app.txt") != nil)
    }

    @Test func dockerfileInASubdirectoryAndItsOwnIgnoreFile() throws {
        let dir = try TempDirectory("berth-ctx")
        defer { dir.cleanup() }
        try dir.write("docker/app.Dockerfile", "FROM scratch\n")
        try dir.write("docker/app.Dockerfile.dockerignore", "*\n")
        try dir.write(".dockerignore", "nothing-matches\n")
        try dir.write("src/main.c", "int main;")
        let context = try BuildContext(directory: dir.path, dockerfile: "docker/app.Dockerfile")
        let paths = try context.entries().map(\.path)
        #expect(paths == [".dockerignore", "docker/app.Dockerfile"])
        #expect(context.dockerfile == "docker/app.Dockerfile")
        #expect(throws: BuildContextError.self) { try BuildContext(directory: dir.path, dockerfile: "missing.Dockerfile") }
    }
}

actor Collected {
    var bytes: [UInt8] = []
    var sizes: [Int] = []

    func add(_ chunk: [UInt8]) {
        bytes += chunk
        sizes.append(chunk.count)
    }
}
