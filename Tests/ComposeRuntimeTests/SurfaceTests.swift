import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite(.timeLimit(.minutes(5)), .enabled(if: EngineKind.dockerSelected)) struct SurfaceTests {
    @Test func anonymousVolumesCarryOverUnlessRenewed() async throws {
        try await Engine.withProject { name, client in
            let info = try Engine.load("services:\n  s:\n" + sleeper("    volumes: [\"/cache\"]"), name: name)
            let c = "\(name)-s-1"
            try await Engine.runner(info, client).up(UpOptions())
            #expect(try await client.exec(c, ["sh", "-c", "echo warm > /cache/f"]).exitCode == 0)
            try await Engine.runner(info, client).up(UpOptions(plan: PlanOptions(forceRecreate: true)))
            #expect(try await client.exec(c, ["cat", "/cache/f"]).stdout == "warm\n")
            try await Engine.runner(info, client).up(UpOptions(plan: PlanOptions(forceRecreate: true, renewAnonVolumes: true)))
            #expect(try await client.exec(c, ["cat", "/cache/f"]).exitCode != 0)
        }
    }

    @Test func severalNetworksAliasesAndStaticAddress() async throws {
        try await Engine.withProject { name, client in
            let octet = Int.random(in: 100...199)
            let yaml = """
            services:
              b:
            \(sleeper())
                networks:
                  front:
                    aliases: [b-front]
                  back:
                    ipv4_address: 172.\(octet).0.10
              a:
            \(sleeper())
                networks: [back]
            networks:
              front: {}
              back:
                ipam:
                  config:
                    - subnet: 172.\(octet).0.0/24
            """
            let info = try Engine.load(yaml, name: name)
            try await Engine.runner(info, client).up(UpOptions())
            let b = try await client.inspectContainer("\(name)-b-1")
            let nets = b.networkSettings?.networks ?? [:]
            #expect(Set(nets.keys) == ["\(name)_front", "\(name)_back"])
            #expect(nets["\(name)_back"]?.ipAddress == "172.\(octet).0.10")
            #expect(nets["\(name)_front"]?.aliases?.contains("b-front") == true)
            let ping = try await client.exec("\(name)-a-1", ["ping", "-c", "1", "-W", "2", "b"])
            #expect(ping.exitCode == 0)
            #expect(ping.stdout.contains("172.\(octet).0.10"))
        }
    }

    @Test func builtImageNameAndRemoveLocalImages() async throws {
        try await Engine.withProject { name, client in
            try await client.tagImage(image, repository: "\(name)-s", tag: "latest")
            let yaml = """
            services:
              s:
                build: .
                command: ["sleep", "3600"]
                stop_signal: SIGKILL
              t:
            \(sleeper())
            """
            let info = try Engine.load(yaml, name: name)
            let runner = Engine.runner(info, client)
            try await runner.up(UpOptions())
            #expect(try await client.inspectContainer("\(name)-s-1").config?.image == "\(name)-s")
            try await runner.down(DownOptions(timeout: 0))
            try await runner.removeImages(.local)
            await #expect(throws: EngineError.self) { try await client.inspectImage("\(name)-s") }
            #expect(try await client.inspectImage(image).id != nil)
        }
    }

    @Test func changedNetworkIsRecreatedWithItsContainers() async throws {
        try await Engine.withProject { name, client in
            func yaml(_ v: String) -> String {
                "services:\n  s:\n" + sleeper() + "\nnetworks:\n  default:\n    labels:\n      version: \"\(v)\"\n"
            }
            try await Engine.runner(try Engine.load(yaml("1"), name: name), client).up(UpOptions())
            let before = try await client.inspectNetwork("\(name)_default")
            let plan = try await Engine.runner(try Engine.load(yaml("2"), name: name), client).up(UpOptions())
            #expect(plan.actions.map(\.verb) == ["stop", "remove", "remove", "create", "create", "start"])
            let after = try await client.inspectNetwork("\(name)_default")
            #expect(after.id != before.id)
            #expect(after.labels?["version"] == "2")
            let c = try await client.inspectContainer("\(name)-s-1")
            #expect(c.state?.running == true)
            #expect(c.networkSettings?.networks?["\(name)_default"]?.networkID == after.id)
        }
    }

    @Test func externalNetworkAndVolumeAreUsedButNeverRemoved() async throws {
        try await Engine.withProject { name, client in
            var n = NetworkCreateRequest()
            n.name = "\(name)-ext"
            _ = try await client.createNetwork(n)
            var v = VolumeCreateRequest()
            v.name = "\(name)-extvol"
            _ = try await client.createVolume(v)
            let yaml = """
            services:
              s:
            \(sleeper())
                networks: [outside]
                volumes: ["shared:/shared"]
            networks:
              outside:
                name: \(name)-ext
                external: true
            volumes:
              shared:
                name: \(name)-extvol
                external: true
            """
            let runner = Engine.runner(try Engine.load(yaml, name: name), client)
            try await runner.up(UpOptions())
            let c = try await client.inspectContainer("\(name)-s-1")
            #expect(c.networkSettings?.networks?.keys.contains("\(name)-ext") == true)
            #expect(c.mounts?.contains { $0.name == "\(name)-extvol" } == true)
            try await runner.down(DownOptions(removeVolumes: true, timeout: 0))
            #expect(try await client.inspectNetwork("\(name)-ext").name == "\(name)-ext")
            #expect(try await client.inspectVolume("\(name)-extvol").name == "\(name)-extvol")
            try await client.removeNetwork("\(name)-ext")
            try await client.removeVolume("\(name)-extvol")
        }
    }

    @Test func restartTakesRestartTrueDependentsAlong() async throws {
        try await Engine.withProject { name, client in
            let yaml = """
            services:
              db:
            \(sleeper())
              web:
            \(sleeper())
                depends_on:
                  db: {condition: service_started, restart: true}
              other:
            \(sleeper())
                depends_on: [db]
            """
            let runner = Engine.runner(try Engine.load(yaml, name: name), client)
            try await runner.up(UpOptions())
            func started(_ s: String) async throws -> String? {
                try await client.inspectContainer("\(name)-\(s)-1").state?.startedAt
            }
            let web = try await started("web"), other = try await started("other"), db = try await started("db")
            try await runner.restart(services: ["db"], timeout: 0)
            #expect(try await started("db") != db)
            #expect(try await started("web") != web)
            #expect(try await started("other") == other)
        }
    }
}
