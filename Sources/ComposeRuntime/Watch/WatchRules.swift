import BerthBasics
import ComposeModel
import FileWatch
import Foundation

/// What a watch rule does with a change.
public enum WatchAction: String, Sendable, Hashable {
    case sync
    case rebuild
    case syncRestart = "sync+restart"
    case restart
    case syncExec = "sync+exec"

    var syncs: Bool { self == .sync || self == .syncRestart || self == .syncExec }
}

/// One `develop.watch` rule of one service, resolved: absolute path, its filter and action.
public struct WatchTrigger: Sendable {
    public let service: String
    /// The rule's index in the service's `develop.watch` list.
    public let index: Int
    public let action: WatchAction
    /// Absolute host path watched.
    public let path: String
    /// Absolute path in the container (sync actions).
    public let target: String?
    /// The command of a `sync+exec` rule.
    public let exec: ServiceHook?
    public let initialSync: Bool
    public let filter: WatchFilter

    /// The container path for a changed host path under `path`, or nil if outside it.
    func containerPath(for hostPath: String) -> String? {
        guard let target, let rel = Self.relative(hostPath, to: path) else { return nil }
        return rel.isEmpty ? target : (target.hasSuffix("/") ? target + rel : target + "/" + rel)
    }

    static func relative(_ path: String, to base: String) -> String? {
        if path == base { return "" }
        guard path.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { return nil }
        return String(path.dropFirst(base.hasSuffix("/") ? base.count : base.count + 1))
    }
}

/// A problem with a watch rule: the service, the rule and where it is written (a dotted
/// path into the compose tree, for the command layer to turn into `file:line:col`).
public struct WatchRuleProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let service: String
    public let rule: Int?
    public let message: String
    /// Keys and list indexes from the document root (`services`, name, `develop`, `watch`, "0", …).
    public let location: [String]

    public var description: String {
        let rule = self.rule.map { " watch rule \($0 + 1)" } ?? ""
        return "service \"\(service)\"\(rule): \(message)"
    }
}

/// Every watch rule of the selected services, checked.
public struct WatchConfiguration: Sendable {
    public var triggers: [WatchTrigger]
    /// Rules skipped (their path is under a bind mount), to print as warnings.
    public var warnings: [WatchRuleProblem]

