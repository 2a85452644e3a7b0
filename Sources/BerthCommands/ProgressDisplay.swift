import ArgumentParser
import BerthBasics
import ComposeRuntime
import Foundation

/// Shows what a command is doing, one line per resource (`--progress`, `COMPOSE_PROGRESS`).
///
/// - `tty`: a live block of lines on stderr, redrawn in place, each with its state and elapsed time;
/// - `plain`: a line per event;
/// - `json`: a JSON object per line;
/// - `quiet`: nothing.
final class ProgressDisplay: @unchecked Sendable {
    enum Mode: String, CaseIterable, ExpressibleByArgument {
        case auto, tty, plain, json, quiet

        /// Compose's spellings; `none` is an old name of `quiet`.
        init?(argument: String) {
            if argument == "none" {
                self = .quiet
            } else {
                self.init(rawValue: argument)
            }
        }
    }

    private struct Line {
        var resource: String
        var text: String
        var status: ProgressStatus
        var detail: String?
        var started: ContinuousClock.Instant
        var finished: ContinuousClock.Instant?
    }

    let mode: Mode
    let color: Bool
    private let lock = NSLock()
    private var lines: [Line] = []
    private var index: [String: Int] = [:]
    private var drawn = 0
    private let clock = ContinuousClock()

    init(mode requested: Mode, environment: [String: String] = ProcessEnvironment.values) {
        var mode = requested
        if mode == .auto, let value = environment["COMPOSE_PROGRESS"], !value.isEmpty {
            if let fromEnv = Mode(argument: value) {
                mode = fromEnv
            } else {
                let allowed = Mode.allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("warning: COMPOSE_PROGRESS=\(value) is not one of \(allowed); using auto\n".utf8))
            }
        }
        if mode == .auto {
            mode = isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb" ? .tty : .plain
        }
        self.mode = mode
        self.color = mode == .tty && environment["NO_COLOR"] == nil
    }

    /// The handler to give a ProjectRunner.
    var handler: ProgressHandler {
        { [self] event in self.receive(event) }
    }

    func receive(_ event: ProgressEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch mode {
        case .quiet, .auto:
            return
        case .json:
            write(Self.json(event) + "\n")
        case .plain:
            var s = "\(event.resource) \(event.text)"
            if let detail = event.detail, !detail.isEmpty { s += " \(detail)" }
            write(s + "\n")
        case .tty:
            let now = clock.now
            if let i = index[event.resource] {
                lines[i].text = event.text
                lines[i].status = event.status
                lines[i].detail = event.detail
                lines[i].finished = event.status == .working ? nil : now
            } else {
                index[event.resource] = lines.count
                lines.append(Line(resource: event.resource, text: event.text, status: event.status, detail: event.detail,
                                  started: now, finished: event.status == .working ? nil : now))
            }
            redraw()
        }
    }

    /// Prints a message above the live block (warnings, "Gracefully stopping…").
    func message(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        guard mode != .quiet else { return }
        if mode == .tty, drawn > 0 {
            write("\u{1B}[\(drawn)F\u{1B}[J")
            drawn = 0
            write(text + "\n")
            redraw()
        } else {
            write(text + "\n")
        }
    }

    /// Draws the final state; call before printing anything else.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if mode == .tty { redraw() }
    }

    private func redraw() {
        let now = clock.now
        var out = ""
        if drawn > 0 { out += "\u{1B}[\(drawn)F" }
        let width = lines.map(\.resource.count).max() ?? 0
        for line in lines {
            let elapsed = (line.finished ?? now) - line.started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let mark: String
            switch line.status {
            case .working: mark = paint(" ⠿ ", 33)
            case .done: mark = paint(" ✔ ", 32)
            case .warning: mark = paint(" ! ", 33)
            case .error: mark = paint(" ✘ ", 31)
            }
            var text = line.text
            if let detail = line.detail, !detail.isEmpty { text += " \(detail)" }
            let padded = line.resource.padding(toLength: width, withPad: " ", startingAt: 0)
            out += "\u{1B}[2K\(mark)\(padded)  \(text)  \(paint(String(format: "%.1fs", seconds), 2))\n"
        }
        drawn = lines.count
        write(out)
    }

    private func paint(_ s: String, _ code: Int) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }

    static func json(_ event: ProgressEvent) -> String {
        var object: [String: String] = ["id": event.resource, "text": event.text, "status": event.status.rawValue]
        if let detail = event.detail { object["details"] = detail }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
