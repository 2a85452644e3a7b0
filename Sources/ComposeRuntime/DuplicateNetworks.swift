import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

extension ProjectRunner {
    /// Leaves one network named `name`. dockerd refuses to attach a container to a name that
    /// two networks share ("network … is ambiguous"), and two creates at once can both pass
    /// its duplicate check. It keeps one (one with containers attached, else the oldest, then
    /// the lowest ID, so racers agree) and removes the others, as long as all of them carry this project's label; a duplicate
    /// that is not the project's is an error that names it. A duplicate still in use (a
    /// container of the other racer already joined it) stays, with a warning.
    func settleDuplicateNetworks(name: String) async throws {
        var byName = Filters()
        byName.add("name", name)
        let filters = byName
        let listed = try await call("listing networks named \(name)") { try await self.client.listNetworks(filters: filters) }
        let same = listed.filter { $0.name == name && $0.id != nil }
        guard same.count > 1 else { return }
        if let foreign = same.first(where: { $0.labels?[ComposeLabels.project] != info.project.name }) {
            throw RuntimeError(
                .engine,
                "\(same.count) networks are named \(name), and \(foreign.id!.prefix(12)) was not created for project \(info.project.name); "
                    + "remove the one that is not wanted (docker network rm \(foreign.id!.prefix(12))) and run again")
        }
        // A network list does not say who is attached: inspect each, and keep one in use.
        var inspected: [Network] = []
        for n in same {
            do {
                inspected.append(try await limiter.run { try await self.client.inspectNetwork(n.id!) })
            } catch let e as EngineError where e.isNotFound {
                continue
            } catch {
                throw RuntimeError.engine(error, while: "inspecting network \(name) (\(n.id!.prefix(12)))")
            }
        }
        func key(_ n: Network) -> (Int, String, String) { ((n.containers ?? [:]).isEmpty ? 1 : 0, n.created ?? "", n.id ?? "") }
        let ordered = inspected.sorted { key($0) < key($1) }
        for extra in ordered.dropFirst() {
            let id = extra.id!
            do {
                try await limiter.run { try await self.client.removeNetwork(id) }
                emit("Network \(name)", "Removed a duplicate", .warning, "\(id.prefix(12)), made by a concurrent create")
            } catch let e as EngineError where e.isNotFound {
                continue  // the other racer removed it
            } catch let e as EngineError {
                emit("Network \(name)", "Duplicate still in use", .warning, "\(id.prefix(12)): \(e.message)")
            }
        }
    }

    /// Settles every project network that an earlier race left doubled (see
    /// `settleDuplicateNetworks(name:)`). True when it removed or kept any, so the caller
    /// observes again.
    func settleDuplicateNetworks(in observed: ObservedState) async throws -> Bool {
        var seen = Set<String>(), doubled = Set<String>()
        for n in observed.networks where !seen.insert(n.name).inserted { doubled.insert(n.name) }
        for name in doubled.sorted() { try await settleDuplicateNetworks(name: name) }
        return !doubled.isEmpty
    }
}
