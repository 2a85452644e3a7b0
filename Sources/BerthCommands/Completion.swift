import ArgumentParser

extension Berth {
    /// `berth completion bash|zsh|fish`: the shell completion script ArgumentParser generates.
    struct Completion: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "completion",
            abstract: "Print the shell completion script for bash, zsh or fish.",
            discussion: """
                bash: source <(berth completion bash)
                zsh:  berth completion zsh > "${fpath[1]}/_berth"
                fish: berth completion fish > ~/.config/fish/completions/berth.fish
                """
        )

        enum Shell: String, ExpressibleByArgument, CaseIterable { case bash, zsh, fish }

        @Argument(help: "bash, zsh or fish.") var shell: Shell

        func run() throws {
            let kind: CompletionShell = shell == .bash ? .bash : shell == .zsh ? .zsh : .fish
            print(Berth.completionScript(for: kind))
        }
    }
}
