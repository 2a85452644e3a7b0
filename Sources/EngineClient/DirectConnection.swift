import Dispatch
import Foundation
import NIOCore
import NIOHTTP1

/// A keep-alive connection to a local engine's unix socket that carries one buffered request at
/// a time with plain blocking calls on a serial queue of its own (serial queues may block: they
/// run on overcommitting threads, not on the task pool's).
///
/// The requests of short commands (`ps`, a no-op `up`, `exec`'s calls) go this way. Setting up
/// NIO's event loop thread and its first socket channel costs about 6 M instructions, mostly in
/// the runtime's conformance scans for their generic types: more than the whole `ps` otherwise
/// does. Streams, hijacked calls, request bodies sent as they are produced, TCP and TLS stay on
/// NIO (`EngineConnection`).
final class DirectConnection: @unchecked Sendable {
    private let socket: LocalSocket
    private var fd: Int32 { socket.fd }
    private let queue = DispatchQueue(label: "berth.engine.connection")
    /// Only touched on `queue`.
    private var parser = HTTPResponseParser()
    private var events: [HTTPResponseParser.Event] = []
    private var readSize = 16 * 1024

    private init(socket: LocalSocket) {
        self.socket = socket
    }

    /// Connects to the socket at `path`; the error text says why not.
    static func connect(path: String) async throws(LocalSocket.ConnectFailure) -> DirectConnection {
        DirectConnection(socket: try await LocalSocket.connect(path: path))
    }

    /// Until it is closed, or a response or a failure said it cannot carry another request.
    var isActive: Bool { !socket.isStopped }

    /// Stops the connection; a request under way fails as on a connection the engine closed.
    func close() { socket.stop() }


    /// Sends the request and reads the whole response.
    func exchange(_ head: HTTPRequestHead, body: ByteBuffer?, call: EngineCall, timeout: TimeAmount?) async throws -> BufferedResponse {
        let deadline = timeout.map { DispatchTime.now().uptimeNanoseconds &+ UInt64(max(0, $0.nanoseconds)) }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.exchangeNow(head, body: body, call: call, timeout: timeout, deadline: deadline) })
            }
        }
    }

    private var closedError: EngineError { .protocolError(call: nil, detail: EngineError.connectionClosedDetail) }

    private func exchangeNow(
        _ head: HTTPRequestHead, body: ByteBuffer?, call: EngineCall, timeout: TimeAmount?, deadline: UInt64?
    ) throws -> BufferedResponse {
        guard isActive else { throw closedError }
        let allocator = ByteBufferAllocator()
        var request = HTTPRequestWire.head(head, allocator: allocator)
        if var body { request.writeBuffer(&body) }
        do {
            try writeAll(request)
        } catch {
            close()
            throw error
        }
        parser.expectResponse(toHEAD: head.method == .HEAD)
        var status = 0
        var headers = HTTPHeaders()
        var keepAlive = false
        var sawHead = false
        var collected: ByteBuffer?
        while true {
            guard try waitReadable(until: deadline) else {
                close()
                let seconds = Double(timeout?.nanoseconds ?? 0) / 1e9
                throw EngineError.timeout(call: call, seconds: seconds)
            }
            var chunk = allocator.buffer(capacity: readSize)
            var failed = false
            let count = chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: readSize) { raw in
                let n = SocketIO.read(fd, into: raw)
                failed = n < 0
                return max(n, 0)
            }
            if failed {
                close()
                throw closedError
            }
            events.removeAll(keepingCapacity: true)
            do {
                if count == 0 {
                    close()
                    try parser.inputClosed(into: &events)
                } else {
                    if count == readSize && readSize < 256 * 1024 { readSize *= 2 }
                    try parser.feed(chunk, into: &events)
                }
            } catch {
                close()
                throw count == 0 ? closedError : EngineError.protocolError(call: call, detail: error.detail)
            }
            for event in events {
                switch event {
                case .head(let s, let h, let k):
                    status = s
                    headers = h
                    keepAlive = k
                    sawHead = true
                case .body(var bytes):
                    if collected == nil { collected = bytes } else { collected!.writeBuffer(&bytes) }
                case .end:
                    guard sawHead else { throw EngineError.protocolError(call: call, detail: "response ended without a head") }
                    if !keepAlive { close() }
                    return BufferedResponse(
                        status: status, headers: headers, body: collected ?? allocator.buffer(capacity: 0), keepAlive: keepAlive)
                }
            }
            if count == 0 { throw closedError }
        }
    }

    /// Waits until the socket has bytes (or the engine closed it); false when the deadline passed.
    private func waitReadable(until deadline: UInt64?) throws -> Bool {
        while true {
            var milliseconds: Int32 = -1
            if let deadline {
                let now = DispatchTime.now().uptimeNanoseconds
                if now >= deadline { return false }
                milliseconds = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready > 0 { return true }
            if ready == 0 { continue }  // the deadline check above decides
            if errno != EINTR {
                close()
                throw closedError
            }
        }
    }

    private func writeAll(_ buffer: ByteBuffer) throws {
        // EPIPE, ECONNRESET: the engine closed this kept-alive connection.
        guard buffer.withUnsafeReadableBytes({ SocketIO.send(fd, $0) }) else { throw closedError }
    }
}

