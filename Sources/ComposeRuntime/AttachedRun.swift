import ComposeModel
import ComposePlanner
import EngineClient
import Foundation

/// How an attached `up` ended. The CLI maps it to an exit status in one place.
public enum AttachedOutcome: Sendable, Hashable {
    /// Every container stopped by itself. `exitCode` is the `--exit-code-from` service's, else 0.
    case allStopped(exitCode: Int32)
    /// `--abort-on-container-exit` or `--abort-on-container-failure`: `container` exited.
    /// `exitCode` is the `--exit-code-from` service's when given, else that container's.
    case aborted(container: String, exitCode: Int32)
    /// The user interrupted (Ctrl-C).
    case interrupted
}

/// When an attached `up` stops waiting.
public struct AttachedPolicy: Sendable, Hashable {
    /// `--abort-on-container-exit` (implied by `--exit-code-from`).
    public var abortOnExit = false
    /// `--abort-on-container-failure`.
    public var abortOnFailure = false
    /// `--exit-code-from SERVICE`.
    public var exitCodeFrom: String?

    public init(abortOnExit: Bool = false, abortOnFailure: Bool = false, exitCodeFrom: String? = nil) {
        self.abortOnExit = abortOnExit || exitCodeFrom != nil
        self.abortOnFailure = abortOnFailure
        self.exitCodeFrom = exitCodeFrom
    }
}

extension ContainerSummary {
    /// The exit code in an exited container's status (`Exited (3) 2 seconds ago`), else 0.
    public var exitCodeFromStatus: Int {
        let status = self.status ?? ""
        guard let open = status.range(of: "Exited ("), let close = status[open.upperBound...].firstIndex(of: ")") else { return 0 }
        return Int(status[open.upperBound..<close]) ?? 0
    }
}

extension ProjectRunner {
    /// Waits, after an attached `up` has started the project, until every container has stopped,
    /// until one exits when `policy` aborts on it, or until `interrupted` returns — whichever
    /// comes first. Subscribes before it looks, so an exit before the subscription is counted
    /// from the list and a later one from the events.
    public func waitAttached(_ policy: AttachedPolicy, interrupted: @escaping @Sendable () async -> Void) async throws -> AttachedOutcome {
        try await withThrowingTaskGroup(of: AttachedOutcome.self) { group in
            group.addTask { try await self.waitForExits(policy) }
            group.addTask {
                await interrupted()
                return .interrupted
            }
            let outcome = try await group.next() ?? .allStopped(exitCode: 0)
            group.cancelAll()
            return outcome
        }
    }

    private func waitForExits(_ policy: AttachedPolicy) async throws -> AttachedOutcome {
        let exits = try await self.exits()
        let listed = try await containers(all: true, services: [])
        var running = Set(listed.filter { $0.state == "running" }.map { $0.displayName })
        var code: Int32 = 0
        func handle(_ exit: ContainerExit) -> AttachedOutcome? {
            running.remove(exit.container)
            let exitCode = Int32(truncatingIfNeeded: exit.exitCode)
            if policy.exitCodeFrom == exit.service { code = exitCode }
            if policy.abortOnExit || (policy.abortOnFailure && exit.exitCode != 0) {
                return .aborted(container: exit.container, exitCode: policy.exitCodeFrom == nil ? exitCode : code)
            }
            return running.isEmpty ? .allStopped(exitCode: code) : nil
        }
        for c in listed where c.state == "exited" || c.state == "dead" {
            let exit = ContainerExit(container: c.displayName, service: c.labels?[ComposeLabels.service] ?? "", exitCode: c.exitCodeFromStatus)
            if let done = handle(exit) { return done }
        }
        if running.isEmpty { return .allStopped(exitCode: code) }
        for try await exit in exits {
            if let done = handle(exit) { return done }
        }
        return .allStopped(exitCode: code)
    }
}
