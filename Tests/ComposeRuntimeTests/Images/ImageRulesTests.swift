import ComposeModel
import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite struct ImageReferenceTests {
    @Test(arguments: [
        ("busybox", "docker.io", "library/busybox", nil, "busybox:latest"),
        ("busybox:1.36", "docker.io", "library/busybox", "1.36", "busybox:1.36"),
        ("user/app", "docker.io", "user/app", nil, "user/app:latest"),
        ("localhost:5000/x", "localhost:5000", "x", nil, "localhost:5000/x:latest"),
        ("localhost/x:t", "localhost", "x", "t", "localhost/x:t"),
        ("127.0.0.1:41234/berth/busybox:test", "127.0.0.1:41234", "berth/busybox", "test", "127.0.0.1:41234/berth/busybox:test"),
        ("ghcr.io/o/r@sha256:abc", "ghcr.io", "o/r", nil, "ghcr.io/o/r@sha256:abc"),
        ("index.docker.io/library/redis:7", "docker.io", "library/redis", "7", "redis:7"),
    ] as [(String, String, String, String?, String)])
    func splits(_ text: String, _ registry: String, _ repository: String, _ tag: String?, _ normalised: String) {
        let reference = ImageReference(text)
        #expect(reference.registry == registry)
        #expect(reference.repository == repository)
        #expect(reference.tag == tag)
        #expect(reference.description == normalised)
    }

    @Test func authKeys() {
        #expect(ImageReference("busybox").authKey == "https://index.docker.io/v1/")
        #expect(ImageReference("localhost:5000/x").authKey == "localhost:5000")
        #expect(RegistryAuth.hostname("https://index.docker.io/v1/") == "docker.io")
        #expect(RegistryAuth.hostname("http://localhost:5000/v2/") == "localhost:5000")
    }
}

@Suite struct RegistryAuthTests {
    func decodeHeader(_ header: String?) throws -> [String: String] {
        var text = try #require(header).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        let data = try #require(Data(base64Encoded: text))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test func authsEntries() throws {
        let dir = try TempDirectory("berth-auth")
        defer { dir.cleanup() }
        let auth = Data("alice:s3cr:et".utf8).base64EncodedString()
        try dir.write("config.json", """
            {"auths": {"https://index.docker.io/v1/": {"auth": "\(auth)"},
                       "http://127.0.0.1:5000": {"identitytoken": "tok-123"},
                       "empty.example": {}},
             "currentContext": "default"}
            """)
        let registry = try RegistryAuth(configPath: dir.path + "/config.json")
        let hub = try #require(try registry.credentials(forRegistry: "docker.io"))
        #expect(hub.username == "alice")
        #expect(hub.password == "s3cr:et")
        let header = try decodeHeader(try registry.header(forImage: "busybox:1"))
        #expect(header["username"] == "alice")
        #expect(header["password"] == "s3cr:et")
        #expect(header["serveraddress"] == "https://index.docker.io/v1/")
        let token = try decodeHeader(try registry.header(forImage: "127.0.0.1:5000/x"))
        #expect(token["identitytoken"] == "tok-123")
        #expect(try registry.credentials(forRegistry: "empty.example") == nil)
        #expect(try registry.header(forImage: "quay.io/x/y") == nil)
        #expect(registry.buildRegistryConfig(registries: []) != nil)
    }

    @Test func missingFileMeansNoCredentials() throws {
        let registry = try RegistryAuth(environment: ["DOCKER_CONFIG": "/nonexistent-\(UUID().uuidString)"])
        #expect(try registry.header(forImage: "busybox") == nil)
    }

    @Test func badConfigIsReported() throws {
        let dir = try TempDirectory("berth-auth")
        defer { dir.cleanup() }
        try dir.write("config.json", "{not json")
        #expect(throws: RegistryAuthError.self) { try RegistryAuth(configPath: dir.path + "/config.json") }
    }