/// A hijacked call (attach, exec start) on a direct connection to a local socket: the request
/// and the response head, then raw bytes both ways. A reader on a queue of its own yields the
/// output; writes go through another, so a container that does not read its stdin blocks
/// neither the output nor the task pool. `exec` then never starts NIO's event loop.
final class DirectStream: @unchecked Sendable {
    private let socket: LocalSocket
    private var fd: Int32 { socket.fd }
    private let readQueue = DispatchQueue(label: "berth.engine.stream.read")
    private let writeQueue = DispatchQueue(label: "berth.engine.stream.write")

    private init(socket: LocalSocket) {
        self.socket = socket
    }

    /// Connects, sends `request` and reads the head. A status other than 101 or 200 throws the
    /// engine's error; otherwise the output is every byte after the head, until the engine
    /// closes its side.
    static func open(
        path: String, request: [UInt8], call: EngineCall, endpoint: String
    ) async throws -> (DirectStream, AsyncThrowingStream<ByteBuffer, any Error>) {
        let stream: DirectStream
        do {
            stream = DirectStream(socket: try await LocalSocket.connect(path: path))
        } catch {
            throw EngineError.notReachable(endpoint: endpoint, underlying: error.description)
        }
        let leftover: [UInt8] = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                stream.readQueue.async {
                    continuation.resume(with: Result { try stream.startNow(request: request, call: call) })
                }
            }
        } onCancel: {
            stream.close()
        }
        let (output, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self, throwing: (any Error).self)
        continuation.onTermination = { _ in stream.close() }
        stream.readQueue.async { stream.pump(leftover, into: continuation) }
        return (stream, output)
    }

    /// Sends the request and reads up to the end of the head; returns the bytes after it.
    private func startNow(request: [UInt8], call: EngineCall) throws -> [UInt8] {
        try sendAll(request)
        var received = ByteBufferAllocator().buffer(capacity: 4096)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = readSome(&buffer)
            guard n > 0 else {
                close()
                throw EngineError.protocolError(call: call, detail: "the engine closed the connection before answering")
            }
            received.writeBytes(buffer[..<n])
            let view = received.readableBytesView
            guard let end = HTTPResponseParser.headEnd(view) else {
                if received.readableBytes > HTTPResponseParser.maxHeadSize {
                    close()
                    throw EngineError.protocolError(call: call, detail: "response head too large")
                }
                continue
            }
            guard let status = HTTPResponseParser.status(ofHead: Array(view.prefix(64))) else {
                close()
                throw EngineError.protocolError(call: call, detail: "malformed status line")
            }
            if status == 101 || status == 200 { return Array(view[end...]) }
            let body = errorBody(received, buffer: &buffer)
            close()
            throw EngineError.from(status: status, call: call, message: EngineMessage.extract(from: body))
        }
    }

    /// The body of an error response whose bytes so far are `received`, read to its end (it is
    /// framed as any response; it carries the engine's message).
    private func errorBody(_ received: ByteBuffer, buffer: inout [UInt8]) -> ByteBuffer {
        var parser = HTTPResponseParser()
        var events: [HTTPResponseParser.Event] = []
        var body = ByteBufferAllocator().buffer(capacity: 0)
        var chunk = received
        while true {
            do {
                if chunk.readableBytes > 0 { try parser.feed(chunk, into: &events) } else { try parser.inputClosed(into: &events) }
            } catch {
                return body
            }
            for event in events {
                switch event {
                case .body(var bytes): body.writeBuffer(&bytes)
                case .end: return body
                case .head: break
                }
            }
            events.removeAll()
            if chunk.readableBytes == 0 { return body }
            let n = readSome(&buffer)
            chunk = ByteBufferAllocator().buffer(capacity: max(n, 0))
            if n > 0 { chunk.writeBytes(buffer[..<n]) }
        }
    }

    /// Yields the output until the engine closes its side (or `close()`).
    private func pump(_ leftover: [UInt8], into continuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation) {
        if !leftover.isEmpty {
            var first = ByteBufferAllocator().buffer(capacity: leftover.count)
            first.writeBytes(leftover)
            continuation.yield(first)
        }
        var size = 16 * 1024
        while true {
            var chunk = ByteBufferAllocator().buffer(capacity: size)
            var failed = false
            let n = chunk.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { raw in
                let n = SocketIO.read(fd, into: raw)
                failed = n < 0
                return max(n, 0)
            }
            if n == 0 {
                // The end of the output; a read error after `close()` is the same end.
                if failed && !isClosed {
                    continuation.finish(throwing: EngineError.protocolError(call: nil, detail: "reading the stream: \(LocalSocket.errnoText())"))
                } else {
                    continuation.finish()
                }
                return
            }
            if n == size && size < 256 * 1024 { size *= 2 }
            continuation.yield(chunk)
        }
    }

    private func readSome(_ buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { SocketIO.read(fd, into: $0) }
    }

    private func sendAll(_ bytes: [UInt8]) throws {
        guard bytes.withUnsafeBytes({ SocketIO.send(fd, $0) }) else {
            throw EngineError.protocolError(call: nil, detail: EngineError.connectionClosedDetail)
        }
    }

    private var isClosed: Bool { socket.isStopped }

    /// Writes to the container's stdin.
    func write(_ bytes: [UInt8]) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writeQueue.async { continuation.resume(with: Result { try self.sendAll(bytes) }) }
        }
    }

    /// Half-closes: the container reads the end of its stdin once the writes before have gone.
    func closeStdin() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            writeQueue.async {
                shutdown(self.fd, Int32(SHUT_WR))
                continuation.resume()
            }
        }
    }

    /// Ends the call both ways; the output ends.
    func close() { socket.stop() }
}

