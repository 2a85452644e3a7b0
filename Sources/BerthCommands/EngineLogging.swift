import ArgumentParser
import Foundation
import Logging

/// `--log-level LEVEL` and `--verbose` (= `--log-level debug`), anywhere on the command line,
/// or `BERTH_LOG_LEVEL`: at debug, every engine call is printed to stderr with its status and
/// the time it took, which is how one sees what an orchestrator is doing.
enum EngineLogging {
    static let flags: Set<String> = ["--verbose", "--log-level"]

    /// The arguments without the logging flags, and the level they ask for.
    static func extract(_ args: [String], environment: [String: String]) throws -> (args: [String], level: Logger.Level?) {
        var rest: [String] = []
        var level: Logger.Level? = environment["BERTH_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "--" {
                rest += args[i...]
                break
            }
            if arg == "--verbose" {
                level = .debug
            } else if arg == "--log-level" || arg.hasPrefix("--log-level=") {
                var value = String(arg.dropFirst("--log-level=".count))
                if arg == "--log-level" {
                    guard i + 1 < args.count else { throw ValidationError("--log-level needs a value: \(levels)") }
                    i += 1
                    value = args[i]
                }
                guard let parsed = Logger.Level(rawValue: value.lowercased()) else {
                    throw ValidationError("invalid --log-level \"\(value)\": use \(levels)")
                }
                level = parsed
            } else {
                rest.append(arg)
            }
            i += 1
        }
        return (rest, level)
    }

    static var levels: String { Logger.Level.allCases.map(\.rawValue).joined(separator: ", ") }

    /// The level chosen for this process; set once by `BerthMain` before any command runs.
    static let chosen = LevelBox()

    /// Sends log lines to stderr, at `level`.
    static func bootstrap(_ level: Logger.Level) {
        chosen.set(level)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// The engine client's logger, when logging is on.
    static var engineLogger: Logger? {
        guard let level = chosen.get() else { return nil }
        var logger = Logger(label: "berth.engine")
        logger.logLevel = level
        return logger
    }
}

/// The process's log level, written once at startup.
final class LevelBox: Sendable {
    private let storage = NSLock()
    private nonisolated(unsafe) var level: Logger.Level?

    func set(_ value: Logger.Level) {
        storage.withLock { level = value }
    }

    func get() -> Logger.Level? {
        storage.withLock { level }
    }
}
