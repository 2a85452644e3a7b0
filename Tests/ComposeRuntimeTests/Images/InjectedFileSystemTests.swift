import BerthBasics
import Foundation
import Testing

@testable import ComposeRuntime

/// The runtime's host reads go through an injected `FileSystem` and `Environment`: these run
/// the image, cp and lock code on an in-memory tree or a directory of their own.
@Suite struct InjectedFileSystemTests {
    static let tree = InMemoryFileSystem(
        files: [
            "/src/app/main.c": "int main(void) { return 0; }\n", "/src/app/lib/util.h": "#pragma once\n",
            "/src/app/Dockerfile": "FROM scratch\n", "/src/app/.dockerignore": "*.o\n!keep.o\n",
            "/src/app/Dockerfile.dockerignore": "build/\n", "/elsewhere/Dockerfile": "FROM busybox\n",
        ],
        directories: ["/src/app/empty"], symlinks: ["/src/app/current": "lib"])

    @Test func cpWalksTheInjectedTree() throws {
        let entries = try ContainerCopy.walk("/src/app", as: "app", followLink: false, fileSystem: Self.tree)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0) })
        #expect(entries.map(\.path) == [
            "app", "app/.dockerignore", "app/Dockerfile", "app/Dockerfile.dockerignore", "app/current", "app/empty", "app/lib",
            "app/lib/util.h", "app/main.c",
        ])
        #expect(byPath["app"]?.kind == .directory)
        #expect(byPath["app/main.c"]?.kind == .file(size: 29))
        #expect(byPath["app/main.c"]?.source == "/src/app/main.c")
        #expect(byPath["app/main.c"]?.mode == 0o644)
        #expect(byPath["app/current"]?.kind == .symlink(target: "lib"))
        #expect(byPath["app/main.c"]?.uid == nil)
        let owned = try ContainerCopy.walk("/src/app/main.c", as: "main.c", followLink: false, keepOwner: true, fileSystem: Self.tree)
        #expect(owned.map(\.uid) == [0])
        // -L follows a symlink named on the command line.
        let followed = try ContainerCopy.walk("/src/app/current", as: "current", followLink: true, fileSystem: Self.tree)
        #expect(followed.map(\.path) == ["current", "current/util.h"])
        #expect(throws: RuntimeError.self) { try ContainerCopy.walk("/nope", as: "x", followLink: false, fileSystem: Self.tree) }
    }

    @Test func buildContextReadsTheDockerfileAndIgnoreFilesThroughIt() throws {
        let context = try BuildContext(directory: "/src/app", fileSystem: Self.tree)
        #expect(context.dockerfile == "Dockerfile")
        // `<Dockerfile>.dockerignore` wins over `.dockerignore`.
        #expect(context.ignore.patterns.map(\.description).contains("build"))
        #expect(!context.ignore.patterns.map(\.description).contains("*.o"))
        #expect(context.generated.isEmpty)

        let external = try BuildContext(directory: "/src/app", dockerfile: "/elsewhere/Dockerfile", fileSystem: Self.tree)
        #expect(external.dockerfile.hasPrefix(".dockerfile.external-"))
        #expect(external.generated[external.dockerfile] == Array("FROM busybox\n".utf8))
        #expect(external.ignore.patterns.map(\.description).contains("*.o"))

        #expect(throws: BuildContextError.self) { try BuildContext(directory: "/src/app/main.c", fileSystem: Self.tree) }
        #expect(throws: BuildContextError.self) { try BuildContext(directory: "/src/app", dockerfile: "lib", fileSystem: Self.tree) }
        #expect(throws: BuildContextError.self) { try BuildContext(directory: "/src/app", dockerfile: "missing", fileSystem: Self.tree) }
    }

    @Test func registryAuthReadsTheConfigOfTheInjectedHome() throws {
        let fs = InMemoryFileSystem(
            files: [
                "/home/me/.docker/config.json": #"{"auths":{"registry.example:5000":{"auth":"dTpw"}},"credsStore":"vault"}"#,
                "/opt/bin/docker-credential-vault": "#!/bin/sh\n",
            ])
        let auth = try RegistryAuth(environment: ["HOME": "/home/me", "PATH": "/opt/bin:/usr/bin"], fileSystem: fs)
        #expect(auth.configPath == "/home/me/.docker/config.json")
        #expect(auth.config.auths?["registry.example:5000"]?.auth == "dTpw")
        #expect(auth.searchPath == ["/opt/bin", "/usr/bin"])
        // The helper file is there but not executable on this file system: not found in PATH.
        #expect(throws: RegistryAuthError.helperFailed(helper: "docker-credential-vault", registry: "other.example", reason: "not found in PATH")) {
            try auth.credentials(forRegistry: "other.example")
        }
        // DOCKER_CONFIG moves it; a missing file means no credentials.
        let none = try RegistryAuth(environment: ["DOCKER_CONFIG": "/etc/none"], fileSystem: fs)
        #expect(none.configPath == "/etc/none/config.json")
        #expect(none.config == RegistryAuth.ConfigFile())
        let broken = InMemoryFileSystem(files: ["/c/config.json": "{"])
        #expect(throws: RegistryAuthError.self) { try RegistryAuth(environment: ["DOCKER_CONFIG": "/c"], fileSystem: broken) }
    }

    @Test func theProjectLockLivesInTheInjectedRuntimeDirectory() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bas-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let environment: Environment = ["XDG_RUNTIME_DIR": dir]
        let lock = try await ProjectLock.acquire(project: "bas-lock", environment: environment)
        #expect(FileManager.default.fileExists(atPath: dir + "/berth-bas-lock.lock"))
        // Held: a second try in the same directory finds it taken; elsewhere it is free.
        #expect(try ProjectLock.tryAcquire(project: "bas-lock", suffix: "", environment: environment) == nil)
        lock.release()
        let again = try ProjectLock.tryAcquire(project: "bas-lock", suffix: "", environment: environment)
        #expect(again != nil)
        again?.release()
    }
}
