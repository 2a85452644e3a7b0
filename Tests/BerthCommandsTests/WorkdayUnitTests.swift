@testable import BerthCommands
import ComposeRuntime
import EngineClient
import Foundation
import Testing

@Suite("workday helpers without an engine")
struct WorkdayUnitTests {
    @Test(arguments: [
        ("exce", "exec"), ("statz", "stats"), ("dwon", "down"), ("vol", "volumes"), ("comp", "completion"),
    ])
    func nearestCommand(typo: String, expected: String) {
        let names = Berth.configuration.subcommands.compactMap { $0.configuration.commandName }
        #expect(UnknownSubcommand.nearest(to: typo, in: names) == expected)
    }

    @Test func farFromEveryCommandSuggestsNothing() {
        #expect(UnknownSubcommand.nearest(to: "zzzzzzzzzz", in: ["exec", "run"]) == nil)
    }

    @Test func detachKeys() {
        #expect(StdioPump.parseDetachKeys("ctrl-p,ctrl-q") == [16, 17])
        #expect(StdioPump.parseDetachKeys("ctrl-@,a") == [0, 97])
        #expect(StdioPump.parseDetachKeys("ctrl-pq") == nil)
    }

    @Test func shellWords() {
        #expect(ShellWords.split(#"sh -c 'echo "a b"' x\ y"#) == ["sh", "-c", #"echo "a b""#, "x y"])
        #expect(ShellWords.split("") == [])
    }

    @Test func environmentArguments() {
        #expect(EnvironmentArguments.resolve(["A=1", "B", "C"], environment: ["B": "two"]) == ["A=1", "B=two"])
    }

    @Test func statsAsDockerComputesThem() throws {
        let json = """
            {"cpu_stats":{"cpu_usage":{"total_usage":400000000},"system_cpu_usage":20000000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":200000000},"system_cpu_usage":18000000000},
             "memory_stats":{"usage":104857600,"limit":1073741824,"stats":{"inactive_file":52428800}},
             "networks":{"eth0":{"rx_bytes":1500,"tx_bytes":500},"eth1":{"rx_bytes":500,"tx_bytes":0}},
             "blkio_stats":{"io_service_bytes_recursive":[{"op":"read","value":4096},{"op":"write","value":8192},{"op":"Read","value":4096}]},
             "pids_stats":{"current":3}}
            """
        let sample = try EngineJSONDecoder().decode(ContainerStatsSample.self, from: Array(json.utf8))
        let row = StatsRow(id: "x", name: "p-web-1", sample: sample)
        #expect(abs(row.cpuPercent - 20.0) < 0.0001)
        #expect(row.memoryUsage == 52_428_800)
        #expect(abs(row.memoryPercent - 4.8828125) < 0.0001)
        #expect(row.networkRx == 2000 && row.networkTx == 500)
        #expect(row.blockRead == 8192 && row.blockWrite == 8192)
        #expect(row.pids == 3)
        #expect(StatsRow.binarySize(52_428_800) == "50MiB")
        #expect(StatsRow.binarySize(1_073_741_824) == "1GiB")
        #expect(StatsRow.decimalSize(2000) == "2kB")
        #expect(StatsRow.decimalSize(0) == "0B")
    }
}
