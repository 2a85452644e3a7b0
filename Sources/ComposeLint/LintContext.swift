import ComposeModel
import DockerfileSyntax
import YAMLSyntax

/// One lint run's state: the input, the source text, and the findings so far.
struct LintContext {
    let input: LintInput
    let sources: SourceCache
    var findings: [LintFinding] = []
    /// Parsed Dockerfiles by path (or by service, for `dockerfile_inline`).
    var dockerfiles: [String: LoadedDockerfile?] = [:]

    /// The enabled services with their source nodes, in source order; worked out once, as
    /// the compose and Dockerfile rules both walk them.
    let services: [LintService]

    init(input: LintInput) {
        self.input = input
        self.sources = SourceCache(files: input.files)
        self.services = Self.services(input)
    }

    var project: Project { input.project }

    mutating func report(_ id: String, _ message: LintMessage, at mark: Mark, service: String? = nil, severity: LintSeverity? = nil) {
        findings.append(LintFinding(rule: id, severity: severity ?? RuleCatalog.severity(of: id) ?? .medium, message: message.text, at: mark, service: service))
    }

    private static func services(_ input: LintInput) -> [LintService] {
        guard let pairs = input.root["services"]?.mapping else { return [] }
        return pairs.compactMap { pair in
            guard let name = pair.key.scalar, let service = input.project.services[name] else { return nil }
            return LintService(view: ServiceView(name: name, key: pair.key, node: pair.value), service: service)
        }
    }

    /// Whether a scalar was written as a variable (`${VAR}`, `$VAR`) rather than a literal.
    func writtenAsVariable(_ node: Node, afterEquals: Bool = false) -> Bool {
        // On the line's bytes when it is ASCII (the usual case), without making a string.
        if let answer = sources.withASCIIRest(at: node.mark, { raw -> Bool in
            var i = 0
            if afterEquals, let eq = raw.firstIndex(of: UInt8(ascii: "=")) { i = eq + 1 }
            while i < raw.count, raw[i] == UInt8(ascii: "\"") || raw[i] == UInt8(ascii: "'") || raw[i] == UInt8(ascii: " ") { i += 1 }
            return i < raw.count && raw[i] == UInt8(ascii: "$")
        }) {
            return answer
        }
        guard var raw = sources.rest(at: node.mark) else { return false }
        if afterEquals, let eq = raw.firstIndex(of: "=") { raw = raw[raw.index(after: eq)...] }
        raw = raw.drop { $0 == "\"" || $0 == "'" || $0 == " " }
        return raw.hasPrefix("$")
    }
}

/// A service and its source nodes. A class: a `Service` is a large value, and handing out
/// tuples of it copied (and retained) every field each time a rule loop took one.
final class LintService {
    let view: ServiceView
    let service: Service

    init(view: ServiceView, service: Service) {
        self.view = view
        self.service = service
    }
}

/// Credential-shaped names: `DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`, `AWS_SECRET_ACCESS_KEY`.
enum SecretNames {
    static let words = ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH_KEY"]
    /// Values that are flags about a secret, not the secret.
    static let harmless: Set<String> = ["", "true", "false", "yes", "no", "0", "1", "on", "off", "none", "null"]

    static let wordBytes = words.map { Array($0.utf8) }

    static let suffixBytes = ["_FILE", "_PATH", "_LENGTH", "_EXPIRY"].map { Array($0.utf8) }

    static func looksSecret(_ name: String) -> Bool {
        var upper = Array(name.utf8)
        for i in upper.indices {
            let b = upper[i]
            if b >= 97 && b <= 122 {
                upper[i] = b - 32
            } else if b == UInt8(ascii: "-") || b == UInt8(ascii: ".") {
                upper[i] = UInt8(ascii: "_")
            }
        }
        // On raw buffers: the generic slice comparisons cost 2 000 instructions a name.
        return upper.withUnsafeBufferPointer { u in
            func matches(_ word: [UInt8], at start: Int) -> Bool {
                for j in word.indices where u[start + j] != word[j] { return false }
                return true
            }
            for suffix in suffixBytes where u.count >= suffix.count && matches(suffix, at: u.count - suffix.count) {
                return false
            }
            for word in wordBytes where u.count >= word.count {
                for i in 0...(u.count - word.count) where u[i] == word[0] && matches(word, at: i) { return true }
            }
            return false
        }
    }

    static func isLiteralSecret(name: String, value: String?) -> Bool {
        guard let value, looksSecret(name) else { return false }
        let v = value.lowercased()
        if harmless.contains(v) || v.hasPrefix("/run/secrets/") || v.hasPrefix("$") { return false }
        return true
    }

    /// `scheme://user:password@host`, with a password that is not a variable.
    static func urlWithPassword(_ value: String) -> Bool {
        guard Bytes.contains("://", in: value) else { return false }
        let bytes = Array(value.utf8)
        var from = 0
        while let found = Bytes.find("://", in: value, from: from) {
            var i = found + 3
            var colon: Int?
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "/") || b == UInt8(ascii: " ") || b == UInt8(ascii: "?") || b == UInt8(ascii: "#") { break }
                if b == UInt8(ascii: ":"), colon == nil { colon = i }
                if b == UInt8(ascii: "@") {
                    if let c = colon, c + 1 < i, bytes[c + 1] != UInt8(ascii: "$") { return true }
                }
                i += 1
            }
            from = found + 3
        }
        return false
    }
}

