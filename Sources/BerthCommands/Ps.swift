import ArgumentParser
import ComposeLoader
import ComposeModel
import ComposePlanner
import ComposeRuntime
import EngineClient
import Foundation

extension Berth {
    /// `berth ps`: the project's containers.
    struct Ps: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ps", abstract: "List the project's containers."
        )

        typealias Format = TableOrJSON

        @OptionGroup var global: GlobalOptions
        @Flag(name: [.customShort("a"), .long], help: "Show all stopped containers too.") var all = false
        @Flag(name: [.customShort("q"), .long], help: "Only display IDs.") var quiet = false
        @Flag(help: "Display services.") var services = false
        @Option(help: "Filter by status: paused, restarting, removing, running, dead, created, exited (repeatable).") var status: [String] = []
        @Option(help: "Output format: table or json.") var format: Format = .table
        @Argument(help: "Only these services.") var serviceNames: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: serviceNames, progress: .quiet)
            var containers = try await session.run {
                try await session.runner.containers(all: all || !status.isEmpty, services: serviceNames, oneOffs: true)
            }
            if !status.isEmpty {
                containers = containers.filter { status.contains($0.state ?? "") }
            }
            containers.sort { $0.displayName < $1.displayName }
            var out = ""
            if quiet {
                out = containers.compactMap(\.id).map { $0 + "\n" }.joined()
            } else if services {
                out = Set(containers.compactMap { $0.labels?[ComposeLabels.service] }).sorted().map { $0 + "\n" }.joined()
            } else if format == .json {
                out = try ContainerRow.json(containers)
            } else {
                out = ContainerRow.table(containers)
            }
            DiagnosticPrinter.write(out, to: .standardOutput)
        }
    }

    /// `berth ls`: projects found through their containers' labels.
    struct Ls: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List running compose projects (Berth's and Docker Compose's)."
        )

        typealias Format = TableOrJSON

        @Flag(name: [.customShort("a"), .long], help: "Show all stopped projects too.") var all = false
        @Flag(name: [.customShort("q"), .long], help: "Only display project names.") var quiet = false
        @Option(help: "Output format: table or json.") var format: Format = .table

        func run() async throws {
            let client = try EngineSession.makeClient()
            let projects: [ProjectSummary]
            do {
                projects = try await ProjectRunner.projects(client: client, all: all)
            } catch {
                throw EngineFailure.exit(for: error)
            }
            var out = ""
            if quiet {
                out = projects.map { $0.name + "\n" }.joined()
            } else if format == .json {
                let items = projects.map { ["Name": $0.name, "Status": $0.status, "ConfigFiles": $0.configFiles] }
                let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                out = String(decoding: data, as: UTF8.self) + "\n"
            } else {
                out = TextTable.render(header: ["NAME", "STATUS", "CONFIG FILES"], rows: projects.map { [$0.name, $0.status, $0.configFiles] })
            }
            DiagnosticPrinter.write(out, to: .standardOutput)
        }
    }

    /// `berth logs`: the containers' output.
    struct Logs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logs", abstract: "View output from containers."
        )

        @OptionGroup var global: LongFileOptions
        @Flag(name: [.customShort("f"), .long], help: "Follow log output.") var follow = false
        @Option(name: [.customShort("n"), .long], help: "Number of lines to show from the end of the logs (or 'all').") var tail: String = "all"
        @Option(help: "Show logs since timestamp or relative (e.g. 42m).") var since: String?
        @Option(help: "Show logs before a timestamp or relative (e.g. 42m).") var until: String?
        @Flag(name: [.customShort("t"), .long], help: "Show timestamps.") var timestamps = false
        @Flag(name: .customLong("no-color"), help: "Produce monochrome output.") var noColor = false
        @Flag(name: .customLong("no-log-prefix"), help: "Don't print prefix in logs.") var noLogPrefix = false
        @Argument var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            let printer = LogPrinter(color: !noColor && LogPrinter.colorAllowed, prefix: !noLogPrefix, timestamps: timestamps)
            let options = LogOptions(follow: follow, since: since, until: until, timestamps: timestamps, tail: tail)
            let interrupts = InterruptMonitor()
            try await session.run {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await line in try await session.runner.logs(services: services, options: options) {
                            printer.print(line)
                        }
                    }
                    group.addTask { await interrupts.first() }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        }
    }
}

