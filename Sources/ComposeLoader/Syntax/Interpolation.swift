/// An interpolation failure, with the exact Compose wording in `description`.
public struct InterpolationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// `${` not followed by `name}` or `name<op>…}` (e.g. `${`, `${ foo}`, `${foo!}`).
        case invalidTemplate
        /// `${VAR:?msg}` / `${VAR?msg}` with VAR missing; `reason` is the interpolated message.
        case missingRequired(variable: String, reason: String)
    }

    public var kind: Kind
    /// The template text being substituted when the error occurred (for a nested default or
    /// the text after a closing brace, that inner text, as Compose reports it).
    public var template: String

    public init(kind: Kind, template: String) {
        self.kind = kind
        self.template = template
    }

    /// `Invalid template: "<template>"` or
    /// `required variable VAR is missing a value: msg` (no `: msg` when msg is empty).
    public var description: String {
        switch kind {
        case .invalidTemplate:
            return "Invalid template: " + GoQuote.quote(template)
        case .missingRequired(let variable, let reason):
            if reason.isEmpty {
                return "required variable \(variable) is missing a value"
            }
            return "required variable \(variable) is missing a value: \(reason)"
        }
    }
}

/// Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `$$`, …), following
/// compose-go's `template` package exactly, including its quirks: the operator is the one right
/// after the name, defaults/messages are interpolated lazily (only when used), the end of a
/// braced expression is found by counting braces, and the text after it is substituted again.
public enum Interpolation {
    /// Substitutes a template. `lookup` returns nil for unset. Returns the result and the names
    /// of unset variables used without default (for the "variable is not set" warning).
    public static func substitute(
        _ template: String,
        lookup: (String) -> String?
    ) throws(InterpolationError) -> (value: String, unset: [String]) {
        // Fast path: nothing to do without a `$`.
        if !template.utf8.contains(dollar) {
            return (template, [])
        }
        let bytes = Array(template.utf8)
        return try withoutActuallyEscaping(lookup) { (lookup) throws(InterpolationError) in
            var engine = Engine(lookup: lookup)
            let out = try engine.run(bytes[...])
            return (String(decoding: out, as: UTF8.self), engine.unset)
        }
    }

    /// The warning Compose prints for an unset variable used without a default.
    public static func unsetWarning(_ variable: String) -> String {
        "The \(GoQuote.quote(variable)) variable is not set. Defaulting to a blank string."
    }

    static let dollar = UInt8(ascii: "$")

    private enum Operator {
        case requiredNonEmpty, required, defaultIfEmpty, defaultIfUnset, replaceIfNonEmpty, replaceIfSet
    }

    private struct Engine {
        let lookup: (String) -> String?
        var unset: [String] = []

        init(lookup: @escaping (String) -> String?) {
            self.lookup = lookup
        }

        mutating func run(_ s: ArraySlice<UInt8>) throws(InterpolationError) -> [UInt8] {
            guard s.contains(dollar) else { return Array(s) }
            var out: [UInt8] = []
            out.reserveCapacity(s.count)
            var i = s.startIndex
            let end = s.endIndex
            while i < end {
                let c = s[i]
                if c != dollar {
                    out.append(c)
                    i += 1
                    continue
                }
                guard i + 1 < end else {
                    out.append(c)
                    i += 1
                    continue
                }
                let next = s[i + 1]
                if next == dollar {
                    out.append(dollar)
                    i += 2
                    continue
                }
                if isNameStart(next) {
                    var j = i + 2
                    while j < end, isNameChar(s[j]) { j += 1 }
                    out.append(contentsOf: value(of: s[(i + 1)..<j]))
                    i = j
                    continue
                }
                if next != UInt8(ascii: "{") {
                    // `$` followed by anything else is literal (`a $ b`, `$1`, `$}`).
                    out.append(c)
                    i += 1
                    continue
                }
                // `${`
                let nameStart = i + 2
                guard nameStart < end, isNameStart(s[nameStart]) else {
                    throw invalid(s)
                }
                var k = nameStart + 1
                while k < end, isNameChar(s[k]) { k += 1 }
                guard k < end else { throw invalid(s) }
                if s[k] == UInt8(ascii: "}") {
                    out.append(contentsOf: value(of: s[nameStart..<k]))
                    i = k + 1
                    continue
                }
                // Optional `:` then one of `-+?`, then `(.*)}` greedy to the last `}` on the line.
                var p = k
                var colon = false
                if s[p] == UInt8(ascii: ":") {
                    colon = true
                    p += 1
                }
                guard p < end, let op = operatorFor(s[p], colon: colon) else { throw invalid(s) }
                let argStart = p + 1
                var lastBrace: Int? = nil
                var q = argStart
                while q < end, s[q] != UInt8(ascii: "\n") {
                    if s[q] == UInt8(ascii: "}") { lastBrace = q }
                    q += 1
                }
                guard let matchEnd = lastBrace else { throw invalid(s) }
                // The real end of the expression: count braces from the `$`.
                let close = firstClosingBrace(s, from: i, through: matchEnd)
                let argEnd = close ?? matchEnd
                let name = string(s[nameStart..<k])
                try out.append(contentsOf: apply(op, name: name, arg: s[argStart..<argEnd], template: s))
                if let close, close < matchEnd {
                    try out.append(contentsOf: run(s[(close + 1)...matchEnd]))
                }
                i = matchEnd + 1
            }
            return out
        }

