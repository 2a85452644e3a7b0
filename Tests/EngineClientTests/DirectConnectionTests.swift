import Foundation
import Testing

@testable import EngineClient

/// A scripted engine on a unix socket of its own: each accepted connection runs `serve` on a
/// thread, with the connection's number (from 0). Only for what the real engine will not do on
/// demand: close a kept-alive connection, or never answer.
private final class ScriptedEngine: @unchecked Sendable {
    let path = "/tmp/berth-scripted-\(UInt32.random(in: .min ... .max)).sock"
    private let listener: Int32
    private let lock = NSLock()
    private var accepted = 0

    init(serve: @escaping @Sendable (_ fd: Int32, _ number: Int) -> Void) throws {
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        Thread.detachNewThread { [self] in
            while true {
                let fd = accept(listener, nil, nil)
                guard fd >= 0 else { return }
                lock.lock()
                let number = accepted
                accepted += 1
                lock.unlock()
                Thread.detachNewThread {
                    serve(fd, number)
                    Glibc.close(fd)
                }
            }
        }
    }

    var connections: Int {
        lock.lock()
        defer { lock.unlock() }
        return accepted
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        Glibc.close(listener)
        unlink(path)
    }

    /// Reads one request head; false when the client closed the connection first.
    static func readRequest(_ fd: Int32) -> Bool {
        var seen: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 {
            seen.append(byte)
            if seen.suffix(4) == [13, 10, 13, 10] { return true }
        }
        return false
    }

    static func reply(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    static let ping = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK"
}

@Suite struct DirectConnectionTests {
    @Test func aKeptAliveConnectionTheEngineClosedIsRetriedOnceForAGet() async throws {
        // Connection 0 answers the ping and one request, then closes; connection 1 answers.
        let engine = try ScriptedEngine { fd, number in
            var answered = 0
            while ScriptedEngine.readRequest(fd) {
                ScriptedEngine.reply(fd, answered == 0 ? ScriptedEngine.ping : "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n[\(number)] ")
                answered += 1
                if number == 0 && answered == 2 { return }
            }
        }
        defer { engine.stop() }
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: engine.path)), maxConnections: 1)
        let first = try await client.request(method: "GET", path: "/info")
        #expect(String(decoding: first.body, as: UTF8.self) == "[0] ")
        // The engine has closed the idle connection by now: the GET goes out again on a new one.
        try await Task.sleep(for: .milliseconds(50))
        let second = try await client.request(method: "GET", path: "/info")
        #expect(second.status == 200)
        // Connection 1 answers its first request with the ping's text.
        #expect(String(decoding: second.body, as: UTF8.self) == "OK")
        #expect(engine.connections == 2)
        #expect(!client.loop.isStarted, "buffered requests to a local socket need no event loop")
        await client.shutdown()
    }

    @Test func anEngineThatNeverAnswersTimesOut() async throws {
        let engine = try ScriptedEngine { fd, _ in
            guard ScriptedEngine.readRequest(fd) else { return }
            ScriptedEngine.reply(fd, ScriptedEngine.ping)
            _ = ScriptedEngine.readRequest(fd)
            // No answer; wait for the client to give up and close.
            _ = ScriptedEngine.readRequest(fd)
        }
        defer { engine.stop() }
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: engine.path)), requestTimeout: .milliseconds(300))
        let started = ContinuousClock.now
        do {
            _ = try await client.request(method: "GET", path: "/info")
            Issue.record("the request should time out")
        } catch let error as EngineError {
            guard case .timeout(let call, let seconds) = error else {
                Issue.record("expected a timeout, got \(error)")
                return
            }
            #expect(call.path == "/info")
            #expect(seconds == 0.3)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        await client.shutdown()
    }

    @Test func aMalformedResponseIsAProtocolErrorNamingTheCall() async throws {
        let engine = try ScriptedEngine { fd, _ in
            guard ScriptedEngine.readRequest(fd) else { return }
            ScriptedEngine.reply(fd, ScriptedEngine.ping)
            guard ScriptedEngine.readRequest(fd) else { return }
            ScriptedEngine.reply(fd, "HTTP/1.1 200 OK\r\nContent-Length: nope\r\n\r\n")
        }
        defer { engine.stop() }
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: engine.path)))
        do {
            _ = try await client.request(method: "GET", path: "/info")
            Issue.record("the response should be refused")
        } catch let error as EngineError {
            guard case .protocolError(let call, let detail) = error else {
                Issue.record("expected a protocol error, got \(error)")
                return
            }
            #expect(call?.path == "/info")
            #expect(detail.contains("Content-Length"))
        }
        await client.shutdown()
    }

    @Test func streamsStartTheEventLoopOnlyWhenOpened() async throws {
        let client = try EngineClient()
        #expect(try await client.ping())
        _ = try await client.listContainers(all: true, filters: Filters())
        #expect(!client.loop.isStarted)
        // Events of a second long ago: the stream ends at once.
        let events = try await client.events(since: "1", until: "2")
        for try await _ in events {}
        #expect(client.loop.isStarted)
        await client.shutdown()
    }

    /// Connection 0 answers the ping; connection 1 is the hijacked call and gets `answer`.
    private func hijackEngine(_ answer: String) throws -> ScriptedEngine {
        try ScriptedEngine { fd, number in
            if number == 0 {
                while ScriptedEngine.readRequest(fd) { ScriptedEngine.reply(fd, ScriptedEngine.ping) }
                return
            }
            guard ScriptedEngine.readRequest(fd) else { return }
            ScriptedEngine.reply(fd, answer)
        }
    }

    @Test func aHijackedCallPassesOnTheBytesAfterTheHeadUntilTheEngineCloses() async throws {
        let upgrade = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
            + "Connection: Upgrade\r\nUpgrade: tcp\r\n\r\nhello, "
        let engine = try hijackEngine(upgrade + "world")
        defer { engine.stop() }
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: engine.path)))
        let session = try await client.attach("abc", stdin: false, stdout: true, stderr: true, logs: false, tty: true)
        var text = ""
        for try await chunk in session.output { text += String(decoding: chunk.bytes, as: UTF8.self) }
        #expect(text == "hello, world")
        #expect(!client.loop.isStarted)
        await client.shutdown()
    }

    @Test func aHijackedCallTheEngineRefusesThrowsItsMessage() async throws {
        let body = #"{"message":"No such container: abc"}"#
        let engine = try hijackEngine("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body)
        defer { engine.stop() }
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: engine.path)))
        do {
            _ = try await client.attach("abc", stdin: false, stdout: true, stderr: true, logs: false, tty: true)
            Issue.record("the attach should fail")
        } catch let error as EngineError {
            guard case .notFound(let call, let message) = error else {
                Issue.record("expected notFound, got \(error)")
                return
            }
            #expect(call.path == "/containers/abc/attach")
            #expect(message == "No such container: abc")
        }
        await client.shutdown()
    }
}
