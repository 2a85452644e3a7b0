import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A client for the Docker Engine HTTP API over a unix socket, TCP or TLS.
///
/// Requests share a small bounded pool of keep-alive connections; long-lived calls (event,
/// log and progress streams, `wait`, attach) hold a connection of their own so they never block
/// the pool. The API version is negotiated from `/_ping` on first use (at least 1.41).
public final class EngineClient: EngineAPI {
    /// Where the engine is.
    public let endpoint: EngineEndpoint
    /// The default time limit for one request–response (not for streams or `wait`).
    public let requestTimeout: Duration
    let pool: ConnectionPool
    let factory: ConnectionFactory
    let jsonEncoder: JSONEncoder
    /// Every NIO connection of this client lives on this loop, started on first use.
    let loop: LazyEventLoop
    /// Receives one debug line per engine call: method, path, status and time taken.
    let logger: Logger?
    /// The one `/_ping` in flight: requests that start together wait for it instead of each
    /// negotiating on its own connection.
    let negotiation = SingleFlight<APIVersion>()

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - endpoint: the engine; nil resolves DOCKER_HOST, DOCKER_CONTEXT and the docker config.
    ///   - maxConnections: the pool size for ordinary requests.
    ///   - requestTimeout: the default limit for one request.
    ///   - connectTimeout: the limit for opening a connection.
    public init(
        endpoint: EngineEndpoint? = nil,
        maxConnections: Int = 8,
        requestTimeout: Duration = .seconds(120),
        connectTimeout: Duration = .seconds(10),
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger? = nil
    ) throws(EngineError) {
        let resolved: EngineEndpoint
        if let endpoint { resolved = endpoint } else { resolved = try EngineEndpoint.fromEnvironment() }
        self.endpoint = resolved
        self.requestTimeout = requestTimeout
        self.loop = LazyEventLoop(group: eventLoopGroup)
        self.factory = try ConnectionFactory(endpoint: resolved, loop: loop, connectTimeout: Self.timeAmount(connectTimeout))
        self.pool = ConnectionPool(factory: factory, maxConnections: maxConnections)
        self.jsonEncoder = JSONEncoder()
        self.logger = logger.flatMap { $0.logLevel <= .debug ? $0 : nil }
    }

    /// The group of clients given none: one thread, started on first use and never stopped. A
    /// client uses one loop of whatever group it has; NIO's singleton group starts a thread for
    /// every core, and its first use reads its settings through atomics whose generic types cost
    /// as much to set up as a request.
    public static let sharedEventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Closes idle connections. Streams already open keep their own connection until they end.
    public func shutdown() async {
        await pool.shutdown()
    }

    /// How many connections this client has opened so far (pooled and dedicated).
    public var connectionsOpened: Int {
        get async { await pool.opened }
    }

