import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// An attached `up` ends when its containers do, also when one exits in the moment between
/// dockerd's answer to the events request and its subscription (the in-memory engine keeps
/// dockerd's order: answer, then subscribe).
@Suite(.timeLimit(.minutes(5))) struct AttachedRunTests {
    static let yaml = "services:\n  server:\n" + sleeper() + "\n  job:\n" + sleeper()

    func outcome(_ policy: AttachedPolicy, gap: Duration?) async throws -> AttachedOutcome? {
        var result: AttachedOutcome?
        try await Engine.withProject(.memory) { name, client in
            let memory = try #require(client.memory)
            await memory.setScript { container, _ in container.hasSuffix("-job-1") ? .exits(3, after: .milliseconds(100)) : .longRunning }
            await memory.setSubscribesLate(gap)
            let info = try Engine.load(Self.yaml, name: name)
            let runner = Engine.runner(info, client)
            try await runner.up(UpOptions())
            // Bounded: a missed exit would otherwise wait for ever.
            result = try await runner.waitAttached(policy) { try? await Task.sleep(for: .seconds(10)) }
        }
        return result
    }

    @Test func anExitInTheSubscriptionGapIsSeen() async throws {
        let o = try await outcome(AttachedPolicy(exitCodeFrom: "job"), gap: .milliseconds(500))
        if case .aborted(let container, let code)? = o {
            #expect(container.hasSuffix("-job-1"))
            #expect(code == 3)
        } else {
            Issue.record("expected an abort on job-1, got \(String(describing: o))")
        }
    }

    @Test func withoutAGapTheSame() async throws {
        let o = try await outcome(AttachedPolicy(abortOnFailure: true), gap: nil)
        if case .aborted(let container, let code)? = o {
            #expect(container.hasSuffix("-job-1"))
            #expect(code == 3)
        } else {
            Issue.record("expected an abort on job-1, got \(String(describing: o))")
        }
    }
}
