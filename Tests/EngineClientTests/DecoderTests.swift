import Foundation
import NIOCore
import Testing

@testable import EngineClient

/// Builds one multiplexed frame.
func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
    let payload = Array(text.utf8)
    let n = UInt32(payload.count)
    return [stream, 0, 0, 0, UInt8(n >> 24), UInt8((n >> 16) & 0xff), UInt8((n >> 8) & 0xff), UInt8(n & 0xff)] + payload
}

func buffer(_ bytes: some Sequence<UInt8>) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: 0)
    buffer.writeBytes(Array(bytes))
    return buffer
}

/// Feeds `bytes` to a decoder cut at the given offsets.
func feed<D: StreamDecoder>(_ decoder: D, _ bytes: [UInt8], cuts: [Int]) throws -> [D.Output] {
    var decoder = decoder
    var out: [D.Output] = []
    var start = 0
    for cut in cuts.sorted() + [bytes.count] where cut >= start {
        out += try decoder.feed(buffer(bytes[start..<cut]))
        start = cut
    }
    out += try decoder.finish()
    return out
}

@Suite struct MultiplexedStreamDecoderTests {
    static let stream = frame(1, "hello\n") + frame(2, "oops\n") + frame(1, "") + frame(1, "bye")

    @Test func decodesWholeInput() throws {
        let chunks = try feed(MultiplexedStreamDecoder(), Self.stream, cuts: [])
        #expect(chunks.map(\.stream) == [.stdout, .stderr, .stdout, .stdout])
        #expect(chunks.map(\.text) == ["hello\n", "oops\n", "", "bye"])
    }

    @Test(arguments: 0...(frame(1, "hello\n") + frame(2, "oops\n") + frame(1, "") + frame(1, "bye")).count)
    func everySingleSplitPointGivesTheSameFrames(cut: Int) throws {
        let chunks = try feed(MultiplexedStreamDecoder(), Self.stream, cuts: [cut])
        #expect(chunks.map(\.text) == ["hello\n", "oops\n", "", "bye"])
        #expect(chunks.map(\.stream) == [.stdout, .stderr, .stdout, .stdout])
    }

    @Test func byteAtATime() throws {
        let chunks = try feed(MultiplexedStreamDecoder(), Self.stream, cuts: Array(0..<Self.stream.count))
        #expect(chunks.map(\.text) == ["hello\n", "oops\n", "", "bye"])
    }

    @Test func headerSplitThreeFive() throws {
        let bytes = frame(2, "error text")
        var decoder = MultiplexedStreamDecoder()
        #expect(try decoder.feed(buffer(bytes[0..<3])).isEmpty)
        #expect(try decoder.feed(buffer(bytes[3..<8])).isEmpty)
        let out = try decoder.feed(buffer(bytes[8...]))
        #expect(out == [OutputChunk(stream: .stderr, bytes: Array("error text".utf8))])
        #expect(try decoder.finish().isEmpty)
    }

    @Test(arguments: [3, 8, 12])
    func truncatedInputIsAnError(length: Int) throws {
        let bytes = Array(frame(1, "hello world").prefix(length))
        var decoder = MultiplexedStreamDecoder()
        _ = try decoder.feed(buffer(bytes))
        #expect(throws: EngineError.self) { try decoder.finish() }
    }

    @Test func ttyOutputIsRejectedAsAFrameHeader() {
        var decoder = MultiplexedStreamDecoder()
        #expect(throws: EngineError.self) { try decoder.feed(buffer(Array("plain tty text".utf8))) }
    }

    @Test func largeFrame() throws {
        let text = String(repeating: "x", count: 100_000)
        let chunks = try feed(MultiplexedStreamDecoder(), frame(1, text), cuts: [5, 4096, 70_000])
        #expect(chunks.count == 1)
        #expect(chunks.first?.bytes.count == 100_000)
    }
}

@Suite struct JSONLinesDecoderTests {
    static let lines = """
        {"Type":"container","Action":"start","Actor":{"ID":"abc","Attributes":{"name":"web","com.docker.compose.project":"p"}},"time":1700000000,"timeNano":1700000000123456789}
        {"Type":"container","Action":"health_status: healthy","Actor":{"ID":"abc","Attributes":{"name":"web"}},"time":1700000001}

        {"Type":"network","Action":"connect","Actor":{"ID":"net1","Attributes":{"container":"abc"}},"time":1700000002}

        """

