@testable import ComposeLoader
import Testing

/// The byte scanner that splits a short volume spec agrees with the character-by-character
/// splitter it replaced, on every spec of up to 5 characters from an alphabet of the
/// characters that matter (separators, `${`/`}`, a drive letter, a non-ASCII letter).
@Suite struct VolumeSectionsTests {
    enum Outcome: Equatable {
        case sections([String?])
        case failure(String)
    }

    /// The earlier splitter, kept as the reference: one Unicode scalar at a time.
    static func reference(_ s: String) -> Outcome {
        let scalars = Array(s.unicodeScalars)
        var parts: [String?] = [nil, nil, nil]  // source, target, options
        var buffer = String.UnicodeScalarView()
        var depth = 0
        func isLetter(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func flush(atEnd: Bool) -> String? {
            let text = String(buffer)
            if buffer.isEmpty { return "invalid spec: \(s): empty section between colons" }
            if parts[0] == nil && atEnd { parts[1] = text }
            else if parts[0] == nil { parts[0] = text }
            else if parts[1] == nil { parts[1] = text }
            else if !atEnd { return "invalid spec: \(s): too many colons" }
            else { parts[2] = text }
            return nil
        }
        var i = 0
        while i <= scalars.count {
            let atEnd = i == scalars.count
            let c: Unicode.Scalar = atEnd ? "\0" : scalars[i]
            defer { i += 1 }
            if !atEnd && c == "$" && i + 1 < scalars.count && scalars[i + 1] == "{" {
                depth += 1
                buffer.append(c)
                continue
            }
            if !atEnd && c == "}" && depth > 0 {
                depth -= 1
                buffer.append(c)
                continue
            }
            if !atEnd && c == ":" && buffer.count == 1, let first = buffer.first, isLetter(first) {
                buffer.append(c)
            } else if (atEnd || c == ":") && depth == 0 {
                if let error = flush(atEnd: atEnd) { return .failure(error) }
                buffer = String.UnicodeScalarView()
            } else if !atEnd {
                buffer.append(c)
            } else {
                break
            }
        }
        return .sections(parts)
    }

    @Test func byteScannerAgreesWithTheCharacterSplitter() {
        let alphabet = ["a", "C", ":", "$", "{", "}", "/", "é"]
        var specs = [""]
        var all: [String] = []
        for _ in 1...5 {
            specs = specs.flatMap { p in alphabet.map { p + $0 } }
            all += specs
        }
        #expect(all.count == 37448)
        var disagreements: [String] = []
        for spec in all {
            let got: Outcome
            do {
                let (source, target, options) = try VolumeSyntax.sections(spec)
                got = .sections([source, target, options])
            } catch {
                got = .failure("\(error)")
            }
            if got != Self.reference(spec) { disagreements.append(spec) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
