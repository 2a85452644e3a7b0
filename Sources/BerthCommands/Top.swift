import ArgumentParser
import ComposeRuntime
import EngineClient

extension Berth {
    /// `berth top [SERVICE…]`: the processes of each running container.
    struct Top: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "top", abstract: "Display the running processes.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only these services.") var services: [String] = []

        func run() async throws {
            let session = try EngineSession.open(global, services: services, progress: .quiet)
            let client = session.client
            let tops = try await session.run {
                let containers = try await session.runner.containers(all: false, services: services)
                    .filter { $0.state == "running" }
                var out: [(String, ContainerTop)] = []
                for c in containers {
                    guard let id = c.id else { continue }
                    out.append((c.displayName, try await client.topContainer(id)))
                }
                return out
            }
            var text = ""
            for (name, top) in tops {
                text += name + "\n" + TextTable.render(header: top.titles ?? [], rows: top.processes ?? []) + "\n"
            }
            DiagnosticPrinter.write(text, to: .standardOutput)
        }
    }
}
