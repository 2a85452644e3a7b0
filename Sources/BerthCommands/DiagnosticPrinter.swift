import ComposeModel
import Foundation

/// Prints diagnostics as text (`file:line:col: error: message (path)`), JSON, or GitHub annotations.
enum DiagnosticPrinter {
    enum Stream { case standardOutput, standardError }

    static func write(_ text: String, to stream: Stream) {
        guard !text.isEmpty else { return }
        var text = text
        text.withUTF8 { write(bytes: $0, to: stream) }
    }

    /// Writes all of `bytes` with write(2), straight from the caller's memory (a `Data` copy
    /// of a megabyte report cost a megabyte of page faults). A closed pipe or another error
    /// ends the write quietly, as it would end a shell tool's output.
    static func write(bytes: UnsafeBufferPointer<UInt8>, to stream: Stream) {
        guard var next = bytes.baseAddress else { return }
        let fd: Int32 = stream == .standardOutput ? 1 : 2
        var left = bytes.count
        while left > 0 {
            let n = Foundation.write(fd, next, left)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            next += n
            left -= n
        }
    }

    /// A path relative to the current directory when it lies below it: what CI logs and
    /// GitHub annotations want.
    static func displayPath(_ file: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let prefix = cwd.hasSuffix("/") ? cwd : cwd + "/"
        return file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file
    }

    static func text(_ d: Diagnostic) -> String {
        var s = ""
        if let l = d.location { s += "\(displayPath(l.file)):\(l.line):\(l.column): " }
        s += "\(d.severity.rawValue): \(d.message)"
        if !d.path.isEmpty { s += " (\(d.path))" }
        return s
    }

    static func printText(_ diagnostics: [Diagnostic], to stream: Stream) {
        write(diagnostics.map { text($0) + "\n" }.joined(), to: stream)
    }

    struct JSONDiagnostic: Encodable {
        var file: String?
        var line: Int?
        var column: Int?
        var path: String
        var severity: String
        var message: String
    }

    static func json(_ diagnostics: [Diagnostic]) -> String {
        let items = diagnostics.map {
            JSONDiagnostic(file: $0.location.map { displayPath($0.file) }, line: $0.location?.line,
                           column: $0.location?.column, path: $0.path, severity: $0.severity.rawValue, message: $0.message)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(items)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`.
    static func github(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            var props: [String] = []
            if let l = d.location {
                props += ["file=\(escapeProperty(displayPath(l.file)))", "line=\(l.line)", "col=\(l.column)"]
            }
            if !d.path.isEmpty { props.append("title=\(escapeProperty(d.path))") }
            let kind = d.severity == .error ? "error" : "warning"
            let head = props.isEmpty ? "::\(kind)" : "::\(kind) \(props.joined(separator: ","))"
            return "\(head)::\(escapeData(d.message))\n"
        }.joined()
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
