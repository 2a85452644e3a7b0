import BerthBasics
import ComposeRuntime
import Foundation

/// Prints container log lines with aligned, coloured `service-N  |` prefixes, as Compose does.
final class LogPrinter: @unchecked Sendable {
    static let palette = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94]

    static var colorAllowed: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessEnvironment.values["NO_COLOR"] == nil
    }

    let color: Bool
    let prefix: Bool
    let timestamps: Bool
    private let lock = NSLock()
    private var width = 0
    private var colors: [String: Int] = [:]

    init(color: Bool, prefix: Bool, timestamps: Bool) {
        self.color = color
        self.prefix = prefix
        self.timestamps = timestamps
    }

    /// The name shown for a line: `service-N`, or the container name when it is custom.
    static func label(_ line: LogLine) -> String {
        "\(line.service)-\(line.number)"
    }

    func print(_ line: LogLine) {
        lock.lock()
        defer { lock.unlock() }
        var out = ""
        if prefix {
            let name = Self.label(line)
            width = max(width, name.count)
            let padded = name.padding(toLength: width, withPad: " ", startingAt: 0)
            if color {
                let code = colors[line.service] ?? Self.palette[colors.count % Self.palette.count]
                colors[line.service] = code
                out += "\u{1B}[\(code)m\(padded)  |\u{1B}[0m "
            } else {
                out += "\(padded)  | "
            }
        }
        if timestamps, let ts = line.timestamp { out += ts + " " }
        out += line.text
        if !out.hasSuffix("\n") { out += "\n" }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// Ctrl-C (SIGINT) and SIGTERM as async events: the first asks for a graceful stop, the next
/// one forces it.
final class InterruptMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var waiters: [(Int, Int, CheckedContinuation<Void, Never>)] = []
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }

    private func fire() {
        lock.lock()
        count += 1
        let ready = waiters.filter { $0.0 <= count }
        waiters.removeAll { $0.0 <= count }
        lock.unlock()
        for waiter in ready { waiter.2.resume() }
    }

    private var nextID = 0

    /// Returns when the n-th interrupt has arrived, or when the task is cancelled.
    private func wait(for n: Int) async {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if count >= n || Task.isCancelled {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                waiters.append((n, id, continuation))
                lock.unlock()
            }
        } onCancel: {
            let cancelled = lock.withLock {
                let found = waiters.filter { $0.1 == id }
                waiters.removeAll { $0.1 == id }
                return found
            }
            for waiter in cancelled { waiter.2.resume() }
        }
    }

    func first() async { await wait(for: 1) }

    /// The interrupt after the ones seen so far.
    func next() async {
        let n = lock.withLock { count + 1 }
        await wait(for: n)
    }
}