    /// Reads `develop.watch` (or the legacy `x-develop`) of `services` (all when empty).
    /// Collects every problem and throws them together.
    public static func make(project: Project, workingDir: String, services: [String] = [], noBuild: Bool = false) throws(WatchSetupError) -> WatchConfiguration {
        var triggers: [WatchTrigger] = []
        var warnings: [WatchRuleProblem] = []
        var problems: [WatchRuleProblem] = []
        let names = services.isEmpty ? project.serviceNames : services
        for name in names {
            guard let service = project.services[name] else {
                problems.append(WatchRuleProblem(service: name, rule: nil, message: "no such service", location: ["services"]))
                continue
            }
            let (rules, key) = Self.rules(of: service, workingDir: workingDir)
            let base = ["services", name, key, "watch"]
            if rules.isEmpty {
                if !services.isEmpty {
                    problems.append(WatchRuleProblem(service: name, rule: nil, message: "has no develop.watch rules", location: ["services", name]))
                }
                continue
            }
            let dockerIgnore = Self.dockerIgnore(of: service, workingDir: workingDir)
            for (i, rule) in rules.enumerated() {
                let at = base + [String(i)]
                func problem(_ message: String, _ field: String? = nil) {
                    problems.append(WatchRuleProblem(service: name, rule: i, message: message, location: field.map { at + [$0] } ?? at))
                }
                guard let action = WatchAction(rawValue: rule.action) else {
                    problem("unknown action \"\(rule.action)\" (use sync, rebuild, restart, sync+restart or sync+exec)", "action")
                    continue
                }
                if rule.path.isEmpty { problem("the rule has no path"); continue }
                let path = POSIXPath.clean(rule.path.hasPrefix("/") ? rule.path : workingDir + "/" + rule.path)
                if action == .rebuild && service.build == nil {
                    problem("action rebuild needs a build: section (the service has only an image)", "action")
                    continue
                }
                if action == .rebuild && noBuild { problem("action rebuild cannot be used with --no-build", "action"); continue }
                var target: String?
                if action.syncs {
                    guard let t = rule.target, !t.isEmpty else { problem("action \(action.rawValue) needs a target"); continue }
                    guard t.hasPrefix("/") else {
                        problem("target \"\(t)\" is not an absolute path in the container's filesystem", "target")
                        continue
                    }
                    let cleaned = POSIXPath.clean(t)
                    if cleaned == "/" || cleaned.hasPrefix("/proc") || cleaned.hasPrefix("/sys") || cleaned.hasPrefix("/dev") {
                        problem("target \"\(t)\" is outside the container's writable filesystem", "target")
                        continue
                    }
                    target = cleaned
                }
                if action == .syncExec && (rule.exec?.command ?? []).isEmpty {
                    problem("action sync+exec needs exec.command", "exec")
                    continue
                }
                if action == .sync || action == .syncRestart, let bind = Self.bindMount(covering: path, in: service, workingDir: workingDir) {
                    warnings.append(WatchRuleProblem(
                        service: name, rule: i,
                        message: "path '\(path)' also declared by a bind mount volume (\(bind)), this path won't be monitored!",
                        location: at + ["path"]))
                    continue
                }
                let filter: WatchFilter
                do {
                    filter = try WatchFilter(root: path, ignore: rule.ignore, include: rule.include, dockerIgnore: dockerIgnore)
                } catch {
                    problem("bad ignore or include pattern: \(error)", "ignore")
                    continue
                }
                let initial = rule.initialSync || rule.extensions["x-initialSync"] == .bool(true)
                triggers.append(WatchTrigger(
                    service: name, index: i, action: action, path: path, target: target, exec: rule.exec,
                    initialSync: initial && action.syncs, filter: filter))
            }
        }
        if !problems.isEmpty { throw WatchSetupError(problems: problems) }
        if triggers.isEmpty {
            throw WatchSetupError(problems: [WatchRuleProblem(
                service: names.joined(separator: ", "), rule: nil,
                message: "none of the selected services is configured for watch (add develop.watch rules)", location: ["services"])])
        }
        return WatchConfiguration(triggers: triggers, warnings: warnings)
    }

    /// The rules and the key they were written under (`develop`, else the legacy `x-develop`).
    static func rules(of service: Service, workingDir: String) -> ([WatchRule], String) {
        if let develop = service.develop, !develop.watch.isEmpty { return (develop.watch, "develop") }
        guard let legacy = service.extensions["x-develop"],
              let data = try? JSONEncoder().encode(legacy),
              let decoded = try? JSONDecoder().decode(DevelopConfig.self, from: data)
        else { return ([], "develop") }
        return (decoded.watch, "x-develop")
    }

    /// The build context's ignore file: `<Dockerfile>.dockerignore`, else `.dockerignore`.
    static func dockerIgnore(
        of service: Service, workingDir: String, fileSystem: any FileSystem = LocalFileSystem()
    ) -> (directory: String, patterns: DockerIgnore)? {
        guard let build = service.build else { return nil }
        let context = POSIXPath.clean(build.context.map { $0.hasPrefix("/") ? $0 : workingDir + "/" + $0 } ?? workingDir)
        let dockerfile = build.dockerfile.map { $0.hasPrefix("/") ? $0 : context + "/" + $0 } ?? context + "/Dockerfile"
        for candidate in [dockerfile + ".dockerignore", context + "/.dockerignore"] {
            if let data = fileSystem.contentsIfReadable(candidate),
               let patterns = try? DockerIgnore(contents: String(decoding: data, as: UTF8.self)) {
                return (context, patterns)
            }
        }
        return nil
    }

    /// The source of a bind mount that contains `path`, if any.
    static func bindMount(covering path: String, in service: Service, workingDir: String) -> String? {
        for volume in service.volumes where volume.type == "bind" {
            guard let source = volume.source else { continue }
            let absolute = POSIXPath.clean(source.hasPrefix("/") ? source : workingDir + "/" + source)
            if WatchTrigger.relative(path, to: absolute) != nil { return absolute }
        }
        return nil
    }
}

/// Watch rules that cannot be used; every problem found.
public struct WatchSetupError: Error, Sendable, CustomStringConvertible {
    public let problems: [WatchRuleProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
