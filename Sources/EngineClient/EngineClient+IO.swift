import Foundation
import NIOCore
import NIOHTTP1

/// Options of `GET /containers/{id}/logs`.
public struct LogOptions: Sendable {
    /// Keep the stream open for new output.
    public var follow = false
    public var stdout = true
    public var stderr = true
    /// Unix timestamp (or RFC 3339) to start from.
    public var since: String?
    /// Unix timestamp (or RFC 3339) to stop at.
    public var until: String?
    /// Prefix every line with its RFC 3339 timestamp.
    public var timestamps = false
    /// `all` or a number of lines from the end.
    public var tail: String?

    public init(follow: Bool = false, stdout: Bool = true, stderr: Bool = true, since: String? = nil, until: String? = nil, timestamps: Bool = false, tail: String? = nil) {
        self.follow = follow
        self.stdout = stdout
        self.stderr = stderr
        self.since = since
        self.until = until
        self.timestamps = timestamps
        self.tail = tail
    }
}

/// A hijacked, bidirectional connection to a container's (or exec's) stdio.
public final class AttachSession: Sendable {
    /// The container's output, demultiplexed unless it runs with a TTY.
    public let output: AsyncThrowingStream<OutputChunk, any Error>
    private let writer: @Sendable ([UInt8]) async throws -> Void
    private let stdinCloser: @Sendable () async throws -> Void
    private let closer: @Sendable () -> Void

    /// A session from its parts (an engine other than `EngineClient` supplies its own).
    public init(
        output: AsyncThrowingStream<OutputChunk, any Error>, write: @escaping @Sendable ([UInt8]) async throws -> Void,
        closeStdin: @escaping @Sendable () async throws -> Void, close: @escaping @Sendable () -> Void
    ) {
        self.output = output
        self.writer = write
        self.stdinCloser = closeStdin
        self.closer = close
    }

    convenience init(output: AsyncThrowingStream<OutputChunk, any Error>, channel: any Channel) {
        self.init(
            output: output,
            write: { bytes in
                var buffer = channel.allocator.buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                try await channel.writeAndFlush(buffer)
            },
            closeStdin: { try await channel.close(mode: .output) },
            close: { channel.close(promise: nil) })
    }

    /// Writes bytes to the container's stdin.
    public func write(_ bytes: [UInt8]) async throws {
        try await writer(bytes)
    }

    /// Writes text to the container's stdin.
    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }

    /// Closes stdin (half-close): the container reads end of file; output keeps flowing.
    public func closeStdin() async throws {
        try await stdinCloser()
    }

    /// Closes the connection.
    public func close() {
        closer()
    }
}

/// The collected result of a finished exec.
public struct ExecResult: Sendable {
    public var exitCode: Int
    public var stdout: String
    public var stderr: String

    public init(exitCode: Int, stdout: String, stderr: String) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }
}

extension EngineClient {
    // MARK: - Logs

    /// A container's logs as stdout/stderr chunks. `tty` says whether the container has a TTY
    /// (raw output instead of frames); nil inspects the container to find out.
    public func logs(_ id: String, options: LogOptions, tty: Bool?) async throws -> AsyncThrowingStream<OutputChunk, any Error> {
        let isTTY: Bool
        if let tty { isTTY = tty } else { isTTY = try await inspectContainer(id).config?.tty ?? false }
        var query: [(String, String)] = [
            ("stdout", options.stdout ? "1" : "0"), ("stderr", options.stderr ? "1" : "0"),
        ]
        if options.follow { query.append(("follow", "1")) }
        if let since = options.since { query.append(("since", since)) }
        if let until = options.until { query.append(("until", until)) }
        if options.timestamps { query.append(("timestamps", "1")) }
        if let tail = options.tail { query.append(("tail", tail)) }
        let (_, bytes) = try await stream(.GET, Self.path("containers", id, "logs"), query: query)
        return isTTY ? decoded(bytes, with: RawStreamDecoder()) : decoded(bytes, with: MultiplexedStreamDecoder())
    }

    // MARK: - Exec

    /// Creates an exec instance in a running container; returns its ID.
    public func createExec(_ container: String, _ request: ExecCreateRequest) async throws -> String {
        let response = try await call(CreateResponse.self, .POST, Self.path("containers", container, "exec"), body: json(request))
        guard let id = response.id else {
            throw EngineError.protocolError(call: EngineCall(method: "POST", path: "/containers/\(container)/exec"), detail: "no exec ID")
        }
        return id
    }

