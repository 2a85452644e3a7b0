import ComposeLint
import Foundation
import Testing

/// The 500-service file of `bench/lint` (made by `bench/lint/gen500.py`): speed work on lint must
/// not change a single finding. The counts per rule and a digest of every rendering are pinned.
@Suite struct Bench500Tests {
    static var package: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Writes the generated file with the benchmark's own generator.
    static func generate() throws -> String {
        let dir = try LintFixtures.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", package.appendingPathComponent("bench/lint/gen500.py").path, dir, "500"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gen500.py failed")
        return dir
    }

    /// FNV-1a over the bytes: a stable digest (Swift's `Hasher` is seeded per process).
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return "0x" + String(hash, radix: 16)
    }

    @Test func findingsOnTheGeneratedFileStayTheSame() throws {
        let dir = try Self.generate()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let findings = try LintFixtures.lint(dir: dir)
        #expect(findings.count == 5552)
        let counts = Dictionary(grouping: findings, by: \.rule).mapValues(\.count)
        let expected: [String: Int] = [
            "BL101": 326, "BL102": 164, "BL103": 166, "BL105": 500, "BL106": 250, "BL107": 500, "BL109": 125,
            "BL110": 200, "BL111": 500, "BL112": 416, "BL113": 500, "BL114": 72, "BL116": 50, "BL117": 500,
            "BL118": 500, "BL120": 500, "BL121": 250, "BL203": 10, "BL204": 10, "BL205": 1, "BL212": 1,
            "BL213": 1, "BL215": 10,
        ]
        #expect(counts == expected)
        let prefix = dir + "/"
        let display: (String) -> String = { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
        // What `berth lint` printed for this file before the speed work, byte for byte (some
        // messages name the build context's absolute path: it is written `<dir>` here).
        let digests: [(LintReport.Format, String)] = [
            (.text, "0x6acac8ee3be05fcd"), (.json, "0x591b450153c9e347"),
            (.github, "0xddfaefb579e32f94"), (.sarif, "0x5783a14a3e7c7af6"),
        ]
        for (format, digest) in digests {
            let rendered = LintReport.render(findings, format: format, display: display, toolVersion: "0.1.0")
            #expect(Self.digest(rendered.replacing(dir, with: "<dir>")) == digest, "\(format) rendering changed")
        }
    }
}
