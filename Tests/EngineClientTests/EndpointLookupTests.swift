import BerthBasics
import EngineClient
import Testing

/// The endpoint lookup reads `~/.docker` through an injected file system and environment, so
/// these run on a fake home without touching the real one.
@Suite struct EndpointLookupTests {
    static let meta = #"{"Name":"remote","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://10.1.2.3:2376","SkipTLSVerify":true}}}"#

    func home(currentContext: String?, tls: Bool = false) -> InMemoryFileSystem {
        var files = ["/home/me/.docker/contexts/meta/0123abcd/meta.json": Self.meta]
        if let currentContext { files["/home/me/.docker/config.json"] = #"{"currentContext":"\#(currentContext)"}"# }
        if tls {
            files["/home/me/.docker/contexts/tls/0123abcd/docker/ca.pem"] = "ca"
            files["/home/me/.docker/contexts/tls/0123abcd/docker/key.pem"] = "key"
        }
        return InMemoryFileSystem(files: files, homeDirectory: "/home/me")
    }

    @Test func theCurrentContextOfTheFakeHome() throws {
        let endpoint = try EngineEndpoint.fromEnvironment([:], fileSystem: home(currentContext: "remote", tls: true))
        #expect(endpoint.address == .tcp(host: "10.1.2.3", port: 2376))
        #expect(endpoint.source == "context remote")
        #expect(endpoint.tls?.verify == false)
        #expect(endpoint.tls?.caFile == "/home/me/.docker/contexts/tls/0123abcd/docker/ca.pem")
        #expect(endpoint.tls?.keyFile == "/home/me/.docker/contexts/tls/0123abcd/docker/key.pem")
        #expect(endpoint.tls?.certificateFile == nil)
    }

    @Test func environmentBeatsTheConfig() throws {
        let fs = home(currentContext: "remote")
        #expect(try EngineEndpoint.fromEnvironment(["DOCKER_HOST": "unix:///run/x.sock"], fileSystem: fs).address == .unix(path: "/run/x.sock"))
        #expect(try EngineEndpoint.fromEnvironment(["DOCKER_CONTEXT": "default"], fileSystem: fs).source == "default")
        // An empty DOCKER_HOST counts as unset.
        #expect(try EngineEndpoint.fromEnvironment(["DOCKER_HOST": ""], fileSystem: fs).source == "context remote")
        let tlsFromEnv = try EngineEndpoint.fromEnvironment(
            ["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/certs"],
            fileSystem: InMemoryFileSystem(files: ["/certs/cert.pem": "c"]))
        #expect(tlsFromEnv.tls?.certificateFile == "/certs/cert.pem")
        #expect(tlsFromEnv.tls?.caFile == nil)
    }

    @Test func noConfigMeansTheDefaultSocket() throws {
        let endpoint = try EngineEndpoint.fromEnvironment([:], fileSystem: InMemoryFileSystem(files: [:]))
        #expect(endpoint.address == .unix(path: EngineEndpoint.defaultSocketPath))
    }

    @Test func dockerConfigMovesTheConfigDirectory() throws {
        let fs = InMemoryFileSystem(files: [
            "/etc/dock/config.json": #"{"currentContext":"remote"}"#, "/etc/dock/contexts/meta/x/meta.json": Self.meta,
        ])
        #expect(try EngineEndpoint.fromEnvironment(["DOCKER_CONFIG": "/etc/dock"], fileSystem: fs).source == "context remote")
        #expect(throws: EngineError.self) { try EngineEndpoint.fromEnvironment(["DOCKER_CONTEXT": "missing"], fileSystem: fs) }
    }
}
