import Foundation
import Testing

@testable import EngineClient

/// Tests against the real engine that scripts/engine starts. They fail (never skip) when no
/// engine answers: the first call throws `EngineError.notReachable`.
enum TestEngine {
    static let image = "berth-test/busybox:1"
    static let client: EngineClient = {
        do { return try EngineClient(requestTimeout: .seconds(120)) } catch { fatalError("engine endpoint: \(error)") }
    }()

    static func name(_ prefix: String) -> String {
        "berth-test-\(prefix)-\(String(UInt32.random(in: .min ... .max), radix: 36))"
    }

    static func config(_ command: [String]) -> ContainerConfig {
        var config = ContainerConfig()
        config.image = image
        config.cmd = command
        config.labels = ["berth.test": "1"]
        return config
    }

    /// Creates a container labelled `berth.test=1`; returns its ID.
    static func create(_ name: String, _ command: [String], configure: (inout ContainerConfig, inout HostConfig) -> Void = { _, _ in }) async throws -> String {
        var config = config(command)
        var host = HostConfig()
        configure(&config, &host)
        let created = try await client.createContainer(name: name, ContainerCreateRequest(config: config, hostConfig: host))
        return try #require(created.id)
    }

    static func remove(_ id: String) async {
        try? await client.removeContainer(id, volumes: true, force: true)
    }

    /// Collects output chunks until the stream ends.
    static func collect(_ stream: AsyncThrowingStream<OutputChunk, any Error>) async throws -> (stdout: String, stderr: String) {
        var out: [UInt8] = []
        var err: [UInt8] = []
        for try await chunk in stream {
            if chunk.stream == .stderr { err += chunk.bytes } else { out += chunk.bytes }
        }
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Runs `body` with a time limit.
    static func within<T: Sendable>(_ seconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            guard let first = try await group.next(), let value = first else {
                group.cancelAll()
                throw EngineError.timeout(call: EngineCall(method: "TEST", path: "within"), seconds: Double(seconds))
            }
            group.cancelAll()
            return value
        }
    }
}

@Suite struct EngineTests {
    let client = TestEngine.client

    @Test func pingAndVersion() async throws {
        #expect(try await client.ping())
        let version = try await client.apiVersion()
        #expect(version >= APIVersion.minimum)
        let info = try await client.version()
        #expect(info.apiVersion != nil)
        let raw = try await client.request(method: "GET", path: "/info")
        #expect(raw.status == 200)
        #expect(String(decoding: raw.body, as: UTF8.self).contains("Containers"))
        let missing = try await client.request(method: "GET", path: "/containers/berth-test-surely-missing/json")
        #expect(missing.status == 404)
    }

    @Test func containerLifecycle() async throws {
        let name = TestEngine.name("life")
        let id = try await TestEngine.create(name, ["sleep", "600"]) { config, host in
            config.env = ["MODE=test"]
            config.stopSignal = "SIGTERM"
            var health = HealthConfig()
            health.test = ["CMD-SHELL", "true"]
            health.interval = 1_000_000_000
            config.healthcheck = health
            host.restartPolicy = { var p = RestartPolicy(); p.name = "no"; return p }()
            host.memory = 64 * 1024 * 1024
            host.pidsLimit = 100
            host.initProcess = true
            host.capDrop = ["NET_RAW"]
            host.tmpfs = ["/scratch": "size=1m"]
            host.ulimits = [{ var u = Ulimit(); u.name = "nofile"; u.soft = 1024; u.hard = 2048; return u }()]
            host.extraHosts = ["berth.example:10.9.8.7"]
        }
        defer { Task { await TestEngine.remove(id) } }

        // A second create with the same name is a typed conflict.
        await #expect(throws: EngineError.self) {
            do { _ = try await TestEngine.create(name, ["true"]) } catch let error as EngineError {
                #expect(error.isConflict)
                throw error
            }
        }

        var inspect = try await client.inspectContainer(name)
        #expect(inspect.state?.status == "created")
        let memory: Int64? = inspect.hostConfig?.memory
        #expect(memory == Int64(64 * 1024 * 1024))
        #expect(inspect.hostConfig?.initProcess == true)
        #expect(inspect.hostConfig?.ulimits?.first?.hard == 2048)
        #expect(inspect.config?.labels?["berth.test"] == "1")

