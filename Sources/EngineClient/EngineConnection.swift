import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A complete, buffered HTTP response.
struct BufferedResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: ByteBuffer
    /// The connection may carry another request.
    var keepAlive: Bool
}

/// The head of a streamed response.
struct StreamedHead: Sendable {
    var status: Int
    var headers: HTTPHeaders
}

/// What the handler does with the next response.
enum PendingResponse {
    case buffered(CheckedContinuation<BufferedResponse, any Error>)
    case streaming(head: CheckedContinuation<StreamedHead, any Error>, body: AsyncThrowingStream<ByteBuffer, any Error>.Continuation)
}

/// Bridges one HTTP/1.1 response at a time from the channel to async callers, parsing the
/// bytes itself (`HTTPResponseParser`). Every method runs on the channel's event loop.
final class EngineResponseHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var parser = HTTPResponseParser()
    private var events: [HTTPResponseParser.Event] = []
    private var pending: PendingResponse?
    private var call: EngineCall?
    private var head: (status: Int, headers: HTTPHeaders, keepAlive: Bool)?
    private var body: ByteBuffer?
    private var headDelivered = false
    private var timeoutTask: Scheduled<Void>?
    private var closedError: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Arms the handler for the next response. Call on the event loop, before writing the request.
    func begin(_ response: PendingResponse, call: EngineCall, timeout: TimeAmount?, isHEAD: Bool) {
        if let closedError {
            Self.fail(response, closedError)
            return
        }
        parser.expectResponse(toHEAD: isHEAD)
        pending = response
        self.call = call
        head = nil
        body = nil
        headDelivered = false
        if let timeout, let context {
            let eventLoop = context.eventLoop
            timeoutTask = eventLoop.scheduleTask(in: timeout) { [weak self] in
                let seconds = Double(timeout.nanoseconds) / 1e9
                self?.failPending(EngineError.timeout(call: call, seconds: seconds))
                self?.context?.close(promise: nil)
            }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try parser.feed(unwrapInboundIn(data), into: &events)
        } catch {
            deliverEvents(context: context)
            failPending(EngineError.protocolError(call: call, detail: error.detail))
            context.close(promise: nil)
            return
        }
        deliverEvents(context: context)
    }

    /// Hands the parsed events on; they are collected first so that nothing a continuation
    /// resumes can reach the parser while it is still parsing.
    private func deliverEvents(context: ChannelHandlerContext) {
        guard !events.isEmpty else { return }
        let parsed = events
        events.removeAll(keepingCapacity: true)
        for event in parsed { handle(event, context: context) }
    }

    private func handle(_ event: HTTPResponseParser.Event, context: ChannelHandlerContext) {
        switch event {
        case .head(let status, let headers, let keepAlive):
            head = (status, headers, keepAlive)
            if case .streaming(let headContinuation, _) = pending, !headDelivered {
                // Streams may stay open indefinitely: the time limit covers the head only.
                timeoutTask?.cancel()
                timeoutTask = nil
                headDelivered = true
                headContinuation.resume(returning: StreamedHead(status: status, headers: headers))
            }
        case .body(var chunk):
            switch pending {
            case .buffered:
                if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
            case .streaming(_, let stream):
                stream.yield(chunk)
            case nil:
                break
            }
        case .end:
            timeoutTask?.cancel()
            timeoutTask = nil
            let response = pending
            pending = nil
            guard let head = head else {
                if let response { Self.fail(response, EngineError.protocolError(call: call, detail: "response ended without a head")) }
                return
            }
            self.head = nil
            switch response {
            case .buffered(let continuation):
                let buffer = body ?? context.channel.allocator.buffer(capacity: 0)
                body = nil
                continuation.resume(returning: BufferedResponse(
                    status: head.status, headers: head.headers, body: buffer, keepAlive: head.keepAlive))
            case .streaming(_, let stream):
                stream.finish()
            case nil:
                break
            }
        }
    }

    /// The engine closed its side of the connection (half-closure is allowed on these
    /// channels): the end of a body that runs to the close, or a failure mid-response. Nothing
    /// more can come, so the connection closes and the pool does not hand it out again.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        inputEnded(context: context)
        context.close(promise: nil)
    }

    private func inputEnded(context: ChannelHandlerContext) {
        do {
            try parser.inputClosed(into: &events)
        } catch {
            // Failed below as a closed connection, which a reused GET retries.
        }
        deliverEvents(context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failPending(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        inputEnded(context: context)
        let error = EngineError.protocolError(call: nil, detail: EngineError.connectionClosedDetail)
        closedError = error
        failPending(error)
        context.fireChannelInactive()
    }

    private func failPending(_ error: any Error) {
        timeoutTask?.cancel()
        timeoutTask = nil
        guard let response = pending else { return }
        pending = nil
        if case .streaming(let headContinuation, let stream) = response {
            if headDelivered { stream.finish(throwing: error) } else {
                headContinuation.resume(throwing: error)
                stream.finish(throwing: error)
            }
            return
        }
        Self.fail(response, error)
    }

    private static func fail(_ response: PendingResponse, _ error: any Error) {
        switch response {
        case .buffered(let continuation):
            continuation.resume(throwing: error)
        case .streaming(let head, let stream):
            head.resume(throwing: error)
            stream.finish(throwing: error)
        }
    }
}

/// The body of a request.
enum RequestBody: Sendable {
    case none
    case bytes(ByteBuffer)
    /// Sent with chunked transfer encoding as the chunks arrive.
    case stream(@Sendable (_ write: @Sendable (ByteBuffer) async throws -> Void) async throws -> Void)
}

extension RequestBody {
    /// Sent as it is produced (so only on a NIO channel).
    var isStream: Bool {
        if case .stream = self { return true }
        return false
    }
}

/// One keep-alive HTTP/1.1 connection to the engine: a NIO channel, or a direct one to a local
/// socket (`DirectConnection`) for buffered requests.
final class EngineConnection: Sendable {
    private enum Transport {
        case channel(any Channel, EngineResponseHandler)
        case direct(DirectConnection)
    }

    private let transport: Transport

    init(channel: any Channel, handler: EngineResponseHandler) {
        transport = .channel(channel, handler)
    }

    init(direct: DirectConnection) {
        transport = .direct(direct)
    }

    /// The direct connection, when this is one: it carries buffered requests only.
    var direct: DirectConnection? {
        if case .direct(let connection) = transport { return connection }
        return nil
    }

    var isActive: Bool {
        switch transport {
        case .channel(let channel, _): return channel.isActive
        case .direct(let connection): return connection.isActive
        }
    }

    func close() {
        switch transport {
        case .channel(let channel, _): channel.close(promise: nil)
        case .direct(let connection): connection.close()
        }
    }

    /// Sends a request on a NIO channel and arms the handler; the response arrives through
    /// `pending`. (A direct connection is driven by `DirectConnection.exchange`.)
    func send(_ head: HTTPRequestHead, body: RequestBody, call: EngineCall, timeout: TimeAmount?, pending: PendingResponse) {
        guard case .channel(let channel, let handler) = transport else {
            preconditionFailure("send(_:body:call:timeout:pending:) on a direct connection")
        }
        // PendingResponse holds continuations (Sendable) but is an enum without a Sendable
        // conformance; hand it over through a box.
        let box = UnsafeTransfer(pending)
        channel.eventLoop.execute {
            handler.begin(box.value, call: call, timeout: timeout, isHEAD: head.method == .HEAD)
            let allocator = channel.allocator
            switch body {
            case .none, .stream:
                channel.writeAndFlush(HTTPRequestWire.head(head, allocator: allocator), promise: nil)
            case .bytes(let buffer):
                channel.write(HTTPRequestWire.head(head, allocator: allocator), promise: nil)
                channel.writeAndFlush(buffer, promise: nil)
            }
        }
        if case .stream(let producer) = body {
            Task {
                do {
                    try await producer { buffer in
                        // An empty chunk would end the body: there is nothing to send.
                        guard buffer.readableBytes > 0 else { return }
                        let allocator = channel.allocator
                        channel.write(HTTPRequestWire.chunkHeader(buffer.readableBytes, allocator: allocator), promise: nil)
                        channel.write(buffer, promise: nil)
                        try await channel.writeAndFlush(HTTPRequestWire.crlf(allocator: allocator))
                    }
                    try await channel.writeAndFlush(HTTPRequestWire.lastChunk(allocator: channel.allocator))
                } catch {
                    // The response side reports the failure (the channel is closed).
                    channel.close(promise: nil)
                }
            }
        }
    }
}

/// Moves a value that is only touched on one event loop across an isolation boundary.
struct UnsafeTransfer<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Opens connections to one endpoint.
struct ConnectionFactory: Sendable {
    let endpoint: EngineEndpoint
    let loop: LazyEventLoop
    let sslContext: NIOSSLContext?
    let connectTimeout: TimeAmount

    init(endpoint: EngineEndpoint, loop: LazyEventLoop, connectTimeout: TimeAmount) throws(EngineError) {
        self.endpoint = endpoint
        self.loop = loop
        self.connectTimeout = connectTimeout
        if let tls = endpoint.tls {
            do {
                var configuration = TLSConfiguration.makeClientConfiguration()
                if let ca = tls.caFile { configuration.trustRoots = .file(ca) }
                if let cert = tls.certificateFile {
                    configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
                }
                if let key = tls.keyFile { configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)) }
                if !tls.verify { configuration.certificateVerification = .none }
                sslContext = try NIOSSLContext(configuration: configuration)
            } catch {
                throw .configuration("TLS files for \(endpoint) are unusable: \(error)")
            }
        } else {
            sslContext = nil
        }
    }

    private func bootstrap(_ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>) -> ClientBootstrap {
        ClientBootstrap(group: loop.eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .channelInitializer(initializer)
    }

    private func addTLS(_ channel: any Channel) throws {
        guard let sslContext else { return }
        var serverName: String?
        if case .tcp(let host, _) = endpoint.address, !host.isEmpty, host.first?.isNumber == false, !host.contains(":") {
            serverName = host
        }
        let tlsHandler = try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)
        try channel.pipeline.syncOperations.addHandler(tlsHandler)
    }

    private func connect(_ bootstrap: ClientBootstrap) async throws -> any Channel {
        do {
            switch endpoint.address {
            case .unix(let path):
                return try await bootstrap.connect(unixDomainSocketPath: path).get()
            case .tcp(let host, let port):
                return try await bootstrap.connect(host: host, port: port).get()
            }
        } catch {
            throw EngineError.notReachable(endpoint: endpointDescription, underlying: "\(error)")
        }
    }

    var endpointDescription: String {
        switch endpoint.address {
        case .unix(let path): return "unix://\(path)" + (endpoint.source == "default" ? "" : " (from \(endpoint.source))")
        case .tcp: return endpoint.description + " (from \(endpoint.source))"
        }
    }

    /// A keep-alive connection for buffered requests: direct to a local socket, else on NIO.
    func makePooledConnection() async throws -> EngineConnection {
        guard case .unix(let path) = endpoint.address, sslContext == nil else { return try await makeHTTPConnection() }
        do {
            return EngineConnection(direct: try await DirectConnection.connect(path: path))
        } catch {
            throw EngineError.notReachable(endpoint: endpointDescription, underlying: error.description)
        }
    }

    /// A keep-alive HTTP connection on NIO (streams and streamed request bodies need one).
    func makeHTTPConnection() async throws -> EngineConnection {
        let handler = EngineResponseHandler()
        let channel = try await connect(bootstrap { channel in
            do {
                try self.addTLS(channel)
                try channel.pipeline.syncOperations.addHandler(handler)
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        })
        return EngineConnection(channel: channel, handler: handler)
    }

    /// A raw byte connection for hijacked (upgraded) calls: attach and exec start.
    func makeRawConnection(handler: HijackHandler) async throws -> any Channel {
        try await connect(bootstrap { channel in
            do {
                try self.addTLS(channel)
                try channel.pipeline.syncOperations.addHandler(handler)
                return channel.eventLoop.makeSucceededVoidFuture()
            } catch {
                return channel.eventLoop.makeFailedFuture(error)
            }
        })
    }
}

/// The event loop of a client's NIO connections, started on first use: commands whose requests
/// all go over direct connections never start one.
final class LazyEventLoop: @unchecked Sendable {
    private let group: (any EventLoopGroup)?
    private let lock = NSLock()
    /// Guarded by `lock`.
    private var chosen: (any EventLoop)?

    /// `group` nil takes a loop of `EngineClient.sharedEventLoopGroup`.
    init(group: (any EventLoopGroup)?) {
        self.group = group
    }

    /// Whether a NIO connection has needed the loop yet.
    var isStarted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return chosen != nil
    }

    var eventLoop: any EventLoop {
        lock.lock()
        defer { lock.unlock() }
        if let chosen { return chosen }
        let loop = (group ?? EngineClient.sharedEventLoopGroup).next()
        chosen = loop
        return loop
    }
}