    static var bytes: [UInt8] { Array(lines.utf8) }

    @Test func decodesEvents() throws {
        let events = try feed(JSONLinesDecoder(EngineEvent.self), Self.bytes, cuts: [])
        #expect(events.map(\.action) == ["start", "health_status: healthy", "connect"])
        #expect(events.first?.actor?.attributes?["com.docker.compose.project"] == "p")
        #expect(events.first?.timeNano == 1_700_000_000_123_456_789)
        #expect(events.last?.type == "network")
        #expect(events[1].healthStatus == "healthy")
        #expect(events[1].actionName == "health_status")
        #expect(events[0].healthStatus == nil)
        #expect(events[0].actorName == "web")
    }

    @Test(arguments: Array(stride(from: 0, through: lines.utf8.count, by: 7)))
    func splitAnywhere(cut: Int) throws {
        let events = try feed(JSONLinesDecoder(EngineEvent.self), Self.bytes, cuts: [cut, min(cut + 3, Self.bytes.count)])
        #expect(events.map(\.action) == ["start", "health_status: healthy", "connect"])
    }

    @Test func byteAtATime() throws {
        let events = try feed(JSONLinesDecoder(EngineEvent.self), Self.bytes, cuts: Array(0..<Self.bytes.count))
        #expect(events.count == 3)
    }

    @Test func crlfAndMissingFinalNewline() throws {
        let text = "{\"status\":\"Pulling\"}\r\n{\"status\":\"Done\",\"id\":\"x\"}"
        let messages = try feed(JSONLinesDecoder(ProgressMessage.self), Array(text.utf8), cuts: [10])
        #expect(messages.map(\.status) == ["Pulling", "Done"])
    }

    @Test func truncatedObjectIsAnError() throws {
        var decoder = JSONLinesDecoder(EngineEvent.self)
        let out = try decoder.feed(buffer(Array("{\"Type\":\"container\"}\n{\"Type\":\"cont".utf8)))
        #expect(out.count == 1)
        #expect(throws: EngineError.self) { try decoder.finish() }
    }

    @Test func progressErrorLineThrowsStreamError() throws {
        var decoder = ProgressDecoder(call: EngineCall(method: "POST", path: "/images/create"))
        let text = "{\"status\":\"Pulling\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n"
        // The message before the error line is delivered; the error follows.
        let first = try decoder.feed(buffer(Array(text.utf8)))
        #expect(first.map(\.status) == ["Pulling"])
        do {
            _ = try decoder.finish()
            Issue.record("expected a stream error")
        } catch let error as EngineError {
            #expect(error.message == "manifest unknown")
            #expect(error.call?.path == "/images/create")
        }
    }
}

@Suite struct SupportTests {
    @Test(arguments: [
        ("unix:///var/run/docker.sock", "unix:///var/run/docker.sock"),
        ("/tmp/d.sock", "unix:///tmp/d.sock"),
        ("tcp://10.0.0.2", "tcp://10.0.0.2:2375"),
        ("tcp://example.com:1234", "tcp://example.com:1234"),
        ("tcp://[::1]:2376", "tcp://::1:2376"),
        ("http://localhost:2375/", "tcp://localhost:2375"),
    ])
    func parseHost(host: String, expected: String) throws {
        #expect(try EngineEndpoint.parse(host: host).description == expected)
    }

    @Test(arguments: ["ssh://me@host", "tcp://host:notaport", "foo"])
    func rejectsUnsupportedHosts(host: String) {
        #expect(throws: EngineError.self) { try EngineEndpoint.parse(host: host) }
    }

