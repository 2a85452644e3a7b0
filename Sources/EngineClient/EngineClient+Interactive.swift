import Foundation
import NIOCore
import NIOHTTP1

/// Calls an interactive session needs beside attach and exec: terminal resizes, streamed
/// archives and streamed stats.
extension EngineClient {
    // MARK: - Resize

    /// Tells the engine the terminal size of an exec with a TTY (`POST /exec/{id}/resize`).
    public func resizeExec(_ id: String, rows: Int, columns: Int) async throws {
        try await checked(.POST, Self.path("exec", id, "resize"), query: [("h", String(rows)), ("w", String(columns))])
    }

    /// Tells the engine the terminal size of a container with a TTY (`POST /containers/{id}/resize`).
    public func resizeContainer(_ id: String, rows: Int, columns: Int) async throws {
        try await checked(.POST, Self.path("containers", id, "resize"), query: [("h", String(rows)), ("w", String(columns))])
    }

    // MARK: - Streamed archives

    /// A tar archive of `path` in the container, chunk by chunk as the engine sends it
    /// (`GET /containers/{id}/archive`): the tree is never held in memory.
    public func archiveStream(_ id: String, path: String) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        let (_, bytes) = try await stream(.GET, Self.path("containers", id, "archive"), query: [("path", path)])
        return decoded(bytes, with: ByteChunkDecoder())
    }

    /// Extracts a tar stream into the container at `path` (`PUT /containers/{id}/archive`),
    /// sent with chunked encoding as `produce` writes it.
    public func putArchive(
        _ id: String, path: String, noOverwriteDirNonDir: Bool = false,
        produce: @escaping @Sendable (_ write: @Sendable ([UInt8]) async throws -> Void) async throws -> Void
    ) async throws {
        let body = RequestBody.stream { write in
            try await produce { bytes in
                var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
                buffer.writeBytes(bytes)
                try await write(buffer)
            }
        }
        var query = [("path", path)]
        if noOverwriteDirNonDir { query.append(("noOverwriteDirNonDir", "1")) }
        try await checked(
            .PUT, Self.path("containers", id, "archive"), query: query, body: body,
            headers: [("Content-Type", "application/x-tar")], dedicated: true)
    }
}

/// Passes body bytes through as arrays.
struct ByteChunkDecoder: StreamDecoder {
    mutating func feed(_ chunk: ByteBuffer) throws -> [[UInt8]] {
        chunk.readableBytes == 0 ? [] : [Array(chunk.readableBytesView)]
    }

    mutating func finish() throws -> [[UInt8]] { [] }
}

/// What `HEAD /containers/{id}/archive` says about a path (`X-Docker-Container-Path-Stat`).
public struct ContainerPathStat: Decodable, Sendable, Hashable {
    public var name: String
    public var size: Int64
    /// Go's `os.FileMode` bits: directory is 1<<31, symlink 1<<27.
    public var mode: UInt32
    public var linkTarget: String

    public var isDirectory: Bool { mode & (1 << 31) != 0 }
    public var isSymlink: Bool { mode & (1 << 27) != 0 }

    enum CodingKeys: String, CodingKey {
        case name, size, mode, linkTarget
    }
}

extension EngineClient {
    /// Stat of `path` in the container; nil when it does not exist.
    public func archiveStat(_ id: String, path: String) async throws -> ContainerPathStat? {
        let response: BufferedResponse
        do {
            response = try await checked(.HEAD, Self.path("containers", id, "archive"), query: [("path", path)])
        } catch let error as EngineError where error.isNotFound {
            return nil
        }
        guard let header = response.headers.first(name: "X-Docker-Container-Path-Stat"),
              let data = Foundation.Data(base64Encoded: header)
        else { return nil }
        return try? JSONDecoder().decode(ContainerPathStat.self, from: data)
    }
}

/// One stats sample with the block I/O totals `ContainerStats` leaves out.
public struct ContainerStatsSample: Decodable, Sendable, Hashable {
    public var stats: ContainerStats
    /// Bytes read and written by the container's block devices (cgroup v1 and v2).
    public var blockRead: UInt64
    public var blockWrite: UInt64

    private struct BlkioEntry: Decodable {
        var op: String?
        var value: UInt64?
    }

    private struct Blkio: Decodable {
        var ioServiceBytesRecursive: [BlkioEntry]?
        enum CodingKeys: String, CodingKey { case ioServiceBytesRecursive = "io_service_bytes_recursive" }
    }

    private enum Keys: String, CodingKey { case blkioStats = "blkio_stats" }

    public init(from decoder: any Decoder) throws {
        stats = try ContainerStats(from: decoder)
        let container = try decoder.container(keyedBy: Keys.self)
        let entries = (try? container.decodeIfPresent(Blkio.self, forKey: .blkioStats))??.ioServiceBytesRecursive ?? []
        blockRead = entries.filter { $0.op?.lowercased() == "read" }.reduce(0) { $0 + ($1.value ?? 0) }
        blockWrite = entries.filter { $0.op?.lowercased() == "write" }.reduce(0) { $0 + ($1.value ?? 0) }
    }
}

extension EngineClient {
    /// Stats samples with block I/O: one (`stream` false, with a CPU delta) or one a second.
    public func containerStatsSamples(_ id: String, stream streaming: Bool) async throws -> AsyncThrowingStream<ContainerStatsSample, any Error> {
        let (_, bytes) = try await stream(.GET, Self.path("containers", id, "stats"), query: [("stream", streaming ? "true" : "false")])
        return decoded(bytes, with: JSONLinesDecoder(ContainerStatsSample.self))
    }
}
