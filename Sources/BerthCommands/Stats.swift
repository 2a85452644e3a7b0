import ArgumentParser
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth stats [SERVICE…]`: live resource usage of the project's containers.
    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats", abstract: "Display a live stream of container(s) resource usage statistics.",
            discussion: "CPU % and memory are computed as `docker stats` computes them (memory without the page cache)."
        )

        typealias Format = TableOrJSON

        @OptionGroup var global: GlobalOptions
        @Flag(name: [.customShort("a"), .long], help: "Show all containers (default shows just running).") var all = false
        @Flag(name: .customLong("no-stream"), help: "Disable streaming stats and only pull the first result.") var noStream = false
        @Flag(name: .customLong("no-trunc"), help: "Do not truncate output.") var noTrunc = false
        @Option(help: "Format output: table or json.") var format: Format = .table
        @Argument(help: "Only these services.") var services: [String] = []

        struct JSONRow: Encodable {
            var BlockIO, CPUPerc, Container, ID, MemPerc, MemUsage, Name, NetIO, PIDs: String
        }

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            let client = session.client
            let containers = try await session.run { try await session.runner.containers(all: all, services: services) }
            let ids = containers.compactMap { c in c.id.map { ($0, c.displayName, c.state == "running") } }
            let rows = RowStore()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (id, name, running) in ids {
                    group.addTask {
                        guard running else {
                            await rows.set(id, StatsRow(id: id, name: name, sample: try Self.emptySample()))
                            return
                        }
                        let stream = try await client.containerStatsSamples(id, stream: !noStream)
                        for try await sample in stream {
                            await rows.set(id, StatsRow(id: id, name: name, sample: sample))
                            if noStream { break }
                        }
                    }
                }
                if noStream {
                    try await group.waitForAll()
                    print(render(await rows.ordered(ids.map(\.0))), terminator: "")
                    return
                }
                group.addTask {
                    let tty = Terminal.stdoutIsTerminal
                    while true {
                        try await Task.sleep(for: .milliseconds(1000))
                        let text = render(await rows.ordered(ids.map(\.0)))
                        DiagnosticPrinter.write((tty ? "\u{1b}[2J\u{1b}[H" : "") + text, to: .standardOutput)
                    }
                }
                try await group.waitForAll()
            }
        }

        static func emptySample() throws -> ContainerStatsSample {
            try JSONDecoder().decode(ContainerStatsSample.self, from: Data("{}".utf8))
        }

        func render(_ rows: [StatsRow]) -> String {
            let id: (String) -> String = { noTrunc ? $0 : String($0.prefix(12)) }
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return rows.map { r in
                    let row = JSONRow(
                        BlockIO: "\(StatsRow.decimalSize(r.blockRead)) / \(StatsRow.decimalSize(r.blockWrite))",
                        CPUPerc: String(format: "%.2f%%", r.cpuPercent), Container: id(r.id), ID: id(r.id),
                        MemPerc: String(format: "%.2f%%", r.memoryPercent),
                        MemUsage: "\(StatsRow.binarySize(r.memoryUsage)) / \(StatsRow.binarySize(r.memoryLimit))",
                        Name: r.name, NetIO: "\(StatsRow.decimalSize(r.networkRx)) / \(StatsRow.decimalSize(r.networkTx))",
                        PIDs: String(r.pids))
                    return ((try? encoder.encode(row)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
                }.joined()
            }
            let header = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"]
            return TextTable.render(header: header, rows: rows.map { r in
                [
                    id(r.id), r.name, String(format: "%.2f%%", r.cpuPercent),
                    "\(StatsRow.binarySize(r.memoryUsage)) / \(StatsRow.binarySize(r.memoryLimit))",
                    String(format: "%.2f%%", r.memoryPercent),
                    "\(StatsRow.decimalSize(r.networkRx)) / \(StatsRow.decimalSize(r.networkTx))",
                    "\(StatsRow.decimalSize(r.blockRead)) / \(StatsRow.decimalSize(r.blockWrite))", String(r.pids),
                ]
            })
        }
    }
}

/// The latest row of each container, shared by the sampling tasks.
private actor RowStore {
    var rows: [String: StatsRow] = [:]
    func set(_ id: String, _ row: StatsRow) { rows[id] = row }
    func ordered(_ ids: [String]) -> [StatsRow] { ids.compactMap { rows[$0] } }
}
