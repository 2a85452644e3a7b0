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

    /// The word-at-a-time scan finds what a byte-by-byte scan finds: every byte value, at
    /// every offset of strings up to 20 bytes (so in the first and second word and in the
    /// tail), behind a prefix of every start offset.
    @Test func firstEscapeIndexAgreesWithAByteScan() {
        func reference(_ bytes: [UInt8], from start: Int) -> Int {
            bytes.indices.first { $0 >= start && (bytes[$0] < 0x20 || bytes[$0] == 0x22 || bytes[$0] == 0x5C) } ?? bytes.count
        }
        var checked = 0
        for length in 0...20 {
            for position in 0..<max(length, 1) {
                for value in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    if length > 0 { bytes[position] = value }
                    for start in [0, 1, 3, 8] where start <= length {
                        let found = bytes.withUnsafeBufferPointer { JSONString.firstEscapeIndex($0, from: start) }
                        if found != reference(bytes, from: start) {
                            Issue.record("length \(length), byte \(value) at \(position), from \(start): \(found)")
                            return
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 40_000)
    }
}
