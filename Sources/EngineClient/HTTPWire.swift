import NIOCore
import NIOHTTP1

/// HTTP/1.1 framing for the engine's request–response connections: requests are encoded and
/// responses parsed here, on plain bytes, where NIOHTTP1's codec handlers used to sit in the
/// pipeline.
///
/// Those handlers are generic (`ByteToMessageHandler<HTTPResponseDecoder>`, `HTTPPart<…>`), and
/// the first use of each generic type in a process checks its requirements by a linear scan of
/// every protocol conformance in the binary (about 9 000 in Berth's static executable). Setting
/// up the first connection cost 5.8 M instructions that way, a fifth of a whole `berth ps`.
/// The engine speaks a small part of HTTP: a status line, headers, and a body framed by
/// `Content-Length`, chunked encoding or the end of the connection.
struct HTTPResponseParser {
    enum Event {
        case head(status: Int, headers: HTTPHeaders, keepAlive: Bool)
        case body(ByteBuffer)
        case end
    }

    /// Why the bytes are not an HTTP response, for the protocol error's detail.
    struct Failure: Error, Equatable {
        let detail: String
    }

    private enum State: Equatable {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        /// After `101 Switching Protocols` nothing more is HTTP.
        case upgraded
    }

    /// A head larger than this is refused (dockerd's are well under 1 KiB).
    static let maxHeadSize = 64 * 1024
    /// A chunk-size line longer than this is refused.
    static let maxLineSize = 4 * 1024

    private var state = State.head
    private var buffer = ByteBuffer()
    private var bodyless = false

    /// Prepares for the response to the next request; the response to HEAD has no body,
    /// whatever its `Content-Length` says.
    mutating func expectResponse(toHEAD: Bool) {
        bodyless = toHEAD
    }

    /// True between responses, with nothing buffered.
    var isIdle: Bool { state == .head && buffer.readableBytes == 0 }

    /// Parses what has arrived and appends the events it completes.
    mutating func feed(_ bytes: ByteBuffer, into events: inout [Event]) throws(Failure) {
        if buffer.readableBytes == 0 {
            buffer = bytes
        } else {
            var bytes = bytes
            buffer.writeBuffer(&bytes)
        }
        while try step(&events) {}
        if buffer.readableBytes == 0 { buffer.clear() }
    }

    /// The engine closed its side: the end of a body that runs to the end of the connection,
    /// and otherwise a failure when a response was under way.
    mutating func inputClosed(into events: inout [Event]) throws(Failure) {
        switch state {
        case .untilClose:
            events.append(.end)
            state = .head
        case .head where buffer.readableBytes == 0, .upgraded:
            break
        default:
            throw Failure(detail: "the engine closed the connection in the middle of a response")
        }
    }