    /// An executor on the event loop that carries this client's connections. Callers making
    /// many sequential calls can run on it with `withTaskExecutorPreference(client.taskExecutor)`
    /// to avoid two thread hops per call; keep heavy CPU work off it.
    @available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
    public var taskExecutor: any TaskExecutor {
        EventLoopTaskExecutor(eventLoop: loop.eventLoop)
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    // MARK: - Version negotiation

    /// The API version in use, negotiating it with `/_ping` if not done yet.
    public func apiVersion() async throws -> APIVersion {
        if let known = await pool.knownAPIVersion { return known }
        return try await negotiation.run {
            let (connection, known, _) = try await self.pool.acquire()
            if let known {
                await self.pool.release(connection, reusable: true)
                return known
            }
            return try await self.negotiate(on: connection)
        }
    }

    /// Pings the engine (`GET /_ping`, unversioned) and returns its `API-Version`.
    private func negotiate(on connection: EngineConnection) async throws -> APIVersion {
        let call = EngineCall(method: "GET", path: "/_ping")
        let response: BufferedResponse
        do {
            response = try await exchange(
                connection, method: .GET, uri: "/_ping", body: .none, extraHeaders: [], call: call, timeout: requestTimeout)
        } catch {
            await pool.release(connection, reusable: false)
            throw error
        }
        await pool.release(connection, reusable: response.keepAlive)
        guard (200..<300).contains(response.status) else {
            throw EngineError.from(status: response.status, call: call, message: EngineMessage.extract(from: response.body))
        }
        guard let header = response.headers.first(name: "API-Version"), let engineVersion = APIVersion(header) else {
            throw EngineError.protocolError(call: call, detail: "the engine sent no API-Version header")
        }
        guard engineVersion >= .minimum else {
            throw EngineError.unsupportedAPIVersion(engine: engineVersion.description, minimum: APIVersion.minimum.description)
        }
        let version = min(engineVersion, .maximum)
        await pool.setAPIVersion(version)
        return version
    }

    // MARK: - Plumbing

    /// Builds `/v1.xx/path?query`.
    static func uri(version: APIVersion?, path: String, query: [(String, String)]) -> String {
        var uri = version.map { "/v\($0)" + path } ?? path
        if !query.isEmpty {
            uri += "?" + query.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
        }
        return uri
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xf)])
            }
        }
        return out
    }

    func requestHead(method: HTTPMethod, uri: String, body: RequestBody, extraHeaders: [(String, String)]) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(4 + extraHeaders.count)
        headers.add(name: "Host", value: endpoint.hostHeader)
        headers.add(name: "User-Agent", value: "berth")
        switch body {
        case .none:
            if method != .GET && method != .HEAD && method != .DELETE { headers.add(name: "Content-Length", value: "0") }
        case .bytes(let buffer):
            headers.add(name: "Content-Length", value: String(buffer.readableBytes))
        case .stream:
            headers.add(name: "Transfer-Encoding", value: "chunked")
        }
        var hasContentType = false
        for (name, value) in extraHeaders {
            if name.lowercased() == "content-type" { hasContentType = true }
            headers.add(name: name, value: value)
        }
        if case .bytes = body, !hasContentType { headers.add(name: "Content-Type", value: "application/json") }
        return HTTPRequestHead(version: .http1_1, method: method, uri: uri, headers: headers)
    }

    /// One request–response on a pooled connection, buffered.
    private func exchange(
        _ connection: EngineConnection, method: HTTPMethod, uri: String, body: RequestBody,
        extraHeaders: [(String, String)], call: EngineCall, timeout: Duration?
    ) async throws -> BufferedResponse {
        let head = requestHead(method: method, uri: uri, body: body, extraHeaders: extraHeaders)
        let timeAmount = timeout.map(Self.timeAmount)
        if let direct = connection.direct {
            var bytes: ByteBuffer?
            if case .bytes(let buffer) = body { bytes = buffer }
            let payload = bytes
            return try await withTaskCancellationHandler {
                try await direct.exchange(head, body: payload, call: call, timeout: timeAmount)
            } onCancel: {
                direct.close()
            }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<BufferedResponse, any Error>) in
                connection.send(head, body: body, call: call, timeout: timeAmount, pending: .buffered(continuation))
            }
        } onCancel: {
            connection.close()
        }
    }

    /// Sends a request through the pool and returns the whole response, whatever its status.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: RequestBody = .none,
        headers: [(String, String)] = [], timeout: Duration? = nil, dedicated: Bool = false
    ) async throws -> BufferedResponse {
        guard let logger else {
            return try await sendUnlogged(method, path, query: query, body: body, headers: headers, timeout: timeout, dedicated: dedicated)
        }
        let started = ContinuousClock.now
        do {
            let response = try await sendUnlogged(
                method, path, query: query, body: body, headers: headers, timeout: timeout, dedicated: dedicated)
            logger.debug("\(method.rawValue) \(Self.uri(version: nil, path: path, query: query)) → \(response.status) in \(Self.milliseconds(since: started))")
            return response
        } catch {
            logger.debug("\(method.rawValue) \(Self.uri(version: nil, path: path, query: query)) failed after \(Self.milliseconds(since: started)): \(error)")
            throw error
        }
    }

    /// Logs the opening of a stream (events, logs, progress, attach): its status and how long
    /// the engine took to answer; the stream itself then lasts as long as it lasts.
    func logOpened(_ method: String, _ path: String, query: [(String, String)], status: Int?, since started: ContinuousClock.Instant) {
        guard let logger else { return }
        let outcome = status.map { "→ \($0) (stream opened)" } ?? "failed"
        logger.debug("\(method) \(Self.uri(version: nil, path: path, query: query)) \(outcome) in \(Self.milliseconds(since: started))")
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return String(format: "%.1f ms", ms)
    }

    private func sendUnlogged(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: RequestBody,
        headers: [(String, String)], timeout: Duration?, dedicated: Bool
    ) async throws -> BufferedResponse {
        let call = EngineCall(method: method.rawValue, path: path)
        // Negotiate first (once, shared by requests that start together), then take a connection.
        let version = try await apiVersion()
        let uri = Self.uri(version: version, path: path, query: query)
        if body.isStream {
            // A body sent as it is produced needs a NIO channel: one of its own, outside the pool.
            await pool.noteDedicatedConnection()
            let own = try await factory.makeHTTPConnection()
            defer { own.close() }
            return try await exchange(own, method: method, uri: uri, body: body, extraHeaders: headers, call: call, timeout: timeout)
        }
        var (connection, _, reused) = try await pool.acquire()
        if dedicated {
            // Long calls (wait) use a fresh connection so they do not hold a pool slot.
            await pool.release(connection, reusable: true)
            await pool.noteDedicatedConnection()
            let own = try await factory.makePooledConnection()
            defer { own.close() }
            return try await exchange(own, method: method, uri: uri, body: body, extraHeaders: headers, call: call, timeout: timeout)
        }
        var attempt = 0
        while true {
            attempt += 1
            let response: BufferedResponse
            do {
                response = try await exchange(
                    connection, method: method, uri: uri, body: body, extraHeaders: headers, call: call,
                    timeout: timeout ?? requestTimeout)
            } catch {
                await pool.release(connection, reusable: false)
                // A kept-alive connection the engine closed meanwhile: retry a GET once on another.
                if reused && attempt == 1 && method == .GET && Self.isConnectionClosed(error) {
                    (connection, _, reused) = try await pool.acquire()
                    continue
                }
                throw error
            }
            await pool.release(connection, reusable: response.keepAlive)
            return response
        }
    }

    private static func isConnectionClosed(_ error: any Error) -> Bool {
        if case .protocolError(_, let detail)? = error as? EngineError { return detail == EngineError.connectionClosedDetail }
        return false
    }

    /// Sends a request and throws the matching `EngineError` unless the status is 2xx
    /// (or 304, which the engine uses for "already started/stopped").
    @discardableResult
    func checked(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: RequestBody = .none,
        headers: [(String, String)] = [], timeout: Duration? = nil, dedicated: Bool = false
    ) async throws -> BufferedResponse {
        let response = try await send(method, path, query: query, body: body, headers: headers, timeout: timeout, dedicated: dedicated)
        guard (200..<300).contains(response.status) || response.status == 304 else {
            throw EngineError.from(
                status: response.status, call: EngineCall(method: method.rawValue, path: path),
                message: EngineMessage.extract(from: response.body))
        }
        return response
    }

    /// Encodes a value as a JSON body.
    func json(_ value: some Encodable) throws -> RequestBody {
        let data = try jsonEncoder.encode(value)
        var buffer = ByteBufferAllocator().buffer(capacity: data.count)
        buffer.writeBytes(data)
        return .bytes(buffer)
    }

    /// Decodes a JSON response body.
    func decode<T: Decodable>(_ type: T.Type, _ response: BufferedResponse, call: EngineCall) throws -> T {
        do {
            return try EngineJSONDecoder().decode(T.self, from: response.body.readableBytesView)
        } catch {
            throw EngineError.protocolError(call: call, detail: "cannot decode \(T.self): \(error)")
        }
    }

    /// GET/POST returning decoded JSON.
    func call<T: Decodable>(
        _ type: T.Type, _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: RequestBody = .none,
        headers: [(String, String)] = [], timeout: Duration? = nil, dedicated: Bool = false
    ) async throws -> T {
        let response = try await checked(method, path, query: query, body: body, headers: headers, timeout: timeout, dedicated: dedicated)
        return try decode(T.self, response, call: EngineCall(method: method.rawValue, path: path))
    }

    /// Opens a dedicated connection for a streamed response and returns its body chunks once the
    /// head says 2xx. The connection closes when the stream ends or its consumer stops.
    func stream(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: RequestBody = .none,
        headers: [(String, String)] = []
    ) async throws -> (StreamedHead, AsyncThrowingStream<ByteBuffer, any Error>) {
        let call = EngineCall(method: method.rawValue, path: path)
        let version = try await apiVersion()
        let started = ContinuousClock.now
        await pool.noteDedicatedConnection()
        let connection = try await factory.makeHTTPConnection()
        let (bytes, continuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self, throwing: (any Error).self)
        continuation.onTermination = { _ in connection.close() }
        let head = requestHead(method: method, uri: Self.uri(version: version, path: path, query: query), body: body, extraHeaders: headers)
        let responseHead: StreamedHead
        do {
            responseHead = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (headContinuation: CheckedContinuation<StreamedHead, any Error>) in
                    connection.send(
                        head, body: body, call: call, timeout: Self.timeAmount(requestTimeout),
                        pending: .streaming(head: headContinuation, body: continuation))
                }
            } onCancel: {
                connection.close()
            }
        } catch {
            connection.close()
            logOpened(method.rawValue, path, query: query, status: nil, since: started)
            throw error
        }
        logOpened(method.rawValue, path, query: query, status: responseHead.status, since: started)
        guard (200..<300).contains(responseHead.status) else {
            var collected = ByteBufferAllocator().buffer(capacity: 0)
            for try await var chunk in bytes { collected.writeBuffer(&chunk) }
            throw EngineError.from(status: responseHead.status, call: call, message: EngineMessage.extract(from: collected))
        }
        return (responseHead, bytes)
    }

    /// Maps a byte stream through a decoder into a stream of values.
    func decoded<Decoder: StreamDecoder>(
        _ bytes: AsyncThrowingStream<ByteBuffer, any Error>, with decoder: Decoder
    ) -> AsyncThrowingStream<Decoder.Output, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                var decoder = decoder
                do {
                    for try await chunk in bytes {
                        for value in try decoder.feed(chunk) { continuation.yield(value) }
                    }
                    for value in try decoder.finish() { continuation.yield(value) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    // MARK: - Escape hatch

    /// A raw engine response.
    public typealias Response = EngineResponse

    /// Any API call not typed yet: `path` without the version prefix (e.g. `/info`); the
    /// status is returned as is, not turned into an error. A `body` is sent as JSON.
    public func request(
        method: String, path: String, query: [String: String], body: Data?
    ) async throws -> EngineResponse {
        var buffer: RequestBody = .none
        if let body {
            var bytes = ByteBufferAllocator().buffer(capacity: body.count)
            bytes.writeBytes(body)
            buffer = .bytes(bytes)
        }
        let response = try await send(
            HTTPMethod(rawValue: method.uppercased()), path, query: query.sorted { $0.key < $1.key }, body: buffer)
        return Response(
            status: response.status, headers: response.headers.map { ($0.name, $0.value) },
            body: Data(response.body.readableBytesView))
    }
}

/// One run of an async operation shared by every caller that asks while it is under way; a
/// failure is not kept (the next caller tries again).
actor SingleFlight<Value: Sendable> {
    private var running: Task<Value, any Error>?

    func run(_ body: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let running { return try await running.value }
        let task = Task { try await body() }
        running = task
        defer { running = nil }
        return try await task.value
    }
}