        try await client.startContainer(id)
        try await client.startContainer(id)  // already started: not an error
        inspect = try await client.inspectContainer(id)
        #expect(inspect.state?.running == true)

        try await client.pauseContainer(id)
        let paused = try await client.inspectContainer(id).state
        #expect(paused?.status == "paused")
        try await client.unpauseContainer(id)
        let unpaused = try await client.inspectContainer(id).state
        #expect(unpaused?.status == "running", "state after unpause: \(String(describing: unpaused))")

        let top = try await client.topContainer(id)
        #expect(top.processes?.contains { $0.joined(separator: " ").contains("sleep") } == true)

        let stats = try await client.containerStats(id)
        #expect(stats.memoryStats?.usage != nil || stats.pidsStats?.current != nil)

        var filters = Filters()
        filters.label("berth.test", "1")
        filters.add("name", name)
        let listed = try await client.listContainers(all: true, filters: filters)
        #expect(listed.map(\.id) == [id])

        let renamed = name + "-renamed"
        try await client.renameContainer(id, to: renamed)
        #expect(try await client.inspectContainer(id).name == "/" + renamed)

        try await client.restartContainer(id, timeout: 0)
        #expect(try await client.inspectContainer(id).state?.running == true)

        try await client.killContainer(id, signal: "SIGKILL")
        let exit = try await client.waitContainer(id)
        #expect(exit.statusCode == 137)
        try await client.stopContainer(id, timeout: 0)  // already stopped: not an error