    /// Starts an exec and attaches to it (stdin works if the exec was created with
    /// `AttachStdin`).
    public func startExec(_ id: String, tty: Bool) async throws -> AttachSession {
        var request: [String: Bool] = [:]
        request["Detach"] = false
        request["Tty"] = tty
        let body = try jsonEncoder.encode(request)
        return try await hijack(path: Self.path("exec", id, "start"), query: [], body: Array(body), tty: tty)
    }

    /// Starts an exec in the background.
    public func startExecDetached(_ id: String) async throws {
        try await checked(.POST, Self.path("exec", id, "start"), body: json(["Detach": true, "Tty": false]))
    }

    /// Inspects an exec instance (its exit code once it ended).
    public func inspectExec(_ id: String) async throws -> ExecInspect {
        try await call(ExecInspect.self, .GET, Self.path("exec", id, "json"))
    }

    // MARK: - Attach

    /// Attaches to a container's stdio with the HTTP upgrade (`Upgrade: tcp`), so stdin can be
    /// written. `logs` replays earlier output first. `tty` nil inspects the container.
    public func attach(_ id: String, stdin: Bool, stdout: Bool, stderr: Bool, logs: Bool, tty: Bool?) async throws -> AttachSession {
        let isTTY: Bool
        if let tty { isTTY = tty } else { isTTY = try await inspectContainer(id).config?.tty ?? false }
        let query: [(String, String)] = [
            ("stream", "1"), ("stdin", stdin ? "1" : "0"), ("stdout", stdout ? "1" : "0"),
            ("stderr", stderr ? "1" : "0"), ("logs", logs ? "1" : "0"),
        ]
        return try await hijack(path: Self.path("containers", id, "attach"), query: query, body: [], tty: isTTY)
    }

    /// Sends an upgrade request on a fresh raw connection and hands over the stream once the
    /// engine answers 101 (or 200).
    private func hijack(path: String, query: [(String, String)], body: [UInt8], tty: Bool) async throws -> AttachSession {
        let call = EngineCall(method: "POST", path: path)
        let version = try await apiVersion()
        let started = ContinuousClock.now
        await pool.noteDedicatedConnection()
        var request = "POST \(Self.uri(version: version, path: path, query: query)) HTTP/1.1\r\n"
        request += "Host: \(endpoint.hostHeader)\r\nUser-Agent: berth\r\n"
        request += "Connection: Upgrade\r\nUpgrade: tcp\r\n"
        request += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        if case .unix(let socketPath) = endpoint.address, factory.sslContext == nil {
            let stream: DirectStream
            let bytes: AsyncThrowingStream<ByteBuffer, any Error>
            do {
                (stream, bytes) = try await DirectStream.open(
                    path: socketPath, request: Array(request.utf8) + body, call: call, endpoint: factory.endpointDescription)
            } catch {
                logOpened("POST", path, query: query, status: nil, since: started)
                throw error
            }
            logOpened("POST", path, query: query, status: 101, since: started)
            let output = tty ? decoded(bytes, with: RawStreamDecoder()) : decoded(bytes, with: MultiplexedStreamDecoder())
            return AttachSession(
                output: output, write: { try await stream.write($0) }, closeStdin: { await stream.closeStdin() },
                close: { stream.close() })
        }
        let handler = HijackHandler(call: call)
        let channel = try await factory.makeRawConnection(handler: handler)
        var buffer = channel.allocator.buffer(capacity: request.utf8.count + body.count)
        buffer.writeString(request)
        buffer.writeBytes(body)
        let payload = buffer
        do {
            _ = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, any Error>) in
                    channel.eventLoop.execute {
                        handler.expectHead(continuation)
                        channel.writeAndFlush(payload, promise: nil)
                    }
                }
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            channel.close(promise: nil)
            logOpened("POST", path, query: query, status: nil, since: started)
            throw error
        }
        logOpened("POST", path, query: query, status: 101, since: started)
        let output = tty ? decoded(handler.output, with: RawStreamDecoder()) : decoded(handler.output, with: MultiplexedStreamDecoder())
        return AttachSession(output: output, channel: channel)
    }
}
