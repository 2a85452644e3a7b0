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
        private var base: UnsafeMutablePointer<UInt8>
        private var count = 0
        private var capacity: Int

        init(literalCapacity: Int, interpolationCount: Int) {
            capacity = max(literalCapacity + 24 * interpolationCount, 16)
            base = .allocate(capacity: capacity)
        }

        private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let from = bytes.baseAddress, !bytes.isEmpty else { return }
            if count + bytes.count > capacity {
                var grown = capacity * 2
                while grown < count + bytes.count { grown *= 2 }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
                bigger.update(from: base, count: count)
                base.deallocate()
                base = bigger
                capacity = grown
            }
            (base + count).update(from: from, count: bytes.count)
            count += bytes.count
        }

        mutating func appendLiteral(_ literal: StaticString) {
            literal.withUTF8Buffer { append($0) }
        }

        mutating func appendInterpolation(_ s: String) {
            if s.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
                var s = s
                s.withUTF8 { append($0) }
            }
        }

        mutating func appendInterpolation(_ s: Substring) {
            if s.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
                appendInterpolation(String(s))
            }
        }

        mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            appendInterpolation(value.description)
        }

        /// The message; the buffer is freed (an interpolation is finished exactly once).
        fileprivate func finish() -> String {
            defer { base.deallocate() }
            return String(unsafeUninitializedCapacity: count) { out in
                _ = out.initialize(from: UnsafeBufferPointer(start: base, count: count))
                return count
            }
        }
    }
}