    @Test func credentialHelpers() throws {
        let dir = try TempDirectory("berth-auth")
        defer { dir.cleanup() }
        // A helper that answers for one server and records what it was asked.
        try dir.write("bin/docker-credential-fake", """
            #!/bin/sh
            read server
            echo "$1 $server" >> "\(dir.path)/asked"
            case "$server" in
              reg.example:5000) echo '{"ServerURL":"reg.example:5000","Username":"bob","Secret":"pw"}' ;;
              https://index.docker.io/v1/) echo '{"ServerURL":"x","Username":"<token>","Secret":"refresh"}' ;;
              *) echo "credentials not found in native keychain"; exit 1 ;;
            esac
            """, mode: 0o755)
        let config = RegistryAuth.ConfigFile(credsStore: "fake", credHelpers: ["reg.example:5000": "fake"])
        let registry = RegistryAuth(config: config, searchPath: [dir.path + "/bin"])
        let bob = try #require(try registry.credentials(forRegistry: "reg.example:5000"))
        #expect(bob.username == "bob" && bob.password == "pw")
        let hub = try #require(try registry.credentials(forRegistry: "docker.io"))
        #expect(hub.identityToken == "refresh" && hub.username == nil)
        #expect(try registry.credentials(forRegistry: "other.example") == nil)
        let asked = try String(contentsOfFile: dir.path + "/asked", encoding: .utf8)
        #expect(asked.contains("get reg.example:5000"))

        let broken = RegistryAuth(config: RegistryAuth.ConfigFile(credsStore: "absent"), searchPath: [dir.path + "/bin"])
        #expect(throws: RegistryAuthError.self) { try broken.credentials(forRegistry: "docker.io") }
    }
}

struct PolicyCase: CustomTestStringConvertible, Sendable {
    let policy: String?
    let hasImage: Bool
    let pulledHoursAgo: Double?
    let expected: Bool
    var testDescription: String { "\(policy ?? "nil") local=\(hasImage) pulled=\(pulledHoursAgo.map { "\($0)h" } ?? "?") -> \(expected)" }
}

@Suite struct PullPolicyTests {
    static let cases: [PolicyCase] = [
        PolicyCase(policy: nil, hasImage: false, pulledHoursAgo: nil, expected: true),
        PolicyCase(policy: nil, hasImage: true, pulledHoursAgo: nil, expected: false),
        PolicyCase(policy: "missing", hasImage: false, pulledHoursAgo: nil, expected: true),
        PolicyCase(policy: "if_not_present", hasImage: true, pulledHoursAgo: nil, expected: false),
        PolicyCase(policy: "always", hasImage: true, pulledHoursAgo: 0, expected: true),
        PolicyCase(policy: "never", hasImage: false, pulledHoursAgo: nil, expected: false),
        PolicyCase(policy: "build", hasImage: false, pulledHoursAgo: nil, expected: false),
        PolicyCase(policy: "daily", hasImage: true, pulledHoursAgo: 25, expected: true),
        PolicyCase(policy: "daily", hasImage: true, pulledHoursAgo: 23, expected: false),
        PolicyCase(policy: "daily", hasImage: false, pulledHoursAgo: nil, expected: true),
        PolicyCase(policy: "daily", hasImage: true, pulledHoursAgo: nil, expected: false),
        PolicyCase(policy: "weekly", hasImage: true, pulledHoursAgo: 24 * 6, expected: false),
        PolicyCase(policy: "weekly", hasImage: true, pulledHoursAgo: 24 * 8, expected: true),
        PolicyCase(policy: "every_12h", hasImage: true, pulledHoursAgo: 13, expected: true),
        PolicyCase(policy: "every_12h", hasImage: true, pulledHoursAgo: 11, expected: false),
        PolicyCase(policy: "every_1h30m", hasImage: true, pulledHoursAgo: 1.6, expected: true),
    ]

