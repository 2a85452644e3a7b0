import ArgumentParser
import Foundation

/// `berth exce`: a usage error (exit 64) that names the nearest command, instead of the
/// top-level help.
enum UnknownSubcommand {
    static func check(_ args: [String]) {
        guard let first = args.first, !first.hasPrefix("-") else { return }
        let names = Berth.configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return }
        var message = "error: unknown command \"\(first)\" for \"berth\"\n"
        if let nearest = nearest(to: first, in: names) {
            message += "\nDid you mean this?\n\t\(nearest)\n"
        }
        message += "\nRun 'berth --help' for the list of commands.\n"
        DiagnosticPrinter.write(message, to: .standardError)
        exit(ExitCode.validationFailure.rawValue)
    }

    /// The closest name by edit distance (a prefix counts as close), if any is close enough.
    static func nearest(to word: String, in names: [String]) -> String? {
        if let prefixed = names.first(where: { $0.hasPrefix(word) && word.count >= 2 }) { return prefixed }
        let scored = names.map { ($0, distance(word, $0)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
        guard let best = scored.first, best.1 <= max(2, word.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(1, x.count) where !x.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, y.count) where !y.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return x.isEmpty ? y.count : row[y.count]
    }
}
