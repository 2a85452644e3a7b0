import NIOCore
import Testing

@testable import EngineClient

/// The generated direct decoders give what Codable gives, for the real engine's answers: the
/// container list and every container's inspect, networks, volumes and images, and the
/// engine's version. Needs the engine (.ci/run starts it); fails without one.
@Suite struct DirectDecodingTests {
    static func body(_ client: EngineClient, _ path: String, query: [(String, String)] = []) async throws -> [UInt8] {
        let response = try await client.send(.GET, path, query: query)
        #expect(response.status == 200, "GET \(path): \(response.status)")
        return Array(response.body.readableBytesView)
    }

    /// One object's inspect, or nil when it went away since the list (other tests run in
    /// parallel on the same engine).
    static func inspect(_ client: EngineClient, _ path: String) async throws -> [UInt8]? {
        let response = try await client.send(.GET, path)
        if response.status == 404 { return nil }
        #expect(response.status == 200, "GET \(path): \(response.status)")
        return Array(response.body.readableBytesView)
    }

    static func same<T: Decodable & Equatable>(_ type: T.Type, _ bytes: [UInt8], _ what: String) throws {
        let direct = try EngineJSONDecoder().decode(type, from: bytes)
        let codable = try EngineJSONDecoder().decode(type, from: bytes, direct: false)
        #expect(direct == codable, "\(what): the direct decoder differs from Codable")
    }

    @Test func directDecodingEqualsCodableOnTheEngine() async throws {
        let client = try EngineClient(requestTimeout: .seconds(60))
        let list = try await Self.body(client, "/containers/json", query: [("all", "1")])
        try Self.same([ContainerSummary].self, list, "container list")
        let containers = try EngineJSONDecoder().decode([ContainerSummary].self, from: list)
        for id in containers.compactMap(\.id).prefix(20) {
            guard let bytes = try await Self.inspect(client, "/containers/\(id)/json") else { continue }
            try Self.same(ContainerInspect.self, bytes, "inspect \(id)")
        }
        try Self.same([Network].self, try await Self.body(client, "/networks"), "networks")
        try Self.same(VolumeListResponse.self, try await Self.body(client, "/volumes"), "volumes")
        try Self.same([ImageSummary].self, try await Self.body(client, "/images/json"), "images")
        try Self.same(SystemVersion.self, try await Self.body(client, "/version"), "version")
        for image in try EngineJSONDecoder().decode([ImageSummary].self, from: try await Self.body(client, "/images/json")).prefix(5) {
            guard let id = image.id else { continue }
            guard let bytes = try await Self.inspect(client, "/images/\(id)/json") else { continue }
            try Self.same(ImageInspect.self, bytes, "image \(id)")
        }
    }

    /// What the direct path refuses (a wrong type, a repeated key, a number in a string
    /// field) goes to Codable, whose error or value stands.
    @Test func refusedValuesFallBackToCodable() throws {
        let wrongType = Array(#"[{"Id": 5}]"#.utf8)
        #expect(throws: DecodingError.self) { try EngineJSONDecoder().decode([ContainerSummary].self, from: wrongType) }
        let lenient = Array(#"[{"Id": "a", "Created": 5.0, "Labels": {"k": "v"}}]"#.utf8)
        let decoded = try EngineJSONDecoder().decode([ContainerSummary].self, from: lenient)
        #expect(decoded.first?.created == 5)
        #expect(decoded.first?.labels == ["k": "v"])
        try Self.same([ContainerSummary].self, lenient, "an integer written 5.0")
    }
}