        private mutating func apply(
            _ op: Operator,
            name: String,
            arg: ArraySlice<UInt8>,
            template: ArraySlice<UInt8>
        ) throws(InterpolationError) -> [UInt8] {
            let v = lookup(name)
            switch op {
            case .defaultIfEmpty:
                if let v, !v.isEmpty { return Array(v.utf8) }
                return try run(arg)
            case .defaultIfUnset:
                if let v { return Array(v.utf8) }
                return try run(arg)
            case .requiredNonEmpty, .required:
                if let v, op == .required || !v.isEmpty { return Array(v.utf8) }
                let reason = try string(run(arg)[...])
                throw InterpolationError(
                    kind: .missingRequired(variable: name, reason: reason),
                    template: string(template))
            case .replaceIfNonEmpty:
                if let v, !v.isEmpty { return try run(arg) }
                return Array((v ?? "").utf8)
            case .replaceIfSet:
                if v != nil { return try run(arg) }
                return []
            }
        }

        private mutating func value(of name: ArraySlice<UInt8>) -> [UInt8] {
            let key = string(name)
            if let v = lookup(key) { return Array(v.utf8) }
            unset.append(key)
            return []
        }

        private func invalid(_ s: ArraySlice<UInt8>) -> InterpolationError {
            InterpolationError(kind: .invalidTemplate, template: string(s))
        }

        private func operatorFor(_ b: UInt8, colon: Bool) -> Operator? {
            switch b {
            case UInt8(ascii: "-"): return colon ? .defaultIfEmpty : .defaultIfUnset
            case UInt8(ascii: "?"): return colon ? .requiredNonEmpty : .required
            case UInt8(ascii: "+"): return colon ? .replaceIfNonEmpty : .replaceIfSet
            default: return nil
            }
        }

        /// compose-go `getFirstBraceClosingIndex`: every `{` opens (and skips the next byte),
        /// every `}` closes; the index where the count returns to zero.
        private func firstClosingBrace(_ s: ArraySlice<UInt8>, from start: Int, through last: Int) -> Int? {
            var open = 0
            var i = start
            while i <= last {
                if s[i] == UInt8(ascii: "}") {
                    open -= 1
                    if open == 0 { return i }
                }
                if s[i] == UInt8(ascii: "{") {
                    open += 1
                    i += 1
                }
                i += 1
            }
            return nil
        }
    }

    @inline(__always)
    static func isNameStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    @inline(__always)
    static func isNameChar(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}

@inline(__always)
private func isNameStart(_ b: UInt8) -> Bool { Interpolation.isNameStart(b) }

@inline(__always)
private func isNameChar(_ b: UInt8) -> Bool { Interpolation.isNameChar(b) }

@inline(__always)
private func string(_ bytes: ArraySlice<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}

private let dollar = UInt8(ascii: "$")
