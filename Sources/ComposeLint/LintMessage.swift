/// A finding's message, written as a string literal with interpolations at the rule.
///
/// The interpolation writes its pieces into one buffer sized up front and makes one `String`
/// at the end. `DefaultStringInterpolation` grew its string and went through `String.append`
/// for every piece, about 420 instructions each: a lint of 500 services (5 500 findings,
/// 26 000 pieces) spent 11 M instructions building messages (callgrind).
struct LintMessage: ExpressibleByStringInterpolation {
    let text: String

    init(stringLiteral value: StaticString) {
        text = value.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
    }

    init(stringInterpolation: StringInterpolation) {
        text = stringInterpolation.finish()
    }

    struct StringInterpolation: StringInterpolationProtocol {
        private var storage: ByteStorage

        init(literalCapacity: Int, interpolationCount: Int) {
            storage = ByteStorage(capacity: literalCapacity + 24 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { storage.append($0) }
        }

        mutating func appendInterpolation(_ s: String) {
            storage.append(s)
        }

        mutating func appendInterpolation(_ s: Substring) {
            if s.utf8.withContiguousStorageIfAvailable({ storage.append($0) }) == nil {
                storage.append(String(s))
            }
        }

        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            storage.append(value.description)
        }

        /// The message; the storage is freed (an interpolation is finished exactly once).
        fileprivate func finish() -> String {
            defer { storage.free() }
            return String(decoding: storage.bytes, as: UTF8.self)
        }
    }
}