/// Rows of `ps`.
enum ContainerRow {
    static func ports(_ c: ContainerSummary) -> String {
        guard let list = c.ports, !list.isEmpty else { return "" }
        let sorted = list.count == 1 ? list : list.sorted {
            ($0.privatePort ?? 0, $0.publicPort ?? 0) < ($1.privatePort ?? 0, $1.publicPort ?? 0)
        }
        var seen: Set<String> = []
        var shown: [String] = []
        for p in sorted {
            let proto = p.type ?? "tcp"
            let text: String
            if let pub = p.publicPort {
                let ip = p.ip ?? "0.0.0.0"
                let host = ip.contains(":") ? "[\(ip)]" : ip
                text = "\(host):\(pub)->\(p.privatePort ?? 0)/\(proto)"
            } else {
                text = "\(p.privatePort ?? 0)/\(proto)"
            }
            if seen.insert(text).inserted { shown.append(text) }
        }
        return shown.joined(separator: ", ")
    }

    /// The exit code in a summary's status text (`Exited (3) 2 seconds ago`).
    static func exitCode(_ c: ContainerSummary) -> Int {
        c.exitCodeFromStatus
    }

    static func created(_ c: ContainerSummary, now: Date = Date()) -> String {
        guard let t = c.created else { return "" }
        let seconds = max(0, Int(now.timeIntervalSince1970) - Int(t))
        switch seconds {
        case ..<60: return "\(seconds) seconds ago"
        case ..<3600: return "\(seconds / 60) minutes ago"
        case ..<86400: return "\(seconds / 3600) hours ago"
        default: return "\(seconds / 86400) days ago"
        }
    }

    static func table(_ containers: [ContainerSummary]) -> String {
        TextTable.render(
            header: ["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"],
            rows: containers.map { c in
                let command = c.command ?? ""
                let shown = command.count > 20 ? String(command.prefix(19)) + "…" : command
                return [c.displayName, c.image ?? "", "\"\(shown)\"", c.labels?[ComposeLabels.service] ?? "", created(c), c.status ?? "", ports(c)]
            }
        )
    }

    struct JSONRow: Encodable {
        var ID, Name, Image, Command, Project, Service, State, Status, Health, Ports: String
        var Names: [String]
        var CreatedAt: String
        var ExitCode: Int
        var Labels: [String: String]
        var Publishers: [Publisher]
    }

    struct Publisher: Encodable {
        var URL: String
        var TargetPort: Int
        var PublishedPort: Int
        var `Protocol`: String
    }

    static func json(_ containers: [ContainerSummary]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try containers.map { c in
            let status = c.status ?? ""
            let health = status.contains("(healthy)") ? "healthy" : status.contains("(unhealthy)") ? "unhealthy"
                : status.contains("(health: starting)") ? "starting" : ""
            let exit = exitCode(c)
            let row = JSONRow(
                ID: c.id ?? "", Name: c.displayName, Image: c.image ?? "", Command: c.command ?? "",
                Project: c.labels?[ComposeLabels.project] ?? "", Service: c.labels?[ComposeLabels.service] ?? "",
                State: c.state ?? "", Status: status, Health: health, Ports: ports(c),
                Names: [c.displayName], CreatedAt: c.created.map { String($0) } ?? "", ExitCode: exit, Labels: c.labels ?? [:],
                Publishers: (c.ports ?? []).map {
                    Publisher(URL: $0.ip ?? "", TargetPort: $0.privatePort ?? 0, PublishedPort: $0.publicPort ?? 0, Protocol: $0.type ?? "tcp")
                }
            )
            return String(decoding: try encoder.encode(row), as: UTF8.self) + "\n"
        }.joined()
    }
}

/// A plain text table with columns padded to their widest cell, as `docker` prints them.
enum TextTable {
    /// Columns padded to their widest cell (counted in characters) and separated by three
    /// spaces; the last column is not padded. Built in one string, without Foundation's
    /// `padding(toLength:)` (which bridges every cell through NSString).
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        var lengths: [[Int]] = []
        lengths.reserveCapacity(rows.count)
        for row in rows {
            var counts: [Int] = []
            counts.reserveCapacity(row.count)
            for (i, cell) in row.enumerated() {
                let n = cell.count
                counts.append(n)
                if i < widths.count { widths[i] = max(widths[i], n) }
            }
            lengths.append(counts)
        }
        var out = ""
        // Every line is at most the padded widths and separators (in characters; more bytes
        // only for non-ASCII cells, when the string grows as usual).
        out.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + 3 * widths.count + 1))
        func line(_ cells: [String], _ counts: [Int]) {
            for (i, cell) in cells.enumerated() {
                if i > 0 { out += "   " }
                out += cell
                if i < cells.count - 1, i < widths.count, counts[i] < widths[i] {
                    out += String(repeating: " ", count: widths[i] - counts[i])
                }
            }
            out += "\n"
        }
        line(header, header.map(\.count))
        for (row, counts) in zip(rows, lengths) { line(row, counts) }
        return out
    }
}