    @Test(arguments: cases)
    func mustPull(_ example: PolicyCase) {
        var service = Service(name: "web")
        service.image = "example/web:1"
        service.pullPolicy = example.policy
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let pulledAt = example.pulledHoursAgo.map { now.addingTimeInterval(-$0 * 3600) }
        var inspect = ImageInspect()
        inspect.id = "sha256:1"
        let local = example.hasImage ? inspect : nil
        #expect(PullPolicy.mustPull(service: service, localImage: local, now: now, pulledAt: pulledAt) == example.expected)
    }

    @Test func parsing() {
        #expect(PullPolicy("every_2d") == .refresh(interval: .seconds(2 * 86400)))
        #expect(PullPolicy("if_not_present") == .missing)
        #expect(PullPolicy(nil) == .missing)
        #expect(PullPolicy("every_") == nil)
        #expect(PullPolicy("sometimes") == nil)
    }

    @Test func buildDecisions() {
        var service = Service(name: "app")
        #expect(!PullPolicy.mustPull(service: service, localImage: nil, now: Date()))
        service.build = BuildConfig(context: "/tmp")
        #expect(PullPolicy.mustBuild(service: service, localImage: nil))
        #expect(!PullPolicy.mustBuild(service: service, localImage: ImageInspect()))
        service.pullPolicy = "build"
        #expect(PullPolicy.mustBuild(service: service, localImage: ImageInspect()))
    }

    @Test func buildRequestFromService() throws {
        var service = Service(name: "Web")
        var build = BuildConfig(context: "/ctx", dockerfile: "d/Dockerfile", args: ["A": "1"], labels: ["x": "y"])
        build.tags = ["extra:1"]
        build.extraHosts = ExtraHosts(["db": ["10.0.0.2"]])
        build.target = "final"
        service.build = build
        let request = try BuildRequest(
            project: "proj", service: service,
            overrides: .init(noCache: true, buildArgs: ["B=2", "FROM_ENV", "UNSET"]), environment: ["FROM_ENV": "e"])
        #expect(request.tags == ["proj-web", "extra:1"])
        #expect(request.args == ["A": "1", "B": "2", "FROM_ENV": "e"])
        #expect(request.labels["com.docker.compose.project"] == "proj")
        #expect(request.labels["com.docker.compose.service"] == "Web")
        #expect(request.labels["x"] == "y")
        #expect(request.extraHosts == ["db:10.0.0.2"])
        #expect(request.noCache)
        #expect(request.engineOptions.target == "final")
        #expect(request.engineOptions.extraHosts == ["db:10.0.0.2"])
        #expect(throws: ImageBuildError.notBuildable(service: "db")) { try BuildRequest(project: "p", service: Service(name: "db")) }
    }
}

@Suite struct ImageSelectionTests {
    func project() -> Project {
        var built = Service(name: "api")
        built.build = BuildConfig(context: "/ctx", tags: ["reg.example/api:extra"])
        var named = Service(name: "web")
        named.image = "reg.example/web:2"
        named.build = BuildConfig(context: "/ctx")
        var pulled = Service(name: "db")
        pulled.image = "postgres:16"
        pulled.platform = "linux/amd64"
        return Project(name: "shop", services: ["api": built, "web": named, "db": pulled])
    }

    @Test func removeModes() {
        #expect(ImageRemover.images(project: project(), mode: .local) == ["shop-api"])
        #expect(ImageRemover.images(project: project(), mode: .all) == ["postgres:16", "reg.example/web:2", "shop-api"])
    }

    @Test func pullAndPushSelections() {
        let pulls = ImagePuller.items(project: project())
        #expect(pulls.map(\.image) == ["postgres:16", "reg.example/web:2"])
        #expect(pulls.first?.platform == "linux/amd64")
        #expect(pulls.last?.buildable == true)
        #expect(ImagePuller.items(project: project(), ignoreBuildable: true).map(\.service) == ["db"])
        #expect(ImagePusher.items(project: project()).map(\.image) == ["reg.example/web:2"])
    }
}
