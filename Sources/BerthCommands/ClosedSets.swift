import ArgumentParser

// The closed sets flags take. Each is an enum, so a bad value is ArgumentParser's usage error
// listing the allowed values (exit 64), never a silent default.

/// `--format table|json` (ps, ls, images, volumes, stats…).
enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// `--format text|json` (plan).
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--pull` of `up`, `create` and `run`.
enum PullOption: String, ExpressibleByArgument, CaseIterable {
    case always, missing, never
    /// Each service's own `pull_policy`.
    case policy

    /// Compose's spellings; `if_not_present` is the compose file's name of `missing`.
    init?(argument: String) {
        if argument == "if_not_present" {
            self = .missing
        } else {
            self.init(rawValue: argument)
        }
    }
}

/// `port --protocol`.
enum PortProtocol: String, ExpressibleByArgument, CaseIterable {
    case tcp, udp, sctp
}
