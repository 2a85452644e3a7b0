import ArgumentParser

/// The `berth` command line.
public struct Berth: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "berth",
        abstract: "A fast compose-file orchestrator for the Docker Engine.",
        version: "0.1.0"
    )

    public init() {}
}

/// Entry point for the `berth` executable, so it needs to import nothing else.
public enum BerthMain {
    public static func run() async {
        await Berth.main()
    }
}
