import BerthBasics
import ComposePlanner
import EngineClient
import FileWatch
import Foundation

/// The changes of one batch for one service: what to copy in (one tar stream, members named
/// by their container path) and what to delete.
struct SyncBatch: Sendable {
    /// Container path (absolute) → tar member read from the host.
    private(set) var members: [String: BuildContext.Entry] = [:]
    /// Container paths whose host path is gone.
    private(set) var deletions: Set<String> = []
    /// Where the host paths are read.
    let fileSystem: any FileSystem = LocalFileSystem()

    var isEmpty: Bool { members.isEmpty && deletions.isEmpty }
    var count: Int { members.count + deletions.count }

    /// Adds the host path `host` (under `trigger.path`); a directory brings what is under it
    /// that the trigger's filter keeps.
    mutating func add(_ host: String, trigger: WatchTrigger) {
        guard let container = trigger.containerPath(for: host) else { return }
        guard let info = try? fileSystem.metadata(host, followSymlinks: false) else {
            deletions.insert(container)
            for key in members.keys where WatchTrigger.relative(key, to: container) != nil { members[key] = nil }
            return
        }
        deletions.remove(container)
        add(host, container: container, info: info, trigger: trigger)
    }

    private mutating func add(_ host: String, container: String, info: FileMetadata, trigger: WatchTrigger) {
        let mode = info.mode
        let modified = info.modified
        let name = String(container.drop { $0 == "/" })
        switch info.kind {
        case .regular:
            members[container] = BuildContext.Entry(path: name, kind: .file(size: info.size), mode: mode, modified: modified, source: host)
        case .symlink:
            guard let target = info.symlinkTarget else { return }
            members[container] = BuildContext.Entry(path: name, kind: .symlink(target: target), mode: mode, modified: modified)
        case .directory:
            members[container] = BuildContext.Entry(path: name, kind: .directory, mode: mode, modified: modified)
            let children = (try? fileSystem.listDirectory(host)) ?? []
            for child in children.sorted() {
                let childHost = host + "/" + child
                guard let childInfo = try? fileSystem.metadata(childHost, followSymlinks: false) else { continue }
                // An ignored directory may still hold re-included files; plain ignored files are skipped.
                if trigger.filter.ignores(childHost) {
                    guard childInfo.kind == .directory, !trigger.filter.skipsDirectory(childHost) else { continue }
                }
                add(childHost, container: container + "/" + child, info: childInfo, trigger: trigger)
            }
        case .other:
            return
        }
    }

    /// The tar stream of the members, parents before children, owned by `owner`.
    func tar(owner: (uid: Int, gid: Int) = (0, 0)) throws -> [UInt8] {
        let entries = members.keys.sorted().compactMap { members[$0] }
        let producer = TarProducer(directory: "/", entries: entries, chunkSize: 256 * 1024, owner: owner)
        var out: [UInt8] = []
        while let chunk = try producer.nextChunk() { out += chunk }
        return out
    }
}

extension ProjectRunner {
    /// The running containers of `service` (replicas), by name: one list call.
    func runningContainers(of service: String) async throws -> [WatchContainer] {
        var f = Filters()
        f.label(ComposeLabels.project, name)
        f.label(ComposeLabels.service, service)
        f.label(ComposeLabels.oneoff, "False")
        let filters = f
        let list = try await call("listing the containers of service \(service)") { try await self.client.listContainers(all: false, filters: filters) }
        return list.compactMap { c in c.id.map { WatchContainer(id: $0, name: c.plainName ?? $0) } }.sorted { $0.name < $1.name }
    }

    /// Copies `batch` into every container (one tar stream each, at most 16 at once) and
    /// deletes what is gone (see `delete`). Every container is tried; the failures are thrown together.
    /// `users` remembers each container's `user` so a batch costs no inspect once it is known.
    func sync(_ batch: SyncBatch, into containers: [WatchContainer], users: ContainerUsers = ContainerUsers(), tracer: WatchTracer? = nil) async throws {
        guard let first = containers.first else { return }
        // Files belong to the container's user: a numeric `user` goes into the tar headers
        // (the engine's copyUIDGID needs a passwd entry), a name is resolved by the engine.
        let user = try await users.user(of: first) { id in
            try await self.call("inspecting container \(first.name)") { try await self.client.inspectContainer(id).config?.user } ?? ""
        }
        tracer?.mark("inspect")
        let owner = Self.numericOwner(user)
        let uidOnly = owner != nil && !user.contains(":")
        let copyUIDGID = (owner == nil || uidOnly) && !user.isEmpty && user != "root"
        let tar = batch.members.isEmpty ? [] : try batch.tar(owner: uidOnly ? (0, 0) : owner ?? (0, 0))
        // A bare uid without a passwd entry: the engine cannot resolve it, so write it (group 0, as runc does).
        let fallback = uidOnly && !tar.isEmpty ? try batch.tar(owner: owner ?? (0, 0)) : []
        tracer?.mark("tar \(tar.count) B")
        let deletions = batch.deletions.sorted()
        let client = self.client
        defer { tracer?.mark("put+delete in \(containers.count) container(s)") }
        try await forEachBounded(containers, limit: 16) { c in
            if !tar.isEmpty {
                do {
                    try await client.putArchive(c.id, path: "/", tar: tar, copyUIDGID: copyUIDGID)
                } catch let error as EngineError where !fallback.isEmpty && "\(error)".contains("unable to find entry") {
                    try await client.putArchive(c.id, path: "/", tar: fallback)
                }
            }
            if !deletions.isEmpty {
                try await Self.delete(deletions, in: c, user: user, client: client)
            }
        }
    }

