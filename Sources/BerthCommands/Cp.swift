import ArgumentParser
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth cp`: copy files between a service container and the local file system.
    struct Cp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cp",
            abstract: "Copy files/folders between a service container and the local filesystem.",
            usage: """
                berth cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-
                berth cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH
                """,
            discussion: """
                Streams through the engine's archive API: nothing is held in memory whole, whatever \
                the size of the tree. `-` as the source reads a tar from stdin; `-` as the \
                destination writes the tar to stdout.

                Ownership is the receiving side's, as docker cp documents it: files copied into a \
                container belong to root, files copied out belong to you. `-a` keeps the uid and \
                gid of the source instead, in both directions.
                """
        )

        @OptionGroup var global: GlobalOptions
        @Option(help: "Index of the container if service has multiple replicas.") var index: Int = 1
        @Flag(help: "Include containers of every replica (copying into them).") var all = false
        @Flag(name: [.customShort("a"), .customLong("archive")], help: "Archive mode (copy all uid/gid information).") var archive = false
        @Flag(name: [.customShort("L"), .customLong("follow-link")], help: "Always follow symbol link in SRC_PATH.") var followLink = false
        @Argument(help: "SERVICE:SRC_PATH or SRC_PATH (or - for a tar on stdin).") var source: String
        @Argument(help: "DEST_PATH (or - for a tar on stdout) or SERVICE:DEST_PATH.") var destination: String

        static func split(_ arg: String) -> (service: String, path: String)? {
            guard !arg.hasPrefix("/"), !arg.hasPrefix("."), let colon = arg.firstIndex(of: ":") else { return nil }
            return (String(arg[..<colon]), String(arg[arg.index(after: colon)...]))
        }

        func run() async throws {
            let from = Self.split(source), to = Self.split(destination)
            if from != nil && to != nil { throw ValidationError("copying between containers is not supported") }
            if from == nil && to == nil { throw ValidationError("one of the paths must name a service: SERVICE:PATH") }
            let session = try EngineSession.open(global, progress: .quiet)
            let client = session.client
            let runner = session.runner
            try await session.run {
                if let from {
                    let c = try await runner.serviceContainer(from.service, index: index, running: false)
                    guard let id = c.id else { return }
                    let name = c.displayName
                    if destination == "-" {
                        let stream = try await ContainerCopy.tarFromContainer(client: client, id: id, container: name, source: from.path, followLink: followLink)
                        for try await chunk in stream { StdioPump.write(chunk, to: STDOUT_FILENO) }
                    } else {
                        try await ContainerCopy.fromContainer(
                            client: client, id: id, container: name, source: from.path,
                            destination: PathResolution.absolute(destination), followLink: followLink, keepOwner: archive)
                    }
                } else if let to {
                    var targets = [try await runner.serviceContainer(to.service, index: index, running: false)]
                    if all { targets = try await runner.serviceContainers(to.service) }
                    if source == "-" && targets.count > 1 { throw ValidationError("a tar on stdin can be copied into one container only") }
                    for c in targets {
                        guard let id = c.id else { continue }
                        if source == "-" {
                            let stdin = AsyncStream<[UInt8]> { continuation in
                                Task {
                                    for await chunk in StdioPump.readStdin() {
                                        guard let chunk else { break }
                                        continuation.yield(chunk)
                                    }
                                    continuation.finish()
                                }
                            }
                            try await ContainerCopy.tarToContainer(client: client, id: id, destination: to.path, chunks: stdin)
                        } else {
                            try await ContainerCopy.toContainer(
                                client: client, id: id, container: c.displayName, source: PathResolution.absolute(source),
                                destination: to.path, followLink: followLink, keepOwner: archive)
                        }
                    }
                }
            }
        }
    }
}
