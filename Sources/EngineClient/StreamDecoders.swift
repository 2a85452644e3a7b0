import Foundation
import NIOCore

/// Turns a byte stream, fed in arbitrary chunks, into values.
public protocol StreamDecoder: Sendable {
    associatedtype Output: Sendable
    /// Consumes one chunk; returns every value completed by it.
    mutating func feed(_ chunk: ByteBuffer) throws -> [Output]
    /// The stream ended; returns what remains or throws if the input was cut short.
    mutating func finish() throws -> [Output]
}

/// Which stream a piece of container output came from.
public enum OutputStream: UInt8, Sendable, Hashable, Codable {
    case stdin = 0
    case stdout = 1
    case stderr = 2
}

/// A piece of container output: logs, attach, exec.
public struct OutputChunk: Sendable, Hashable {
    /// stdout or stderr (TTY output is all stdout).
    public var stream: OutputStream
    /// The bytes, as the container wrote them.
    public var bytes: [UInt8]

    public init(stream: OutputStream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }

    /// The bytes as UTF-8 text (invalid sequences replaced).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Decodes Docker's multiplexed stream (non-TTY logs, attach, exec): frames of an 8-byte
/// header (stream type, three zero bytes, big-endian UInt32 length) and that many bytes.
public struct MultiplexedStreamDecoder: StreamDecoder {
    private var buffer: ByteBuffer

    public init() {
        buffer = ByteBufferAllocator().buffer(capacity: 0)
    }

    public mutating func feed(_ chunk: ByteBuffer) throws -> [OutputChunk] {
        var chunk = chunk
        buffer.writeBuffer(&chunk)
        var out: [OutputChunk] = []
        while buffer.readableBytes >= 8 {
            let start = buffer.readerIndex
            guard let kind = buffer.getInteger(at: start, as: UInt8.self),
                let padding = buffer.getBytes(at: start + 1, length: 3),
                let length = buffer.getInteger(at: start + 4, endianness: .big, as: UInt32.self)
            else { break }
            guard let stream = OutputStream(rawValue: kind), padding == [0, 0, 0] else {
                throw EngineError.protocolError(
                    call: nil, detail: "bad stream frame header \(Array(buffer.readableBytesView.prefix(8))) (is the container a TTY?)")
            }
            guard buffer.readableBytes >= 8 + Int(length) else { break }
            buffer.moveReaderIndex(forwardBy: 8)
            let bytes = buffer.readBytes(length: Int(length)) ?? []
            out.append(OutputChunk(stream: stream, bytes: bytes))
        }
        buffer.discardReadBytes()
        return out
    }

    public mutating func finish() throws -> [OutputChunk] {
        guard buffer.readableBytes == 0 else {
            let pending = buffer.readableBytes
            throw EngineError.protocolError(call: nil, detail: "stream ended inside a frame (\(pending) bytes left over)")
        }
        return []
    }
}

/// Raw TTY output: every chunk is stdout.
public struct RawStreamDecoder: StreamDecoder {
    public init() {}

    public mutating func feed(_ chunk: ByteBuffer) throws -> [OutputChunk] {
        chunk.readableBytes == 0 ? [] : [OutputChunk(stream: .stdout, bytes: Array(chunk.readableBytesView))]
    }

    public mutating func finish() throws -> [OutputChunk] { [] }
}

/// Decodes newline-delimited JSON (events, pull/push/build progress), robust to objects split
/// across chunks. Blank lines and `\r` are ignored.
public struct JSONLinesDecoder<Value: Decodable & Sendable>: StreamDecoder {
    private var buffer: ByteBuffer

    public init(_ type: Value.Type = Value.self) {
        buffer = ByteBufferAllocator().buffer(capacity: 0)
    }

    public mutating func feed(_ chunk: ByteBuffer) throws -> [Value] {
        var chunk = chunk
        buffer.writeBuffer(&chunk)
        var out: [Value] = []
        let decoder = EngineJSONDecoder()
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            let line = buffer.readSlice(length: length)
            buffer.moveReaderIndex(forwardBy: 1)
            if let line, let value = try Self.decodeLine(line, decoder: decoder) { out.append(value) }
        }
        buffer.discardReadBytes()
        return out
    }

    public mutating func finish() throws -> [Value] {
        defer { buffer.clear() }
        guard let value = try Self.decodeLine(buffer, decoder: EngineJSONDecoder()) else { return [] }
        return [value]
    }

    private static func decodeLine(_ line: ByteBuffer, decoder: EngineJSONDecoder) throws -> Value? {
        let view = line.readableBytesView
        guard view.contains(where: { $0 != 32 && $0 != 13 && $0 != 9 }) else { return nil }
        do {
            return try decoder.decode(Value.self, from: view)
        } catch {
            let text = String(decoding: view.prefix(200), as: UTF8.self)
            throw EngineError.protocolError(call: nil, detail: "undecodable or truncated JSON line \(text.debugDescription): \(error)")
        }
    }
}
