import ArgumentParser
import ComposeRuntime
import EngineClient

extension Berth {
    /// `berth port SERVICE PRIVATE_PORT`: the public address of a published port.
    struct Port: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "port", abstract: "Print the public port for a port binding.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "The port's protocol.") var `protocol`: PortProtocol = .tcp
        @Option(help: "Index of the container if service has multiple replicas.") var index: Int = 1
        @Argument(help: "The service.") var service: String
        @Argument(help: "The container port.") var privatePort: Int

        func run() async throws {
            let session = try EngineSession.open(global, progress: .quiet)
            let container = try await session.run {
                try await session.runner.serviceContainer(service, index: index, running: false)
            }
            let matches = (container.ports ?? []).filter {
                $0.privatePort == privatePort && ($0.type ?? "tcp") == self.protocol.rawValue && $0.publicPort != nil
            }
            guard let first = matches.first(where: { !($0.ip ?? "").contains(":") }) ?? matches.first,
                  let publicPort = first.publicPort else {
                DiagnosticPrinter.write(
                    "error: no port \(privatePort)/\(self.protocol) is published for service \"\(service)\" (container \(container.displayName)); publish it with `ports:` in the compose file, or `berth run -p`\n",
                    to: .standardError)
                throw ExitCode.failure
            }
            DiagnosticPrinter.write("\(first.ip ?? "0.0.0.0"):\(publicPort)\n", to: .standardOutput)
        }
    }
}
