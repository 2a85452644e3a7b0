import EngineClient
import Foundation

extension InMemoryEngine {
    /// What a container wrote (its script's output), for `logs` and `attach`.
    public func logs(_ id: String, options: LogOptions, tty: Bool?) async throws -> AsyncThrowingStream<OutputChunk, any Error> {
        var stallAfter: Int?
        do {
            if let dropped = try await enterStream(.logs, id, OutputChunk.self) { return dropped }
        } catch let stall as StalledStream {
            stallAfter = stall.after
        }
        let c = try container(id, "/containers/\(id)/logs")
        var chunks = c.output.filter { ($0.stream == .stderr && options.stderr) || ($0.stream != .stderr && options.stdout) }
        if let tail = options.tail, let n = Int(tail) { chunks = Array(chunks.suffix(n)) }
        if options.timestamps {
            let stamp = Self.timestamp(c.startedAt ?? c.created)
            chunks = chunks.map { OutputChunk(stream: $0.stream, bytes: Array((stamp + " ").utf8) + $0.bytes) }
        }
        if let stallAfter {
            var left = stallAfter
            var sent: [OutputChunk] = []
            for chunk in chunks where left > 0 {
                sent.append(OutputChunk(stream: chunk.stream, bytes: Array(chunk.bytes.prefix(left))))
                left -= min(left, chunk.bytes.count)
            }
            return Self.stalled(sending: sent)
        }
        let lines = chunks
        return AsyncThrowingStream { continuation in
            for chunk in lines { continuation.yield(chunk) }
            continuation.finish()
        }
    }

    public func createExec(_ container: String, _ request: ExecCreateRequest) async throws -> String {
        try await enter(.createExec, container)
        let c = try self.container(container, "/containers/\(container)/exec")
        guard c.status == "running" else {
            throw EngineError.conflict(call: Self.call("POST", "/containers/\(container)/exec"), message: "Container \(c.id) is not running")
        }
        let id = newID("exec")
        execs[id] = Exec(container: c.id, request: request)
        return id
    }

    private func runExec(_ id: String) throws -> ExecResult {
        guard var e = execs[id] else {
            throw EngineError.notFound(call: Self.call("POST", "/exec/\(id)/start"), message: "No such exec instance: \(id)")
        }
        let name = containers[e.container]?.name ?? e.container
        let result = execHandler(name, e.request.cmd ?? [])
        e.result = result
        execs[id] = e
        return result
    }

    public func startExec(_ id: String, tty: Bool) async throws -> AttachSession {
        try await enter(.startExec, id)
        let result = try runExec(id)
        var chunks: [OutputChunk] = []
        if !result.stdout.isEmpty { chunks.append(OutputChunk(stream: .stdout, bytes: Array(result.stdout.utf8))) }
        if !result.stderr.isEmpty { chunks.append(OutputChunk(stream: .stderr, bytes: Array(result.stderr.utf8))) }
        return Self.session(chunks)
    }

    public func startExecDetached(_ id: String) async throws {
        try await enter(.startExec, id)
        _ = try runExec(id)
    }

    public func inspectExec(_ id: String) async throws -> ExecInspect {
        try await enter(.inspectExec, id)
        guard let e = execs[id] else {
            throw EngineError.notFound(call: Self.call("GET", "/exec/\(id)/json"), message: "No such exec instance: \(id)")
        }
        var i = ExecInspect()
        i.id = id
        i.containerID = e.container
        i.running = e.result == nil
        i.exitCode = e.result?.exitCode
        return i
    }

    public func attach(_ id: String, stdin: Bool, stdout: Bool, stderr: Bool, logs: Bool, tty: Bool?) async throws -> AttachSession {
        try await enter(.attach, id)
        let c = try container(id, "/containers/\(id)/attach")
        let chunks = logs ? c.output.filter { ($0.stream == .stderr && stderr) || ($0.stream != .stderr && stdout) } : []
        return Self.session(chunks)
    }

    /// A session whose output is `chunks`; what is written to stdin is dropped.
    static func session(_ chunks: [OutputChunk]) -> AttachSession {
        let output = AsyncThrowingStream<OutputChunk, any Error> { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
        return AttachSession(output: output, write: { _ in }, closeStdin: {}, close: {})
    }
}