    /// One step of the state machine; false when it needs more bytes.
    private mutating func step(_ events: inout [Event]) throws(Failure) -> Bool {
        switch state {
        case .head:
            guard let end = Self.headEnd(buffer.readableBytesView) else {
                if buffer.readableBytes > Self.maxHeadSize { throw Failure(detail: "response head too large") }
                return false
            }
            let length = end - buffer.readableBytesView.startIndex
            let head = try Self.parseHead(buffer.readBytes(length: length)!)
            beginBody(head, &events)
            return true
        case .fixed(let remaining):
            guard buffer.readableBytes > 0 else { return false }
            let count = min(remaining, buffer.readableBytes)
            events.append(.body(buffer.readSlice(length: count)!))
            if count == remaining {
                events.append(.end)
                state = .head
            } else {
                state = .fixed(remaining: remaining - count)
            }
            return true
        case .chunkSize:
            guard let line = try readLine() else { return false }
            let size = try Self.chunkSize(line)
            state = size == 0 ? .trailers : .chunkData(remaining: size)
            return true
        case .chunkData(let remaining):
            guard buffer.readableBytes > 0 else { return false }
            let count = min(remaining, buffer.readableBytes)
            events.append(.body(buffer.readSlice(length: count)!))
            state = count == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - count)
            return true
        case .chunkDataEnd:
            guard let line = try readLine() else { return false }
            guard line.isEmpty else { throw Failure(detail: "chunk data is longer than its size line says") }
            state = .chunkSize
            return true
        case .trailers:
            guard let line = try readLine() else { return false }
            if line.isEmpty {
                events.append(.end)
                state = .head
            }
            return true
        case .untilClose:
            guard buffer.readableBytes > 0 else { return false }
            events.append(.body(buffer.readSlice(length: buffer.readableBytes)!))
            return false
        case .upgraded:
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            return false
        }
    }

    private struct Head {
        var status: Int
        var minorVersion: Int
        var headers: HTTPHeaders
        var contentLength: Int?
        var chunked: Bool
        var transferEncoded: Bool
        var connectionClose: Bool
        var connectionKeepAlive: Bool
    }

    private mutating func beginBody(_ head: Head, _ events: inout [Event]) {
        // 1xx other than 101 are informational: the real head follows.
        if head.status >= 100 && head.status < 200 && head.status != 101 { return }
        var keepAlive = head.minorVersion >= 1 ? !head.connectionClose : head.connectionKeepAlive
        if head.status == 101 {
            events.append(.head(status: 101, headers: head.headers, keepAlive: false))
            events.append(.end)
            state = .upgraded
            return
        }
        if bodyless || head.status == 204 || head.status == 304 {
            events.append(.head(status: head.status, headers: head.headers, keepAlive: keepAlive))
            events.append(.end)
            state = .head
            return
        }
        if head.chunked {
            state = .chunkSize
        } else if head.transferEncoded {
            // A transfer coding other than chunked: the body runs to the end of the connection.
            keepAlive = false
            state = .untilClose
        } else if let length = head.contentLength {
            state = length == 0 ? .head : .fixed(remaining: length)
        } else {
            keepAlive = false
            state = .untilClose
        }
        events.append(.head(status: head.status, headers: head.headers, keepAlive: keepAlive))
        if head.contentLength == 0 && !head.chunked && !head.transferEncoded { events.append(.end) }
    }

    /// The offset just past the blank line that ends the head (CRLF CRLF, or bare LFs).
    static func headEnd(_ bytes: ByteBufferView) -> Int? {
        var index = bytes.startIndex
        let end = bytes.endIndex
        while let newline = bytes[index..<end].firstIndex(of: UInt8(ascii: "\n")) {
            let next = newline + 1
            if next < end && bytes[next] == UInt8(ascii: "\n") { return next + 1 }
            if next + 1 < end && bytes[next] == UInt8(ascii: "\r") && bytes[next + 1] == UInt8(ascii: "\n") { return next + 2 }
            index = next
        }
        return nil
    }

    /// One line without its CR LF, or nil when it has not all arrived.
    private mutating func readLine() throws(Failure) -> [UInt8]? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineSize { throw Failure(detail: "chunk-size line too long") }
            return nil
        }
        var line = Array(view[view.startIndex..<newline])
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        buffer.moveReaderIndex(forwardBy: newline + 1 - view.startIndex)
        return line
    }

    /// The size in a chunk-size line: hex digits, then optional `;extensions`.
    static func chunkSize(_ line: [UInt8]) throws(Failure) -> Int {
        var size = 0
        var digits = 0
        for byte in line {
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - UInt8(ascii: "A")) + 10
            case UInt8(ascii: ";"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                guard digits > 0 else { throw Failure(detail: "malformed chunk-size line") }
                return size
            default:
                throw Failure(detail: "malformed chunk-size line")
            }
            digits += 1
            guard digits <= 15 else { throw Failure(detail: "chunk size too large") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw Failure(detail: "malformed chunk-size line") }
        return size
    }

    private static func parseHead(_ bytes: [UInt8]) throws(Failure) -> Head {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") {
            var stop = index
            if stop > start && bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            lines.append(bytes[start..<stop])
            start = index + 1
        }
        guard let statusLine = lines.first else { throw Failure(detail: "malformed status line") }
        let (minor, status) = try parseStatusLine(statusLine)
        var head = Head(
            status: status, minorVersion: minor, headers: HTTPHeaders(), contentLength: nil, chunked: false,
            transferEncoded: false, connectionClose: false, connectionKeepAlive: false)
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(lines.count)
        for line in lines.dropFirst() where !line.isEmpty {
            if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                // An obsolete folded line continues the previous field's value.
                guard !fields.isEmpty else { throw Failure(detail: "malformed header line") }
                fields[fields.count - 1].value += " " + text(trimmed(line[...]))
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                  !line[..<colon].contains(where: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else {
                throw Failure(detail: "malformed header line")
            }
            fields.append((text(line[..<colon]), text(trimmed(line[(colon + 1)...]))))
        }
        head.headers.reserveCapacity(fields.count)
        for (name, value) in fields {
            head.headers.add(name: name, value: value)
            switch name.lowercased() {
            case "content-length":
                guard let length = Int(value), length >= 0, head.contentLength == nil || head.contentLength == length else {
                    throw Failure(detail: "invalid Content-Length \"\(value)\"")
                }
                head.contentLength = length
            case "transfer-encoding":
                head.transferEncoded = true
                let last = value.split(separator: ",").last.map { $0.trimmingASCIISpaces().lowercased() }
                head.chunked = last == "chunked"
            case "connection":
                for token in value.split(separator: ",") {
                    switch token.trimmingASCIISpaces().lowercased() {
                    case "close": head.connectionClose = true
                    case "keep-alive": head.connectionKeepAlive = true
                    default: break
                    }
                }
            default:
                break
            }
        }
        return head
    }

    /// The status of the head that `bytes` starts with, or nil when its status line is malformed.
    static func status(ofHead bytes: [UInt8]) -> Int? {
        let line = bytes.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }
        return try? parseStatusLine(line).1
    }

    /// `HTTP/1.x NNN reason`: the minor version and the status.
    private static func parseStatusLine(_ line: ArraySlice<UInt8>) throws(Failure) -> (Int, Int) {
        let bytes = Array(line)
        let prefix: [UInt8] = Array("HTTP/1.".utf8)
        guard bytes.count >= 12, bytes.starts(with: prefix),
              let minor = digit(bytes[7]), bytes[8] == UInt8(ascii: " "),
              let hundreds = digit(bytes[9]), let tens = digit(bytes[10]), let units = digit(bytes[11]),
              bytes.count == 12 || bytes[12] == UInt8(ascii: " ") else {
            throw Failure(detail: "malformed status line \"\(text(line[...]))\"")
        }
        return (minor, hundreds * 100 + tens * 10 + units)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { slice = slice.dropFirst() }
        while let last = slice.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { slice = slice.dropLast() }
        return slice
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingASCIISpaces() -> Substring {
        var slice = self
        while slice.first == " " || slice.first == "\t" { slice = slice.dropFirst() }
        while slice.last == " " || slice.last == "\t" { slice = slice.dropLast() }
        return slice
    }
}

/// Requests as bytes.
enum HTTPRequestWire {
    /// The request line and headers, ending with the blank line.
    static func head(_ head: HTTPRequestHead, allocator: ByteBufferAllocator) -> ByteBuffer {
        var size = head.method.rawValue.utf8.count + head.uri.utf8.count + 13
        for (name, value) in head.headers { size += name.utf8.count + value.utf8.count + 4 }
        var buffer = allocator.buffer(capacity: size)
        buffer.writeString(head.method.rawValue)
        buffer.writeInteger(UInt8(ascii: " "))
        buffer.writeString(head.uri)
        buffer.writeStaticString(" HTTP/1.1\r\n")
        for (name, value) in head.headers {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// The size line that goes before a chunk of `count` bytes (never zero: that ends the body).
    static func chunkHeader(_ count: Int, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 18)
        buffer.writeString(String(count, radix: 16))
        buffer.writeStaticString("\r\n")
        return buffer
    }

    static func crlf(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 2)
        buffer.writeStaticString("\r\n")
        return buffer
    }

    /// The last chunk, with no trailers.
    static func lastChunk(allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 5)
        buffer.writeStaticString("0\r\n\r\n")
        return buffer
    }
}
