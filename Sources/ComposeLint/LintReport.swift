import BerthBasics

/// Renders findings as text, JSON, GitHub workflow annotations or SARIF 2.1.0.
public enum LintReport {
    public enum Format: String, Sendable, CaseIterable {
        case text, json, github, sarif
    }

    /// - Parameter display: how a file path is shown (relative to the current directory).
    public static func render(_ findings: [LintFinding], format: Format, display: (String) -> String, toolVersion: String) -> String {
        var out = [UInt8]()
        write(findings, format: format, display: display, toolVersion: toolVersion) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Renders into `sink`, in one or more pieces of UTF-8, without making a `String` of the
    /// whole report first: a JSON report of 5 500 findings is 1.2 MB, and a `String` of it
    /// (and the `Data` the write made of that) cost two more copies and their page faults.
    public static func write(_ findings: [LintFinding], format: Format, display: (String) -> String, toolVersion: String, to sink: (UnsafeBufferPointer<UInt8>) -> Void) {
        withoutActuallyEscaping(display) { display in
            // Findings share a few files: work out each display path once.
            var shown = DisplayPaths(display)
            switch format {
            case .text: text(findings, display: &shown).withBytes(sink)
            case .json: json(findings, display: &shown).withBytes(sink)
            case .github:
                var s = github(findings, display: { shown.path($0) })
                s.withUTF8(sink)
            case .sarif:
                var s = sarif(findings, display: { shown.path($0) }, toolVersion: toolVersion)
                s.withUTF8(sink)
            }
        }
    }

    /// `file:line:column: severity: message [rule]`, one finding a line, in one buffer.
    static func text(_ findings: [LintFinding], display: inout DisplayPaths) -> ReportBuffer {
        var out = ReportBuffer(capacity: findings.count * 128)
        for f in findings {
            out.appendString(display.path(f.file))
            out.append(UInt8(ascii: ":"))
            out.append(f.line)
            out.append(UInt8(ascii: ":"))
            out.append(f.column)
            out.append(": ")
            out.appendString(f.severity.rawValue)
            out.append(": ")
            out.appendString(f.message)
            out.append(" [")
            out.appendString(f.rule)
            out.append("]\n")
        }
        return out
    }

    /// A JSON array of finding objects, one a line, written straight into one buffer.
    static func json(_ findings: [LintFinding], display: inout DisplayPaths) -> ReportBuffer {
        var out = ReportBuffer(capacity: max(findings.count, 1) * 256)
        if findings.isEmpty {
            out.append("[]\n")
            return out
        }
        out.append("[\n")
        // The fields a rule decides (`rule`, `name`) are written once per rule and copied
        // after that; `severity` once per grade.
        var ruleFields = [[UInt8]?](repeating: nil, count: RuleCatalog.all.count)
        func slot(_ s: LintSeverity) -> Int {
            switch s {
            case .info: return 0
            case .low: return 1
            case .medium: return 2
            case .high: return 3
            case .critical: return 4
            }
        }
        var severityFields = [[UInt8]](repeating: [], count: 5)
        for severity in LintSeverity.allCases {
            var field = ReportBuffer(capacity: 48)
            field.append(",\"severity\":")
            field.jsonString(severity.rawValue)
            field.append(",\"message\":")
            severityFields[slot(severity)] = field.withBytes { Array($0) }
        }
        // By index: iterating hands out a copy of each finding (four strings retained).
        for i in findings.indices {
            if i > 0 { out.append(",\n") }
            out.append("  {\"file\":")
            out.jsonString(display.path(findings[i].file))
            out.append(",\"line\":")
            out.append(findings[i].line)
            out.append(",\"column\":")
            out.append(findings[i].column)
            let rule = findings[i].rule
            if let index = RuleCatalog.index(of: rule) {
                if ruleFields[index] == nil {
                    var field = ReportBuffer(capacity: 64)
                    field.append(",\"rule\":")
                    field.jsonString(rule)
                    field.append(",\"name\":")
                    field.jsonString(RuleCatalog.all[index].name)
                    ruleFields[index] = field.withBytes { Array($0) }
                }
                ruleFields[index]?.withUnsafeBufferPointer { out.append($0) }
            } else {
                out.append(",\"rule\":")
                out.jsonString(rule)
                out.append(",\"name\":")
                out.jsonString(RuleCatalog.nameByID[rule] ?? "")
            }
            severityFields[slot(findings[i].severity)].withUnsafeBufferPointer { out.append($0) }
            out.jsonString(findings[i].message)
            if let s = findings[i].service {
                out.append(",\"service\":")
                out.jsonString(s)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append("\n]\n")
        return out
    }

    static func githubLevel(_ s: LintSeverity) -> String {
        switch s {
        case .critical, .high: return "error"
        case .medium, .low: return "warning"
        case .info: return "notice"
        }
    }

    static func github(_ findings: [LintFinding], display: (String) -> String) -> String {
        func data(_ s: String) -> String {
            s.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
        }
        func property(_ s: String) -> String { data(s).replacing(":", with: "%3A").replacing(",", with: "%2C") }
        return findings.map { f in
            "::\(githubLevel(f.severity)) file=\(property(display(f.file))),line=\(f.line),col=\(f.column),title=\(property(f.rule + " " + (RuleCatalog.byID[f.rule]?.name ?? "")))::\(data(f.message))\n"
        }.joined()
    }

    static func sarifLevel(_ s: LintSeverity) -> String {
        switch s {
        case .critical, .high: return "error"
        case .medium, .low: return "warning"
        case .info: return "note"
        }
    }

    /// GitHub code scanning reads `security-severity` (0–10) to grade security results.
    static func securitySeverity(_ s: LintSeverity) -> String {
        switch s {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "1.0"
        }
    }

    static func sarif(_ findings: [LintFinding], display: (String) -> String, toolVersion: String) -> String {
        let used = Set(findings.map(\.rule))
        let rules = RuleCatalog.all.filter { used.contains($0.id) }
        let index = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let ruleObjects = rules.map { r in
            JSON.object([
                ("id", JSON.string(r.id)), ("name", JSON.string(r.name)),
                ("shortDescription", JSON.object([("text", JSON.string(r.summary))])),
                ("fullDescription", JSON.object([("text", JSON.string(r.why))])),
                ("help", JSON.object([("text", JSON.string(r.fix)), ("markdown", JSON.string("**Why:** \(r.why)\n\n**Fix:** \(r.fix)\n\n[Reference](\(r.reference))"))])),
                ("helpUri", JSON.string(r.reference.hasPrefix("http") ? r.reference : "https://github.com/berth/berth#lint")),
                ("defaultConfiguration", JSON.object([("level", JSON.string(sarifLevel(r.severity)))])),
                ("properties", JSON.object([("security-severity", JSON.string(securitySeverity(r.severity))), ("tags", "[\"security\"]")])),
            ])
        }
        let results = findings.map { f in
            var fields = [("ruleId", JSON.string(f.rule))]
            if let i = index[f.rule] { fields.append(("ruleIndex", String(i))) }
            fields += [
                ("level", JSON.string(sarifLevel(f.severity))),
                ("message", JSON.object([("text", JSON.string(f.message))])),
                ("locations", "[" + JSON.object([("physicalLocation", JSON.object([
                    ("artifactLocation", JSON.object([("uri", JSON.string(uri(display(f.file))))])),
                    ("region", JSON.object([("startLine", String(f.line)), ("startColumn", String(f.column))])),
                ]))]) + "]"),
                ("properties", JSON.object([("severity", JSON.string(f.severity.rawValue))])),
            ]
            return JSON.object(fields)
        }
        let driver = JSON.object([
            ("name", JSON.string("berth-lint")), ("version", JSON.string(toolVersion)),
            ("informationUri", JSON.string("https://github.com/berth/berth")),
            ("rules", "[" + ruleObjects.joined(separator: ",") + "]"),
        ])
        let run = JSON.object([
            ("tool", JSON.object([("driver", driver)])),
            ("columnKind", JSON.string("unicodeCodePoints")),
            ("results", "[" + results.joined(separator: ",") + "]"),
        ])
        return JSON.object([
            ("$schema", JSON.string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", JSON.string("2.1.0")),
            ("runs", "[" + run + "]"),
        ]) + "\n"
    }

    /// A relative path as a URI reference (spaces and `%` escaped); absolute ones as file URIs.
    static func uri(_ path: String) -> String {
        var out = ""
        for ch in path.unicodeScalars {
            switch ch {
            case " ": out += "%20"
            case "%": out += "%25"
            case "#": out += "%23"
            case "?": out += "%3F"
            default: out.unicodeScalars.append(ch)
            }
        }
        return path.hasPrefix("/") ? "file://" + out : out
    }
}

/// Just enough JSON writing for the reports, without Foundation.
enum JSON {
    static func string(_ s: String) -> String {
        JSONString.quoted(s)
    }

    /// An object from already-encoded values, in the given order.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}

/// Display paths worked out once per file; findings come sorted by file, so the last one is
/// kept apart and most look-ups compare one string.
struct DisplayPaths {
    let display: (String) -> String
    var known: [String: String] = [:]
    var last: (file: String, shown: String)?

    init(_ display: @escaping (String) -> String) {
        self.display = display
    }

    mutating func path(_ file: String) -> String {
        if let last, last.file == file { return last.shown }
        let shown = known[file] ?? display(file)
        known[file] = shown
        last = (file, shown)
        return shown
    }
}

/// The bytes of a report, appended in place (no intermediate strings per field).
struct ReportBuffer: ~Copyable {
    private var storage: ByteStorage

    init(capacity: Int) {
        storage = ByteStorage(capacity: capacity)
    }

    deinit { storage.free() }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(storage.bytes)
    }

    mutating func append(_ byte: UInt8) { storage.append(byte) }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { storage.append(bytes) }

    /// A literal, straight from the binary's constant bytes.
    mutating func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func appendString(_ s: String) { storage.append(s) }

    /// A decimal, as `String(n)` writes it.
    mutating func append(_ n: Int) {
        guard n >= 0 else { return appendString(String(n)) }
        var divisor = 1
        while divisor <= n / 10 { divisor *= 10 }
        var rest = n
        while divisor > 0 {
            storage.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A JSON string literal, escaped as `JSON.string` escapes it.
    mutating func jsonString(_ s: String) {
        append(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ escaped($0) }) == nil {
            var s = s
            s.withUTF8 { escaped($0) }
        }
        append(UInt8(ascii: "\""))
    }

    private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while true {
            let i = JSONString.firstEscapeIndex(utf8, from: start)
            append(UnsafeBufferPointer(rebasing: utf8[start..<i]))
            if i == utf8.count { break }
            let b = utf8[i]
            start = i + 1
            switch b {
            case UInt8(ascii: "\""): append("\\\"" as StaticString)
            case UInt8(ascii: "\\"): append("\\\\" as StaticString)
            case UInt8(ascii: "\n"): append("\\n" as StaticString)
            case UInt8(ascii: "\r"): append("\\r" as StaticString)
            case UInt8(ascii: "\t"): append("\\t" as StaticString)
            default:
                let hex: StaticString = "0123456789abcdef"
                append("\\u00" as StaticString)
                append(hex.utf8Start[Int(b >> 4)])
                append(hex.utf8Start[Int(b & 0xf)])
            }
        }
    }
}
