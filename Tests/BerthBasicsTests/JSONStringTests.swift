import BerthBasics
import Foundation
import Testing

@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#), ("", #""""#), ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#),
        ("l1\nl2\r\t", #""l1\nl2\r\t""#), ("\u{0}\u{1}\u{1f}", #""\u0000\u0001\u001f""#), ("\u{7f}", "\"\u{7f}\""),
        ("é ü 日本 🐳", "\"é ü 日本 🐳\""), ("<a&b>", #""<a&b>""#), ("\u{2028}", "\"\u{2028}\""),
    ] as [(String, String)])
    func quoted(_ input: String, _ expected: String) throws {
        #expect(JSONString.quoted(input) == expected)
        var appended = "x"
        JSONString.append(input, to: &appended)
        #expect(appended == "x" + expected)
        // Foundation reads back what was written.
        let decoded = try JSONSerialization.jsonObject(with: Data(expected.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == input)
    }

    @Test(arguments: [
        ("<a&b>", #""\u003ca\u0026b\u003e""#), ("\u{2028}\u{2029}", #""\u2028\u2029""#), ("plain", #""plain""#),
        ("é→", "\"é→\""), ("\n<", #""\n\u003c""#),
    ] as [(String, String)])
    func htmlSafeAsGoWritesIt(_ input: String, _ expected: String) throws {
        #expect(JSONString.quoted(input, htmlSafe: true) == expected)
        var out = ""
        JSONString.append(input, htmlSafe: true, to: &out)
        #expect(out == expected)
        let decoded = try JSONSerialization.jsonObject(with: Data(expected.utf8), options: .fragmentsAllowed) as? String
        #expect(decoded == input)
    }
}