    /// `rm -rf` of `paths` in `container`. First as root: the parent directories the archive
    /// API creates are root's, and root may delete anything, unless the container dropped
    /// CAP_DAC_OVERRIDE; then root cannot enter the directories owned by the container's
    /// user, so what is left goes again as that user, and once more as root for the root-owned
    /// entries the user could not remove. A failure after that names the paths.
    static func delete(_ paths: [String], in container: WatchContainer, user: String, client: any EngineAPI) async throws {
        let command = ["rm", "-rf", "--"] + paths
        let users = user.isEmpty || user == "root" || user == "0" || user.hasPrefix("0:") ? ["0"] : ["0", user, "0"]
        var last: ExecResult?
        for u in users {
            let result = try await client.exec(container.id, command, user: u)
            if result.exitCode == 0 { return }
            last = result
        }
        let detail = last.map { "exit \($0.exitCode): \($0.stderr.trimmingCharacters(in: .whitespacesAndNewlines))" } ?? ""
        throw RuntimeError(.other, "deleting \(paths.count) path(s) in \(container.name) failed (\(detail))", container: container.name)
    }

    /// `uid[:gid]` of a numeric `user`, else nil.
    static func numericOwner(_ user: String) -> (uid: Int, gid: Int)? {
        let parts = user.split(separator: ":", maxSplits: 1).map(String.init)
        guard let first = parts.first, let uid = Int(first) else { return nil }
        if parts.count == 2 {
            guard let gid = Int(parts[1]) else { return nil }
            return (uid, gid)
        }
        return (uid, 0)
    }

    /// Runs `body` for each container, at most `limit` at once; every failure is collected.
    func forEachBounded(_ containers: [WatchContainer], limit: Int, _ body: @escaping @Sendable (WatchContainer) async throws -> Void) async throws {
        let gate = AsyncSemaphore(limit)
        let failures: [String] = await withTaskGroup(of: String?.self) { group in
            for c in containers {
                group.addTask {
                    do {
                        try await gate.run { try await body(c) }
                        return nil
                    } catch {
                        return "\(c.name): \(error)"
                    }
                }
            }
            var out: [String] = []
            for await failure in group { if let failure { out.append(failure) } }
            return out.sorted()
        }
        if !failures.isEmpty { throw RuntimeError(.other, failures.joined(separator: "; ")) }
    }

    /// What an initial sync must push for `trigger`: the files under its path whose content
    /// differs from the first container's copy (all of them when the container cannot say).
    func initialSyncBatch(_ trigger: WatchTrigger, containers: [WatchContainer]) async -> SyncBatch {
        var full = SyncBatch()
        full.add(trigger.path, trigger: trigger)
        guard let target = trigger.target, let first = containers.first else { return full }
        let listing = try? await client.exec(first.id, ["find", target, "-type", "f", "-exec", "sha256sum", "{}", "+"])
        guard let listing, listing.exitCode == 0 else { return full }
        var remote: [String: String] = [:]
        for line in listing.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            remote[String(parts[1]).trimmingCharacters(in: .whitespaces)] = String(parts[0])
        }
        var differing = SyncBatch()
        for (path, entry) in full.membersByPath {
            if case .file = entry.kind, let source = entry.source,
               let data = full.fileSystem.contentsIfReadable(source),
               remote[path] == SHA256.hexDigest(Array(data)) {
                continue
            }
            if case .directory = entry.kind, remote.keys.contains(where: { WatchTrigger.relative($0, to: path) != nil }) { continue }
            differing.insert(path, entry)
        }
        return differing
    }
}

extension SyncBatch {
    var membersByPath: [String: BuildContext.Entry] { members }

    mutating func insert(_ containerPath: String, _ entry: BuildContext.Entry) {
        members[containerPath] = entry
    }
}

/// A running container a watch action goes to.
struct WatchContainer: Sendable, Hashable {
    let id: String
    let name: String
}

/// The `user` of each container a watch has synced to, by container ID (a container's user
/// never changes; a recreated container has a new ID).
final class ContainerUsers: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: String] = [:]

    init() {}

    func user(of container: WatchContainer, inspect: (String) async throws -> String) async throws -> String {
        if let user = lock.withLock({ known[container.id] }) { return user }
        let user = try await inspect(container.id)
        lock.withLock { known[container.id] = user }
        return user
    }
}