/// A connected unix stream socket, shared by the direct transports: stopped once (a shutdown
/// both ways, which wakes any blocked read), closed when the last user lets it go.
final class LocalSocket: @unchecked Sendable {
    let fd: Int32
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var stopped = false

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        Glibc.close(fd)
    }

    struct ConnectFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to the socket at `path`, off the task pool; the error text says why not.
    static func connect(path: String) async throws(ConnectFailure) -> LocalSocket {
        let result: Result<LocalSocket, ConnectFailure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(ConnectFailure) in LocalSocket(fd: try open(path: path)) })
            }
        }
        return try result.get()
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(fd, Int32(SHUT_RDWR))
    }

    private static func open(path: String) throws(ConnectFailure) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw ConnectFailure(description: "the socket path is longer than a unix socket address allows")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConnectFailure(description: "socket: \(errnoText())") }
        let status = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connectRetrying(fd, $0) }
        }
        guard status == 0 else {
            let text = "connect: \(errnoText())"
            Glibc.close(fd)
            throw ConnectFailure(description: text)
        }
        return fd
    }

    private static func connectRetrying(_ fd: Int32, _ address: UnsafePointer<sockaddr>) -> Int32 {
        while true {
            let status = Glibc.connect(fd, address, socklen_t(MemoryLayout<sockaddr_un>.size))
            if status == 0 || errno != EINTR { return status }
        }
    }

    static func errnoText() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Blocking socket calls, retried when a signal interrupts them.
enum SocketIO {
    /// Reads what has arrived (blocking until something has): the count, 0 at the end of the
    /// input, -1 on an error.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 || errno != EINTR { return n }
        }
    }

    /// Sends all of `bytes`, without SIGPIPE; false when the peer is gone.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }
}
