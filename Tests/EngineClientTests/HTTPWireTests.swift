import NIOCore
import NIOHTTP1
import Testing

@testable import EngineClient

/// What a parsed response comes to: the heads, the body bytes and how many ends.
private struct Parsed: Equatable {
    var heads: [String] = []
    var body: [UInt8] = []
    var ends = 0
}

/// Feeds `bytes` cut at `cuts`, then closes the input when `close` is set.
private func parse(
    _ bytes: [UInt8], cuts: [Int] = [], head: Bool = false, close: Bool = false
) throws(HTTPResponseParser.Failure) -> Parsed {
    var parser = HTTPResponseParser()
    parser.expectResponse(toHEAD: head)
    var events: [HTTPResponseParser.Event] = []
    var start = 0
    for cut in cuts.sorted() + [bytes.count] where cut >= start {
        try parser.feed(buffer(bytes[start..<cut]), into: &events)
        start = cut
    }
    if close { try parser.inputClosed(into: &events) }
    var parsed = Parsed()
    for event in events {
        switch event {
        case .head(let status, let headers, let keepAlive):
            let fields = headers.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            parsed.heads.append("\(status) keepAlive=\(keepAlive) \(fields)")
        case .body(let chunk):
            parsed.body += Array(chunk.readableBytesView)
        case .end:
            parsed.ends += 1
        }
    }
    return parsed
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct HTTPWireTests {
    @Test func contentLengthBodyAtEverySplit() throws {
        let response = bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n[{\"a\":\"b\"}]")
        let whole = try parse(response)
        #expect(whole.heads == ["200 keepAlive=true Content-Type=application/json,Content-Length=11"])
        #expect(whole.body == bytes("[{\"a\":\"b\"}]"))
        #expect(whole.ends == 1)
        for cut in 0...response.count {
            #expect(try parse(response, cuts: [cut]) == whole, "split at \(cut)")
        }
        for cut in 0...response.count - 2 {
            #expect(try parse(response, cuts: [cut, cut + 1, cut + 2]) == whole, "split at \(cut), +1, +2")
        }
    }

    @Test func chunkedBodyAtEverySplit() throws {
        let response = bytes(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;name=value\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n")
        let whole = try parse(response)
        #expect(whole.body == bytes("hello world"))
        #expect(whole.ends == 1)
        #expect(whole.heads == ["200 keepAlive=true Transfer-Encoding=chunked"])
        for cut in 0...response.count {
            #expect(try parse(response, cuts: [cut]) == whole, "split at \(cut)")
        }
        // Every byte on its own.
        #expect(try parse(response, cuts: Array(0...response.count)) == whole)
    }

    @Test func twoResponsesOnOneConnection() throws {
        let one = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"
        let two = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno"
        let parsed = try parse(bytes(one + two))
        #expect(parsed.heads.count == 2)
        #expect(parsed.heads[1].hasPrefix("404 keepAlive=true"))
        #expect(parsed.body == bytes("no"))
        #expect(parsed.ends == 2)
    }

    @Test func bodilessResponses() throws {
        // HEAD: the length describes the body a GET would get; none follows.
        let head = try parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"), head: true)
        #expect(head.ends == 1 && head.body.isEmpty)
        let notModified = try parse(bytes("HTTP/1.1 304 Not Modified\r\n\r\n"))
        #expect(notModified.ends == 1 && notModified.heads[0].hasPrefix("304 keepAlive=true"))
        // An informational head is skipped; the real one follows.
        let continued = try parse(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"))
        #expect(continued.heads.count == 1 && continued.heads[0].hasPrefix("201"))
        #expect(continued.ends == 1)
    }

    @Test func aBodyUntilTheConnectionCloses() throws {
        let response = bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nsome text")
        let open = try parse(response)
        #expect(open.ends == 0, "no end until the engine closes")
        #expect(open.heads == ["200 keepAlive=false Content-Type=text/plain"])
        let closed = try parse(response, cuts: [20, 50], close: true)
        #expect(closed.body == bytes("some text") && closed.ends == 1)
    }

    @Test func keepAliveFollowsTheVersionAndConnectionHeader() throws {
        #expect(try parse(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).heads[0].hasPrefix("200 keepAlive=false"))
        #expect(try parse(bytes("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).heads[0].hasPrefix("200 keepAlive=false"))
        #expect(try parse(bytes("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")).heads[0].hasPrefix("200 keepAlive=true"))
        // Bare line feeds and a folded header line.
        let lenient = try parse(bytes("HTTP/1.1 200 OK\nX-A: one\n  two\nContent-Length: 1\n\nz"))
        #expect(lenient.heads == ["200 keepAlive=true X-A=one two,Content-Length=1"])
        #expect(lenient.body == bytes("z"))
    }

    @Test func malformedResponsesAreFailures() throws {
        let cases: [(String, String)] = [
            ("HTTX/1.1 200 OK\r\n\r\n", "malformed status line"),
            ("HTTP/1.1 2x0 OK\r\n\r\n", "malformed status line"),
            ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header line"),
            ("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "invalid Content-Length"),
            ("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "invalid Content-Length"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "malformed chunk-size line"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", "chunk data is longer"),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n", "chunk size too large"),
        ]
        for (text, detail) in cases {
            do {
                _ = try parse(bytes(text))
                Issue.record("\(text.debugDescription) parsed")
            } catch {
                #expect(error.detail.hasPrefix(detail), "\(text.debugDescription): \(error.detail)")
            }
        }
        // A head that never ends is refused once it passes the limit.
        var endless = bytes("HTTP/1.1 200 OK\r\n")
        while endless.count <= HTTPResponseParser.maxHeadSize { endless += bytes("X-Long: aaaaaaaaaaaaaaaaaaaa\r\n") }
        #expect(throws: HTTPResponseParser.Failure(detail: "response head too large")) { try parse(endless) }
        // Closing in the middle of a body is a failure, not a short body.
        #expect(throws: HTTPResponseParser.Failure.self) {
            try parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), close: true)
        }
        // Closing between responses is not.
        #expect(try parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), close: true).ends == 1)
    }

    @Test func requestsAreEncodedAsTheEngineReadsThem() {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: "docker")
        headers.add(name: "Content-Length", value: "2")
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/v1.41/containers/create?name=a", headers: headers)
        let allocator = ByteBufferAllocator()
        #expect(String(buffer: HTTPRequestWire.head(head, allocator: allocator))
            == "POST /v1.41/containers/create?name=a HTTP/1.1\r\nHost: docker\r\nContent-Length: 2\r\n\r\n")
        #expect(String(buffer: HTTPRequestWire.chunkHeader(300, allocator: allocator)) == "12c\r\n")
        #expect(String(buffer: HTTPRequestWire.lastChunk(allocator: allocator)) == "0\r\n\r\n")
    }
}