        try await client.removeContainer(id, volumes: true, force: true)
        do {
            _ = try await client.inspectContainer(id)
            Issue.record("inspect after remove should fail")
        } catch let error as EngineError {
            #expect(error.isNotFound)
            #expect(error.call?.method == "GET")
        }
    }

    @Test func stopWaitsForTheContainer() async throws {
        let id = try await TestEngine.create(TestEngine.name("stop"), ["sleep", "600"])
        defer { Task { await TestEngine.remove(id) } }
        try await client.startContainer(id)
        try await client.stopContainer(id, timeout: 1)
        let state = try await client.inspectContainer(id).state
        #expect(state?.running == false)
        #expect(state?.status == "exited")
    }

    @Test func eventForAStart() async throws {
        let name = TestEngine.name("events")
        let id = try await TestEngine.create(name, ["true"])
        defer { Task { await TestEngine.remove(id) } }
        let events = try await client.events(filters: ["type": ["container"], "container": [id], "event": ["start"]])
        let client = self.client
        let event = try await TestEngine.within(15) {
            try await client.startContainer(id)
            for try await event in events { return event }
            throw EngineError.protocolError(call: nil, detail: "event stream ended")
        }
        #expect(event.action == "start")
        #expect(event.actor?.id == id)
        #expect(event.actor?.attributes?["name"] == name)
        #expect(event.actor?.attributes?["berth.test"] == "1")
    }

    @Test func logsTellStdoutFromStderr() async throws {
        let id = try await TestEngine.create(TestEngine.name("logs"), ["sh", "-c", "echo out1; echo err1 >&2; sleep 0.2; echo out2"])
        defer { Task { await TestEngine.remove(id) } }
        try await client.startContainer(id)
        _ = try await client.waitContainer(id)
        let all = try await TestEngine.collect(client.logs(id))
        #expect(all.stdout == "out1\nout2\n")
        #expect(all.stderr == "err1\n")

        let tail = try await TestEngine.collect(client.logs(id, options: LogOptions(tail: "1"), tty: false))
        #expect(tail.stdout == "out2\n")
        #expect(tail.stderr == "")

        let onlyStdout = try await TestEngine.collect(client.logs(id, options: LogOptions(stderr: false), tty: false))
        #expect(onlyStdout.stdout == "out1\nout2\n")
        #expect(onlyStdout.stderr == "")

        let stamped = try await TestEngine.collect(client.logs(id, options: LogOptions(timestamps: true)))
        #expect(stamped.stdout.split(separator: "\n").allSatisfy { $0.contains("T") && $0.hasSuffix("out1") || $0.hasSuffix("out2") })
    }

    @Test func ttyLogsAreRaw() async throws {
        let id = try await TestEngine.create(TestEngine.name("tty"), ["sh", "-c", "echo on-a-tty"]) { config, _ in config.tty = true }
        defer { Task { await TestEngine.remove(id) } }
        try await client.startContainer(id)
        _ = try await client.waitContainer(id)
        let logs = try await TestEngine.collect(client.logs(id))
        #expect(logs.stdout.contains("on-a-tty"))
        #expect(logs.stderr.isEmpty)
    }

    @Test func followedLogsEndWhenTheContainerExits() async throws {
        let id = try await TestEngine.create(TestEngine.name("follow"), ["sh", "-c", "echo a; sleep 1; echo b"])
        defer { Task { await TestEngine.remove(id) } }
        try await client.startContainer(id)
        let client = self.client
        let logs = try await TestEngine.within(15) {
            try await TestEngine.collect(client.logs(id, options: LogOptions(follow: true), tty: false))
        }
        #expect(logs.stdout == "a\nb\n")
    }

    @Test func execOutputAndExitCode() async throws {
        let id = try await TestEngine.create(TestEngine.name("exec"), ["sleep", "600"])
        defer { Task { await TestEngine.remove(id) } }
        try await client.startContainer(id)
        let result = try await client.exec(id, ["sh", "-c", "echo hi $GREETING; echo oops >&2; exit 3"], environment: ["GREETING=there"])
        #expect(result.exitCode == 3)
        #expect(result.stdout == "hi there\n")
        #expect(result.stderr == "oops\n")
    }

    @Test func attachEchoesStdinThroughCat() async throws {
        let id = try await TestEngine.create(TestEngine.name("attach"), ["cat"]) { config, _ in
            config.openStdin = true
            config.stdinOnce = true
            config.attachStdin = true
            config.attachStdout = true
            config.attachStderr = true
        }
        defer { Task { await TestEngine.remove(id) } }
        let session = try await client.attach(id)
        defer { session.close() }
        try await client.startContainer(id)
        try await session.write("hello through cat\n")
        try await session.write("second line\n")
        try await session.closeStdin()
        let output = try await TestEngine.within(15) { try await TestEngine.collect(session.output) }
        #expect(output.stdout == "hello through cat\nsecond line\n")
        #expect(try await client.waitContainer(id).statusCode == 0)
    }

    @Test func archiveRoundTrip() async throws {
        let id = try await TestEngine.create(TestEngine.name("archive"), ["true"])
        defer { Task { await TestEngine.remove(id) } }
        var archive = TarArchive()
        archive.addDirectory("conf")
        archive.addFile("conf/app.env", text: "MODE=archive\n", mode: 0o640)
        try await client.putArchive(id, path: "/tmp", tar: archive.bytes)
        let back = try TarArchive(reading: await client.getArchive(id, path: "/tmp/conf/app.env"))
        let entry = try #require(back.entry("app.env"))
        #expect(entry.contents == Array("MODE=archive\n".utf8))
        #expect(entry.mode & 0o777 == 0o640)

        await #expect(throws: EngineError.self) { _ = try await client.getArchive(id, path: "/no/such/path") }
    }

    @Test func networks() async throws {
        let name = TestEngine.name("net")
        let octet = Int.random(in: 16...250)
        var request = NetworkCreateRequest()
        request.name = name
        request.driver = "bridge"
        request.labels = ["berth.test": "1"]
        var ipam = IPAM()
        var pool = IPAMPool()
        pool.subnet = "10.\(octet).\(Int.random(in: 0...250)).0/24"
        ipam.config = [pool]
        request.ipam = ipam
        let created = try await client.createNetwork(request)
        let networkID = try #require(created.id)
        defer { Task { try? await TestEngine.client.removeNetwork(networkID) } }

        let network = try await client.inspectNetwork(name)
        #expect(network.id == networkID)
        #expect(network.labels?["berth.test"] == "1")
        let subnet = try #require(network.ipam?.config?.first?.subnet)

        var filters = Filters()
        filters.label("berth.test", "1")
        #expect(try await client.listNetworks(filters: filters).contains { $0.name == name })

        let id = try await TestEngine.create(TestEngine.name("netc"), ["sleep", "600"])
        defer { Task { await TestEngine.remove(id) } }
        let address = subnet.replacingOccurrences(of: ".0/24", with: ".42")
        var endpoint = EndpointSettings()
        endpoint.aliases = ["db-alias"]
        var ipamConfig = EndpointIPAMConfig()
        ipamConfig.ipv4Address = address
        endpoint.ipamConfig = ipamConfig
        try await client.connectNetwork(networkID, container: id, endpoint: endpoint)
        try await client.startContainer(id)
        let settings = try #require(try await client.inspectContainer(id).networkSettings?.networks?[name])
        #expect(settings.ipAddress == address)
        #expect(settings.aliases?.contains("db-alias") == true)

        try await client.disconnectNetwork(networkID, container: id, force: true)
        #expect(try await client.inspectContainer(id).networkSettings?.networks?[name] == nil)

        try await client.removeNetwork(networkID)
        await #expect(throws: EngineError.self) { _ = try await client.inspectNetwork(networkID) }
    }

    @Test func volumes() async throws {
        let name = TestEngine.name("vol")
        var request = VolumeCreateRequest()
        request.name = name
        request.labels = ["berth.test": "1"]
        let volume = try await client.createVolume(request)
        #expect(volume.name == name)
        defer { Task { try? await TestEngine.client.removeVolume(name, force: true) } }
        #expect(try await client.inspectVolume(name).labels?["berth.test"] == "1")
        var filters = Filters()
        filters.add("name", name)
        #expect(try await client.listVolumes(filters: filters).map(\.name) == [name])
        try await client.removeVolume(name)
        do {
            _ = try await client.inspectVolume(name)
            Issue.record("inspect after remove should fail")
        } catch let error as EngineError {
            #expect(error.isNotFound)
        }
    }

    @Test func imagesTagInspectRemove() async throws {
        let repository = "berth-test/" + TestEngine.name("tag")
        try await client.tagImage(TestEngine.image, repository: repository, tag: "v1")
        let inspect = try await client.inspectImage("\(repository):v1")
        #expect(inspect.repoTags?.contains("\(repository):v1") == true)
        #expect(inspect.config?.cmd == ["sh"])
        let listed = try await client.listImages(filters: ["reference": ["\(repository):v1"]])
        #expect(listed.count == 1)
        let removed = try await client.removeImage("\(repository):v1")
        #expect(removed.contains { $0.untagged == "\(repository):v1" })
        do {
            _ = try await client.inspectImage("\(repository):v1")
            Issue.record("inspect after remove should fail")
        } catch let error as EngineError {
            #expect(error.isNotFound)
        }
        _ = try await client.inspectImage(TestEngine.image)  // the base image is untouched
    }

    @Test func pullFromAnUnreachableRegistryFailsQuicklyWithATypedError() async throws {
        let client = self.client
        let started = ContinuousClock.now
        do {
            let stream = try await client.pullImage("127.0.0.1:9/berth-none", tag: "1")
            for try await _ in stream {}
            Issue.record("pull should fail")
        } catch let error as EngineError {
            #expect(error.call?.path == "/images/create")
            #expect(!error.message.isEmpty)
        }
        // The point is that it fails instead of hanging: dockerd answers a refused connection
        // at once on a quiet engine, but took 41 s once while the parallel suite loaded it.
        #expect(ContinuousClock.now - started < .seconds(90))
    }

    @Test func pushToAnUnreachableRegistryFailsWithATypedError() async throws {
        let repository = "127.0.0.1:9/" + TestEngine.name("push")
        try await client.tagImage(TestEngine.image, repository: repository, tag: "1")
        defer { Task { _ = try? await TestEngine.client.removeImage("\(repository):1") } }
        do {
            for try await _ in try await client.pushImage(repository, tag: "1") {}
            Issue.record("push should fail")
        } catch let error as EngineError {
            #expect(error.call?.path.hasSuffix("/push") == true)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func slowAnswerTimesOut() async throws {
        let id = try await TestEngine.create(TestEngine.name("timeout"), ["sleep", "600"])
        defer { Task { await TestEngine.remove(id) } }
        try await TestEngine.client.startContainer(id)
        let client = try EngineClient(requestTimeout: .milliseconds(500))
        // Negotiate the API version first: on an engine the parallel suite loads, the first
        // `/_ping` can itself take longer than the limit, and the timeout to check is the wait's.
        var negotiated = false
        for _ in 0..<40 where !negotiated { negotiated = (try? await client.apiVersion()) != nil }
        #expect(negotiated, "no /_ping answered within 0.5 s in 40 tries")
        let started = ContinuousClock.now
        do {
            // wait through the escape hatch uses the pool's time limit.
            _ = try await client.request(method: "POST", path: "/containers/\(id)/wait")
            Issue.record("wait should time out")
        } catch let error as EngineError {
            guard case .timeout(let call, let seconds) = error else {
                Issue.record("expected timeout, got \(error)")
                return
            }
            #expect(call.path == "/containers/\(id)/wait")
            #expect(seconds == 0.5)
        }
        // Well under the container's 600 s sleep, so the limit did fire; the margin above 0.5 s
        // is the connection on an engine the parallel suite loads.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(try await client.ping())  // the pool recovers
        await client.shutdown()
    }

    @Test func buildFromTheLocalBaseImage() async throws {
        let tag = "berth-test/\(TestEngine.name("build")):1"
        var context = TarArchive()
        context.addFile("Dockerfile", text: "FROM \(TestEngine.image)\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt > /copy.txt\nLABEL berth.test=1\n")
        context.addFile("hello.txt", text: "built by berth\n")
        let bytes = context.bytes
        var options = BuildOptions(tags: [tag])
        options.labels = ["berth.built": "yes"]
        let messages = try await client.buildImage(options) { write in
            // Stream the context in small pieces to exercise chunked encoding.
            var offset = 0
            while offset < bytes.count {
                try await write(Array(bytes[offset..<min(offset + 700, bytes.count)]))
                offset += 700
            }
        }
        var output = ""
        var imageID: String?
        for try await message in messages {
            output += message.stream ?? ""
            if let id = message.aux?.id { imageID = id }
        }
        defer { Task { _ = try? await TestEngine.client.removeImage(tag, force: true) } }
        #expect(output.contains("Successfully built") || imageID != nil)
        let image = try await client.inspectImage(tag)
        #expect(image.config?.labels?["berth.test"] == "1")
        #expect(image.config?.labels?["berth.built"] == "yes")

        // A failing build reports a stream error.
        var broken = TarArchive()
        broken.addFile("Dockerfile", text: "FROM \(TestEngine.image)\nRUN exit 7\n")
        await #expect(throws: EngineError.self) {
            for try await _ in try await client.buildImage(BuildOptions(), tar: broken.bytes) {}
        }
    }

    @Test func unreachableEngineNamesTheSocket() async throws {
        let client = try EngineClient(endpoint: EngineEndpoint(address: .unix(path: "/tmp/berth-no-engine.sock")))
        do {
            _ = try await client.ping()
            Issue.record("ping should fail")
        } catch let error as EngineError {
            guard case .notReachable(let endpoint, _) = error else {
                Issue.record("expected notReachable, got \(error)")
                return
            }
            #expect(endpoint.contains("/tmp/berth-no-engine.sock"))
            #expect(error.description.contains("scripts/engine"))
        }
    }

    @Test func requestsReuseConnections() async throws {
        let client = try EngineClient(maxConnections: 2)
        for _ in 0..<50 { _ = try await client.ping() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 { group.addTask { _ = try await client.ping() } }
            try await group.waitForAll()
        }
        #expect(await client.connectionsOpened <= 2)
        await client.shutdown()
    }
}

@Suite struct PoolTests {
    @Test func aCancelledWaiterLeavesThePoolUsable() async throws {
        let client = try EngineClient(maxConnections: 1)
        #expect(try await client.ping())
        let id = try await TestEngine.create(TestEngine.name("pool"), ["sleep", "600"])
        defer { Task { await TestEngine.remove(id) } }
        try await TestEngine.client.startContainer(id)
        // Occupy the only connection with a long call, queue a second caller and cancel it.
        let blocker = Task { try await client.request(method: "POST", path: "/containers/\(id)/wait") }
        try await Task.sleep(for: .milliseconds(100))
        let waiter = Task { try await client.ping() }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        try await TestEngine.client.killContainer(id)
        let status = try await blocker.value.status
        #expect(status == 200)
        #expect(try await client.ping())
        #expect(await client.connectionsOpened == 1)
    }
}
