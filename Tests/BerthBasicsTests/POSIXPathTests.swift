@testable import BerthBasics
import Testing

@Suite struct POSIXPathTests {
    /// `clean` the long way, the reference: split into elements, resolve `.` and `..`, join.
    static func cleanByElements(_ p: String) -> String {
        if p.isEmpty { return "." }
        let rooted = p.utf8.first == UInt8(ascii: "/")
        var parts: [Substring] = []
        for part in p.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    @Test(arguments: [
        ("/data/", "/data"), ("a/../b", "b"), ("", "."), ("/..", "/"), ("/", "/"), ("a//b/./c/", "a/b/c"), ("..", ".."),
        ("../../x", "../../x"), ("a/..", "."), ("/a/b/../../..", "/"), ("./x", "x"), ("x/../../y", "../y"),
        ("a/./b/../c", "a/c"), ("/x/../..", "/"), ("./", "."), ("//a//", "/a"), ("a/b/..", "a"), ("...", "..."),
        ("/é/./ü/", "/é/ü"),
    ] as [(String, String)])
    func cleanLikeGo(_ p: String, _ expected: String) {
        #expect(POSIXPath.clean(p) == expected)
        // Cleaning is idempotent.
        #expect(POSIXPath.clean(expected) == expected)
    }

    /// The one-allocation join of a clean directory and a clean relative path gives what
    /// cleaning the joined text gives, on every pair of paths of up to 4 characters from `a`,
    /// `.`, `/` and `é` (115 600 pairs), and it is taken for the usual `./conf` under `/srv`.
    @Test func joinAgreesWithCleaningTheJoinedText() {
        let alphabet = ["a", ".", "/", "é"]
        var paths = [""]
        var all = [""]
        for _ in 1...4 {
            paths = paths.flatMap { p in alphabet.map { p + $0 } }
            all += paths
        }
        var disagreements: [(String, String)] = []
        var fast = 0
        for a in all where !a.isEmpty {
            for b in all where !b.isEmpty {
                if POSIXPath.joinedClean(a, b) != nil { fast += 1 }
                if POSIXPath.join(a, b) != Self.cleanByElements(a + "/" + b) { disagreements.append((a, b)) }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(fast > 1000)
        #expect(POSIXPath.joinedClean("/srv", "./conf") == "/srv/conf")
        #expect(POSIXPath.joinedClean("/", "conf/a") == "/conf/a")
        #expect(POSIXPath.joinedClean(".", "x") == nil)
        #expect(POSIXPath.joinedClean("/srv", "../x") == nil)
    }

    /// The one-pass "already clean" check and the one-pass clean agree with cleaning by elements on every path of up
    /// to 6 characters from `a`, `.`, `/` and `é` (5460 paths).
    @Test func cleanCheckAgreesWithCleaningEverywhere() {
        let alphabet = ["a", ".", "/", "é"]
        var paths = [""]
        var all: [String] = []
        for _ in 1...6 {
            paths = paths.flatMap { p in alphabet.map { p + $0 } }
            all += paths
        }
        #expect(all.count == 5460)
        var disagreements: [String] = []
        for p in all where POSIXPath.isClean(p) != (Self.cleanByElements(p) == p) {
            disagreements.append(p)
        }
        #expect(disagreements.isEmpty)
        #expect(all.allSatisfy { POSIXPath.clean($0) == Self.cleanByElements($0) })
        #expect(all.allSatisfy { POSIXPath.cleanBytes($0) == Self.cleanByElements($0) })
    }

    @Test(arguments: [
        ("/p", "data", "/p/data"), ("/p", "../x", "/x"), ("", "x", "x"), ("a", "", "a"), ("", "", ""), ("/p", "/abs", "/p/abs"),
        ("a/", "/b/", "a/b"), ("", "/", "/"), ("..", "..", "../.."),
    ] as [(String, String, String)])
    func joinLikeGo(_ a: String, _ b: String, _ expected: String) {
        #expect(POSIXPath.join(a, b) == expected)
    }

    @Test(arguments: [("/", true), ("/a", true), ("a", false), ("", false), ("./a", false)] as [(String, Bool)])
    func absolute(_ p: String, _ expected: Bool) {
        #expect(POSIXPath.isAbsolute(p) == expected)
    }
}