    @Test func tlsFromEnvironment() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("berth-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["ca.pem", "cert.pem", "key.pem"] {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data())
        }
        let endpoint = try EngineEndpoint.fromEnvironment(
            ["DOCKER_HOST": "tcp://engine.example:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": dir], homeDirectory: "/nonexistent")
        #expect(endpoint.tls?.verify == true)
        #expect(endpoint.tls?.caFile == dir + "/ca.pem")
        #expect(endpoint.tls?.keyFile == dir + "/key.pem")
        #expect(endpoint.address == .tcp(host: "engine.example", port: 2376))
    }

    @Test func dockerContextFromConfig() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("berth-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        // The docker CLI names a context's folder after the SHA-256 of its name ("remote").
        let meta = "\(home)/.docker/contexts/meta/b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a"
        try FileManager.default.createDirectory(atPath: meta, withIntermediateDirectories: true)
        try #"{"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://10.1.2.3:2375","SkipTLSVerify":false}}}"#
            .write(toFile: meta + "/meta.json", atomically: true, encoding: .utf8)
        try #"{"auths":{},"currentContext":"remote"}"#.write(toFile: "\(home)/.docker/config.json", atomically: true, encoding: .utf8)

        let fromConfig = try EngineEndpoint.fromEnvironment([:], homeDirectory: home)
        #expect(fromConfig.address == .tcp(host: "10.1.2.3", port: 2375))
        #expect(fromConfig.source == "context remote")

        let defaultContext = try EngineEndpoint.fromEnvironment(["DOCKER_CONTEXT": "default"], homeDirectory: home)
        #expect(defaultContext.address == .unix(path: "/var/run/docker.sock"))

        let hostWins = try EngineEndpoint.fromEnvironment(["DOCKER_HOST": "unix:///x.sock"], homeDirectory: home)
        #expect(hostWins.address == .unix(path: "/x.sock"))

        #expect(throws: EngineError.self) { try EngineEndpoint.fromEnvironment(["DOCKER_CONTEXT": "missing"], homeDirectory: home) }
    }

    @Test func filtersJSON() {
        var filters = Filters()
        filters.label("com.docker.compose.project", "demo")
        filters.label("com.docker.compose.config-hash")
        filters.add("status", "running")
        #expect(filters.json == #"{"label":["com.docker.compose.project=demo","com.docker.compose.config-hash"],"status":["running"]}"#)
    }

    @Test func queryEncoding() {
        let uri = EngineClient.uri(version: APIVersion(1, 41), path: "/containers/json", query: [("filters", #"{"label":["a=b c"]}"#)])
        #expect(uri == "/v1.41/containers/json?filters=%7B%22label%22%3A%5B%22a%3Db%20c%22%5D%7D")
    }

    @Test func tarRoundTrip() throws {
        var archive = TarArchive()
        archive.addDirectory("etc")
        archive.addFile("etc/app.conf", text: "key=value\n", mode: 0o600)
        let longName = String(repeating: "d/", count: 60) + "file.txt"
        archive.addFile(longName, text: "deep")
        archive.entries.append(TarArchive.Entry(path: "etc/link", kind: .symlink(target: "app.conf"), mode: 0o777))
        archive.addFile("after-link", text: "next")
        let read = try TarArchive(reading: archive.bytes)
        #expect(read.entries.count == 5)
        #expect(read.entry("etc/link")?.kind == .symlink(target: "app.conf"))
        #expect(read.entry("after-link")?.contents == Array("next".utf8))
        #expect(read.entry("etc/app.conf")?.contents == Array("key=value\n".utf8))
        #expect(read.entry("etc/app.conf")?.mode == 0o600)
        #expect(read.entry("etc")?.kind == .directory)
        #expect(read.entry(longName)?.contents == Array("deep".utf8))
    }

    @Test func errorMessagesSayWhatToDo() {
        let unreachable = EngineError.notReachable(endpoint: "unix:///var/run/docker.sock", underlying: "connection refused")
        #expect(unreachable.description.contains("/var/run/docker.sock"))
        #expect(unreachable.description.contains("scripts/engine"))
        let conflict = EngineError.from(status: 409, call: EngineCall(method: "POST", path: "/containers/create"), message: "name in use")
        #expect(conflict.isConflict)
        #expect(conflict.status == 409)
        #expect(conflict.description == "conflict: name in use (POST /containers/create)")
        #expect(EngineError.from(status: 404, call: EngineCall(method: "GET", path: "/x"), message: "no").isNotFound)
        #expect(EngineError.from(status: 500, call: EngineCall(method: "GET", path: "/x"), message: "boom").status == 500)
    }
}

@Suite struct EngineJSONDecoderTests {
    struct Sample: Codable, Equatable {
        var text: String
        var big: UInt64
        var negative: Int64
        var ratio: Double
        var flags: [Bool]
        var nested: [String: [Int]]
        var missing: String?
        var null: Int?
    }

    static let json = #"""
        { "text": "tab\there \"quoted\" \\ slash\/ \u00e9 \ud83d\ude00 ünïcode",
          "big": 18446744073709551615, "negative": -9223372036854775808, "ratio": 1.5e3,
          "flags": [true, false], "nested": {"a": [1, 2, 3], "": []}, "null": null }
        """#

    @Test func decodesLikeFoundation() throws {
        let ours = try EngineJSONDecoder().decode(Sample.self, from: Array(Self.json.utf8))
        let foundation = try JSONDecoder().decode(Sample.self, from: Data(Self.json.utf8))
        #expect(ours == foundation)
        #expect(ours.text == "tab\there \"quoted\" \\ slash/ é 😀 ünïcode")
        #expect(ours.big == UInt64.max)
        #expect(ours.negative == Int64.min)
        #expect(ours.ratio == 1500)
        #expect(ours.missing == nil && ours.null == nil)
    }

    @Test func decodesAContainerInspect() throws {
        let json = #"""
            {"Id":"abc","Name":"/web","State":{"Status":"running","Running":true,"ExitCode":0,
             "Health":{"Status":"healthy","FailingStreak":0,"Log":[{"ExitCode":0,"Output":"ok\n"}]}},
             "Config":{"Image":"img","Cmd":["sh","-c","x"],"Entrypoint":null,"Labels":{"a":"b"},"ExposedPorts":{"80/tcp":{}}},
             "HostConfig":{"Memory":0,"PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"Init":null},
             "NetworkSettings":{"Ports":{"80/tcp":null,"81/tcp":[{"HostIp":"0.0.0.0","HostPort":"1"}]},"Networks":{"n":{"IPAddress":"10.0.0.2","Aliases":null}}}}
            """#
        let ours = try EngineJSONDecoder().decode(ContainerInspect.self, from: Array(json.utf8))
        let foundation = try JSONDecoder().decode(ContainerInspect.self, from: Data(json.utf8))
        #expect(ours == foundation)
        #expect(ours.state?.health?.status == "healthy")
        #expect(ours.plainName == "web")
        #expect(ours.networkSettings?.ports?["80/tcp"] == .some(nil))
        #expect(ours.config?.exposedPorts?["80/tcp"] == EmptyObject())
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "\"unterminated", "tru", "{\"a\":1} x", "\"bad \\q escape\"", "01x"])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: (any Error).self) { try EngineJSONDecoder().decode([String: Int].self, from: Array(text.utf8)) }
    }

    @Test func typeMismatchIsAnError() {
        #expect(throws: DecodingError.self) { try EngineJSONDecoder().decode(Sample.self, from: Array(#"{"text": 1}"#.utf8)) }
    }
}

@Suite struct ProgressStreamTests {
    @Test func messagesBeforeAnErrorLineInTheSameChunkAreDelivered() throws {
        var decoder = ProgressDecoder(call: EngineCall(method: "POST", path: "/build"))
        let chunk = ByteBuffer(string: "{\"stream\":\"Step 2/2 : RUN false\\n\"}\n{\"stream\":\"boom output\\n\"}\n{\"errorDetail\":{\"message\":\"returned a non-zero code: 1\"},\"error\":\"returned a non-zero code: 1\"}\n")
        let first = try decoder.feed(chunk)
        #expect(first.compactMap(\.stream) == ["Step 2/2 : RUN false\n", "boom output\n"])
        #expect(throws: EngineError.self) { try decoder.finish() }
    }
}

@Suite struct PlainRunTests {
    /// The word-at-a-time scan stops at or before the first quote, backslash or control
    /// character, never skips one, and stops at most one word short of it.
    @Test func plainRunAgreesWithAByteScan() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = [0x22, 0x5c, 0x00, 0x1f, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xc3, 0xff, 0x41, 0x61]
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &generator) ? UInt8(ascii: "a") : alphabet.randomElement(using: &generator)!
            }
            let start = Int.random(in: 0...count, using: &generator)
            let special = bytes[start...].firstIndex { $0 == 0x22 || $0 == 0x5c || $0 < 0x20 } ?? count
            let stop = bytes.withUnsafeBufferPointer { JSONParser.plainRun($0, from: start) }
            #expect(stop >= start && stop <= special, "\(bytes) from \(start): \(stop), special at \(special)")
            #expect((stop - start) % 8 == 0)
            #expect(stop + 8 > special || stop + 8 > count, "\(bytes) from \(start): stopped early at \(stop)")
        }
    }
}
