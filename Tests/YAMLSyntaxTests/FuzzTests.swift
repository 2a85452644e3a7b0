import Testing
import YAMLSyntax

/// Parsing any bytes must return or throw, never trap.
@Suite struct FuzzTests {
    @Test func randomAndMutatedInputsNeverTrap() throws {
        let valid = try fixture("compose.yaml")
        var rng = SeededGenerator(seed: 7)
        let interesting: [UInt8] = Array("[]{}:,-?#&*!|>'\"%@`\t\n \r\0\\<".utf8) + [0xFF, 0xC3, 0xE2, 0x80]
        var thrown = 0
        var returned = 0
        for iteration in 0..<2_000 {
            var input: [UInt8]
            switch iteration % 4 {
            case 0:
                // Random bytes, biased towards YAML's special characters.
                let count = Int.random(in: 0..<200, using: &rng)
                input = (0..<count).map { _ in
                    Bool.random(using: &rng)
                        ? (interesting.randomElement(using: &rng) ?? 0)
                        : UInt8.random(in: 0x20...0x7E, using: &rng)
                }
            case 1:
                // One byte changed.
                input = valid
                let at = Int.random(in: 0..<input.count, using: &rng)
                input[at] = Bool.random(using: &rng)
                    ? (interesting.randomElement(using: &rng) ?? 0)
                    : UInt8.random(in: 0...255, using: &rng)
            case 2:
                // Truncated.
                input = Array(valid.prefix(Int.random(in: 0..<valid.count, using: &rng)))
            default:
                // Several edits: insertions, deletions, duplicated slices.
                input = valid
                for _ in 0..<Int.random(in: 1...8, using: &rng) {
                    let at = Int.random(in: 0..<max(input.count, 1), using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: input.insert(interesting.randomElement(using: &rng) ?? 0, at: min(at, input.count))
                    case 1: if !input.isEmpty { input.remove(at: min(at, input.count - 1)) }
                    default:
                        let end = min(input.count, at + Int.random(in: 1...40, using: &rng))
                        input.insert(contentsOf: input[min(at, end)..<end], at: end)
                    }
                }
            }
            do throws(YAMLError) {
                let docs = try YAMLParser.parse(input, file: "fuzz.yaml")
                // Whatever parsed must also be writable and readable again.
                let text = YAMLEmitter.emit(documents: docs)
                let again = try YAMLParser.parse(text, file: "again.yaml")
                #expect(again.count == docs.count)
                returned += 1
            } catch {
                #expect(error.mark.line >= 1 && error.mark.column >= 1)
                #expect(!error.message.isEmpty)
                thrown += 1
            }
            _ = try? YAMLParser.parseCollecting(input, file: "fuzz.yaml")
        }
        #expect(thrown > 0 && returned > 0)
    }
}
