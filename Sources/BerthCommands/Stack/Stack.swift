import ArgumentParser
import ComposeModel
import EngineClient
import Foundation
import StackRuntime
import YAMLSyntax

extension Berth {
    /// `berth stack`: the same compose file on Docker Swarm.
    struct Stack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stack",
            abstract: "Deploy the project to Docker Swarm and manage its stacks.",
            subcommands: [StackDeploy.self, StackLs.self, StackPs.self, StackServices.self, StackRm.self]
        )
    }
}

/// Shared pieces of the stack commands.
enum StackSupport {
    /// A client for the engine, or the engine exit code.
    static func client() throws -> EngineClient { try EngineSession.makeClient() }

    /// Runs an engine operation; a `StackError` or engine failure is printed with its exit code.
    static func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StackError {
            DiagnosticPrinter.write("error: \(error)\n", to: .standardError)
            throw ExitCode.failure
        } catch {
            throw EngineFailure.exit(for: error)
        }
    }

    /// The stack's services, sorted by name.
    static func services(_ stack: String, client: EngineClient) async throws -> [SwarmService] {
        var filters = Filters()
        filters.label(StackLabels.namespace, stack)
        return try await client.listServices(filters: filters).sorted { ($0.spec?.name ?? "") < ($1.spec?.name ?? "") }
    }

    /// Gives a converter diagnostic its `file:line:col` from the merged tree.
    static func locate(_ diagnostic: Diagnostic, in root: Node) -> Diagnostic {
        guard diagnostic.location == nil, !diagnostic.path.isEmpty else { return diagnostic }
        var components: [String] = []
        for part in diagnostic.path.split(separator: ".") {
            if let bracket = part.firstIndex(of: "[") {
                components.append(String(part[..<bracket]))
                components.append(String(part[part.index(after: bracket)...].dropLast()))
            } else {
                components.append(String(part))
            }
        }
        var node = root
        var mark = root.mark
        for component in components {
            if let pairs = node.mapping, let pair = pairs.first(where: { $0.key.scalar == component }) {
                mark = pair.key.mark
                node = pair.value
            } else if let items = node.sequence, let i = Int(component), items.indices.contains(i) {
                node = items[i]
                mark = node.mark
            } else {
                break
            }
        }
        var located = diagnostic
        located.location = SourceLocation(file: mark.file, line: mark.line, column: mark.column)
        return located
    }

    /// Pads columns for a table.
    static func table(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = Array(repeating: 0, count: first.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 3, withPad: " ", startingAt: 0)
            }.joined() + "\n"
        }.joined()
    }

    /// `--format` of the listing commands.
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    /// Prints `rows` to stdout: a JSON array, or a table under `header` with `cells` per row.
    static func printRows<Row: Encodable>(_ rows: [Row], format: Format, header: [String], cells: (Row) -> [String]) {
        let text = format == .json ? json(rows) + "\n" : table([header] + rows.map(cells))
        DiagnosticPrinter.write(text, to: .standardOutput)
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
