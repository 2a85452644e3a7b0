import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import EngineTesting
import Foundation
import Testing

/// A recreate of a container another tool made names its changed fields too: Compose keeps no
/// applied configuration on its containers, so Berth compares the container it would create
/// with what runs.
@Suite(.timeLimit(.minutes(5))) struct ForeignReasonTests {
    static func service(mode: String, command: String, label: String, nofile: Int = 1000, interval: String = "5s") -> String {
        """
        services:
          api:
            image: \(image)
            command: ["sleep", "\(command)"]
            stop_signal: SIGKILL
            environment:
              MODE: \(mode)
              KEEP: same
            labels:
              team: \(label)
            ports: ["127.0.0.1::80"]
            ulimits:
              nofile: \(nofile)
            logging:
              driver: json-file
              options: {max-size: 1m}
            healthcheck:
              test: ["CMD", "true"]
              interval: \(interval)
            sysctls: {net.ipv4.ip_unprivileged_port_start: "0"}
            volumes: ["data:/data", "/tmp:/host-tmp:ro"]
            tmpfs: [/scratch]
        volumes:
          data: {}
        """
    }

    static func recreateReasons(_ plan: Plan) -> [String: String] {
        var out: [String: String] = [:]
        for a in plan.actions {
            if case .recreateContainer(let t, _, _) = a.kind { out[t.name] = a.reason }
        }
        return out
    }

    /// Docker Compose v2 brings the service up; after an edit Berth's plan names the fields.
    @Test func composeV2ContainerAfterAnEdit() async throws {
        #expect(ComposeV2.path != nil, "compose-v2 is not installed (scripts/compose-v2)")
        try await Engine.withProject(.docker) { name, client in
            let first = try Engine.load(Self.service(mode: "a", command: "3600", label: "x"), name: name)
            let file = try #require(first.configFiles.first)
            let dir = (file as NSString).deletingLastPathComponent
            let v2 = try await ComposeV2.runOffThePool(["-p", name, "-f", file, "up", "-d"], in: dir)
            #expect(v2.status == 0, "compose-v2 up: \(v2.stderr)")
            // Unchanged: nothing to do, and nothing inspected needlessly changes that.
            #expect(try await Engine.runner(first, client).plan(PlanOptions()).actions.isEmpty)

            let edited = try Engine.load(Self.service(mode: "b", command: "3601", label: "y"), name: name)
            let plan = try await Engine.runner(edited, client).plan(PlanOptions())
            #expect(Self.recreateReasons(plan) == ["\(name)-api-1": "config changed: command, environment.MODE, labels.team"])

            // Host-side settings: only the ones edited are named.
            let limits = try Engine.load(Self.service(mode: "a", command: "3600", label: "x", nofile: 2000, interval: "7s"), name: name)
            let plan2 = try await Engine.runner(limits, client).plan(PlanOptions())
            #expect(Self.recreateReasons(plan2) == ["\(name)-api-1": "config changed: ulimits, healthcheck"])
        }
    }

    /// The same comparison in memory, on a container made without Berth's applied-config
    /// label (as another tool makes it), for the fields that need no image to compare.
    @Test func containerWithoutAppliedConfigInMemory() async throws {
        try await Engine.withProject(.memory) { name, client in
            let before = try Engine.load(Self.service(mode: "a", command: "3600", label: "x"), name: name)
            try await Engine.runner(before, client).up(UpOptions())
            // Take Berth's record off the container, as if Compose had made it: recreate it
            // from its own create request minus the label.
            let running = try await client.inspectContainer("\(name)-api-1")
            var config = try #require(running.config)
            config.labels?[AppliedConfig.label] = nil
            var request = ContainerCreateRequest(config: config)
            request.hostConfig = running.hostConfig
            try await client.removeContainer(try #require(running.id), force: true)
            let made = try await client.createContainer(name: "\(name)-api-1", platform: nil, request)
            try await client.startContainer(try #require(made.id))

            let edited = try Engine.load(Self.service(mode: "b", command: "3600", label: "x"), name: name)
            let plan = try await Engine.runner(edited, client).plan(PlanOptions())
            #expect(Self.recreateReasons(plan) == ["\(name)-api-1": "config changed: environment.MODE"])
        }
    }
}
