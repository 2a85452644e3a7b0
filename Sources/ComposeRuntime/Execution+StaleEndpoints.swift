import EngineClient

extension Execution {
    /// A network the engine refuses to remove because it "has active endpoints".
    ///
    /// dockerd 20.10 can keep an endpoint after its container is removed (seen after parallel
    /// removals); the network then lists no container, yet refuses removal until the engine
    /// restarts. The endpoint carries its container's name, and a forced disconnect by a name that
    /// no longer resolves to a container deletes the endpoint itself. So: every endpoint whose
    /// container is gone — those the network lists and those named after the project's removed
    /// containers — is force-disconnected, and the removal tried again. Containers that still
    /// exist and are not the project's are never touched: they are named, with the command that
    /// frees the network.
    func removeNetworkInUse(name: String, id: String, refusal: EngineError) async throws {
        let resource = "Network \(name)"
        var foreign: [String] = []
        var cleared = 0
        if let network = try? await client.inspectNetwork(id) {
            var candidates = Set(observedNames)
            for (containerID, endpoint) in network.containers ?? [:] {
                let endpointName = endpoint.name ?? containerID
                if await containerExists(containerID) {
                    foreign.append(endpointName)
                } else {
                    candidates.insert(endpointName)
                    candidates.insert(containerID)
                }
            }
            if foreign.isEmpty {
                for candidate in candidates.sorted() where await !containerExists(candidate) {
                    if (try? await client.disconnectNetwork(id, container: candidate, force: true)) != nil { cleared += 1 }
                }
                do {
                    try await client.removeNetwork(id)
                    emit(resource, "Removed", .done, cleared > 0 ? "cleared \(cleared) stale endpoint(s) the engine kept" : nil)
                    return
                } catch let e as EngineError where e.isNotFound {
                    emit(resource, "Removed")
                    return
                } catch {}
            }
        }
        let detail: String
        if !foreign.isEmpty {
            let names = foreign.sorted()
            detail = """
                \(refusal.message)
                still connected, not part of project \(runner.name): \(names.joined(separator: ", "))
                disconnect \(names.count == 1 ? "it" : "them") and run `berth down` again: \
                docker network disconnect \(name) \(names[0])
                """
        } else {
            detail = """
                \(refusal.message)
                no container uses it: the engine kept a stale endpoint (a dockerd fault after parallel \
                removals) and would not release it even when forced.
                only an engine restart clears it: sudo systemctl restart docker (or restart dockerd), \
                then run `berth down` again
                """
        }
        emit(resource, "Resource is still in use", .warning, detail)
    }

    private func containerExists(_ reference: String) async -> Bool {
        do {
            _ = try await client.inspectContainer(reference)
            return true
        } catch let e as EngineError where e.isNotFound {
            return false
        } catch {
            return true  // unknown: treat as present, so it is never force-disconnected
        }
    }
}
