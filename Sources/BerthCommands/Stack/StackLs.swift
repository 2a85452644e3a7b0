import ArgumentParser
import EngineClient
import Foundation
import StackRuntime

extension Berth {
    /// `berth stack ls`: stacks on the swarm (Berth's and `docker stack`'s).
    struct StackLs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List stacks.")

        @Option(help: "Output format: table or json.") var format: StackSupport.Format = .table

        struct Row: Encodable {
            var Name: String
            var Services: Int
        }

        func run() async throws {
            let client = try StackSupport.client()
            let services = try await StackSupport.run {
                var filters = Filters()
                filters.label(StackLabels.namespace)
                return try await client.listServices(filters: filters, status: false)
            }
            var counts: [String: Int] = [:]
            for service in services {
                if let stack = service.spec?.labels?[StackLabels.namespace] { counts[stack, default: 0] += 1 }
            }
            let rows = counts.keys.sorted().map { Row(Name: $0, Services: counts[$0] ?? 0) }
            StackSupport.printRows(rows, format: format, header: ["NAME", "SERVICES"]) { [$0.Name, String($0.Services)] }
        }
    }

    /// `berth stack services STACK`.
    struct StackServices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "services", abstract: "List the services of a stack.")

        @Option(help: "Output format: table or json.") var format: StackSupport.Format = .table
        @Argument(help: "Stack name.") var stack: String

        struct Row: Encodable {
            var ID: String
            var Name: String
            var Mode: String
            var Replicas: String
            var Image: String
            var Ports: String
        }

        func run() async throws {
            let client = try StackSupport.client()
            let services = try await StackSupport.run { try await StackSupport.services(stack, client: client) }
            let rows = services.map { service -> Row in
                let mode = service.spec?.mode
                let modeName = mode?.global != nil ? "global" : mode?.replicatedJob != nil ? "replicated job" : mode?.globalJob != nil ? "global job" : "replicated"
                let status = service.serviceStatus
                let replicas = mode?.replicatedJob != nil || mode?.globalJob != nil
                    ? "\(status?.completedTasks ?? 0)/\(mode?.replicatedJob?.totalCompletions ?? status?.desiredTasks ?? 0) (completed)"
                    : "\(status?.runningTasks ?? 0)/\(status?.desiredTasks ?? 0)"
                let ports = (service.spec?.endpointSpec?.ports ?? []).map {
                    "*:\($0.publishedPort.map(String.init) ?? "")->\($0.targetPort.map(String.init) ?? "")/\($0.protocol ?? "tcp")"
                }.joined(separator: ", ")
                return Row(
                    ID: String((service.id ?? "").prefix(12)), Name: service.spec?.name ?? "", Mode: modeName, Replicas: replicas,
                    Image: service.spec?.taskTemplate?.containerSpec?.image ?? "", Ports: ports)
            }
            StackSupport.printRows(rows, format: format, header: ["ID", "NAME", "MODE", "REPLICAS", "IMAGE", "PORTS"]) {
                [$0.ID, $0.Name, $0.Mode, $0.Replicas, $0.Image, $0.Ports]
            }
        }
    }

    /// `berth stack ps STACK`: the stack's tasks.
    struct StackPs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ps", abstract: "List the tasks of a stack.")

        @Option(help: "Output format: table or json.") var format: StackSupport.Format = .table
        @Argument(help: "Stack name.") var stack: String

        struct Row: Encodable {
            var ID: String
            var Name: String
            var Image: String
            var Node: String
            var DesiredState: String
            var CurrentState: String
            var Error: String
            var ExitCode: Int?
        }

        func run() async throws {
            let client = try StackSupport.client()
            let (services, tasks, nodes) = try await StackSupport.run {
                let services = try await StackSupport.services(stack, client: client)
                let ids = services.compactMap(\.id)
                let tasks = ids.isEmpty ? [] : try await client.listTasks(filters: Filters(["service": ids]))
                return (services, tasks, try await client.listNodes())
            }
            let names = Dictionary(services.compactMap { s in s.id.map { ($0, s.spec?.name ?? "") } }, uniquingKeysWith: { a, _ in a })
            let hosts = Dictionary(nodes.compactMap { n in n.id.map { ($0, n.description?.hostname ?? "") } }, uniquingKeysWith: { a, _ in a })
            let rows = tasks.map { task -> Row in
                let service = names[task.serviceID ?? ""] ?? ""
                let name = task.slot.map { "\(service).\($0)" } ?? "\(service).\(task.nodeID ?? "")"
                return Row(
                    ID: String((task.id ?? "").prefix(12)), Name: name, Image: task.spec?.containerSpec?.image ?? "",
                    Node: hosts[task.nodeID ?? ""] ?? "", DesiredState: task.desiredState ?? "", CurrentState: task.status?.state ?? "",
                    Error: task.status?.err ?? "", ExitCode: task.status?.containerStatus?.exitCode)
            }.sorted { ($0.Name, $0.DesiredState) < ($1.Name, $1.DesiredState) }
            StackSupport.printRows(rows, format: format, header: ["ID", "NAME", "IMAGE", "NODE", "DESIRED STATE", "CURRENT STATE", "ERROR"]) {
                [$0.ID, $0.Name, $0.Image, $0.Node, $0.DesiredState, $0.CurrentState, $0.Error]
            }
        }
    }

    /// `berth stack rm STACK`: remove its services, networks, secrets and configs.
    struct StackRm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rm", abstract: "Remove a stack: its services, networks, secrets and configs (not volumes).")

        @Argument(help: "Stack names.") var stacks: [String]

        func run() async throws {
            let client = try StackSupport.client()
            for stack in stacks {
                let say: @Sendable (String) -> Void = { DiagnosticPrinter.write($0 + "\n", to: .standardError) }
                let removed = try await StackSupport.run { try await StackDeployer(client: client, stack: stack, progress: say).remove() }
                if removed == 0 { say("nothing found in stack: \(stack)") }
            }
        }
    }
}
