import EngineClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Moves bytes between Berth's stdio and a hijacked attach/exec connection.
enum StdioPump {
    /// How a session ended.
    enum Outcome {
        /// The output ended: the process exited (or closed its output).
        case ended
        /// The user typed the detach keys.
        case detached
    }

    /// Copies stdin to `session` (half-closing it at end of file, so `echo x | … cat` ends)
    /// and the session's output to stdout/stderr, until the output ends. `detachKeys`, when
    /// typed on stdin, detach instead of being sent.
    static func run(_ session: AttachSession, stdin: Bool, detachKeys: [UInt8]? = nil) async throws -> Outcome {
        let (detached, detachSignal) = AsyncStream.makeStream(of: Void.self)
        let input: Task<Void, Never>? = stdin ? Task {
            var matched = 0
            for await chunk in readStdin() {
                guard let chunk else {
                    try? await session.closeStdin()
                    return
                }
                var bytes = chunk
                if let keys = detachKeys, !keys.isEmpty {
                    var out: [UInt8] = []
                    for b in bytes {
                        if b == keys[matched] {
                            matched += 1
                            if matched == keys.count {
                                detachSignal.yield()
                                return
                            }
                        } else {
                            out += keys[0..<matched]
                            matched = b == keys[0] ? 1 : 0
                            if matched == 0 { out.append(b) }
                        }
                    }
                    bytes = out
                }
                if bytes.isEmpty { continue }
                do { try await session.write(bytes) } catch { return }
            }
        } : nil
        defer { input?.cancel() }
        return try await withThrowingTaskGroup(of: Outcome.self) { group in
            group.addTask {
                for try await chunk in session.output {
                    write(chunk.bytes, to: chunk.stream == .stderr ? STDERR_FILENO : STDOUT_FILENO)
                }
                return .ended
            }
            group.addTask {
                for await _ in detached { return .detached }
                try await Task.sleep(for: .seconds(1_000_000_000))
                return .ended
            }
            let first = try await group.next() ?? .ended
            group.cancelAll()
            if first == .detached { session.close() }
            detachSignal.finish()
            return first
        }
    }

    /// Stdin in chunks as they are read; nil once at end of file. A blocking read on its own
    /// thread (stdin may be a terminal, a pipe or a file).
    static func readStdin() -> AsyncStream<[UInt8]?> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8]?.self)
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 32 * 1024)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    continuation.yield(nil)
                    continuation.finish()
                    return
                }
                continuation.yield(Array(buffer[0..<n]))
            }
        }
        thread.start()
        return stream
    }

    /// Writes all of `bytes` to `fd`.
    static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    /// `ctrl-p,ctrl-q` → bytes (`ctrl-a`…`ctrl-z`, `ctrl-@`, `ctrl-[`…`ctrl-_`, or single
    /// characters), as the docker CLI reads `--detach-keys`.
    static func parseDetachKeys(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        for part in text.split(separator: ",") {
            let p = part.lowercased()
            if p.hasPrefix("ctrl-"), p.count == 6, let c = p.last?.asciiValue {
                switch c {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): out.append(c - UInt8(ascii: "a") + 1)
                case UInt8(ascii: "@"): out.append(0)
                case UInt8(ascii: "["): out.append(27)
                case UInt8(ascii: "\\"): out.append(28)
                case UInt8(ascii: "]"): out.append(29)
                case UInt8(ascii: "^"): out.append(30)
                case UInt8(ascii: "_"): out.append(31)
                default: return nil
                }
            } else if p.count == 1, let c = part.first?.asciiValue {
                out.append(c)
            } else {
                return nil
            }
        }
        return out.isEmpty ? nil : out
    }
}
