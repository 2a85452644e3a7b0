import BerthBasics
import Testing

@Suite struct POSIXPathTests {
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
