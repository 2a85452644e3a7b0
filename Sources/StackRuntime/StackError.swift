/// Failures of a stack operation, each naming what failed and what to do.
public enum StackError: Error, Sendable, CustomStringConvertible {
    /// The engine is not a swarm manager.
    case notSwarmManager(state: String)
    /// External objects missing on the cluster.
    case missingExternal(kind: String, name: String, path: String)
    /// An external network that is not swarm-scoped.
    case networkNotSwarmScoped(name: String)
    /// Services that did not converge, with the reason for each.
    case notConverged([ServiceFailure])
    /// Engine calls that failed for some services; the others were deployed.
    case partial(failed: [String: String], deployed: [String])

    /// Why one service did not converge.
    public struct ServiceFailure: Sendable, Hashable {
        public var service: String
        public var reason: String
        public var rolledBack: Bool
    }

    public var description: String {
        switch self {
        case .notSwarmManager(let state):
            return "this engine is not a swarm manager (swarm state: \(state)); run `docker swarm init` (or join a swarm as a manager) first"
        case .missingExternal(let kind, let name, let path):
            return "external \(kind) \(name) does not exist on the cluster (\(path)); create it first (docker \(kind) create \(name) …)"
        case .networkNotSwarmScoped(let name):
            return "network \(name) is declared as external, but it is not swarm-scoped (create it with --driver overlay)"
        case .notConverged(let failures):
            return failures.map { f in
                "service \(f.service) failed: \(f.reason)" + (f.rolledBack ? " (rolled back to the previous spec)" : "")
            }.joined(separator: "\n")
        case .partial(let failed, let deployed):
            let lines = failed.keys.sorted().map { "service \($0): \(failed[$0] ?? "")" }
            return "deploy failed for \(failed.count) service(s):\n" + lines.joined(separator: "\n")
                + "\ndeployed: " + (deployed.isEmpty ? "none" : deployed.joined(separator: ", "))
        }
    }
}
