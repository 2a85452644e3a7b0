import ComposeModel
import YAMLSyntax

/// Cross-reference checks on the decoded project (enabled services only), after profiles.
/// Unlike Compose, which stops at the first, every problem is reported, each located.
enum ConsistencyChecker {
    static func check(_ project: Project, disabled: [String: Service] = [:], root: Node) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let at = NodeLocator(root: root)
        func error(_ message: String, _ path: [String], key: Bool = false) {
            out.append(.error(message, path: dotted(path), at: SourceLocation(key ? at.keyMark(path) : at.mark(path))))
        }
        func warning(_ message: String, _ path: [String]) {
            out.append(.warning(message, path: dotted(path), at: SourceLocation(at.mark(path))))
        }

        var containerNames: [String: String] = [:]
        // Any order: the loader sorts diagnostics by location. Only container names need a
        // stable order (which service "already" has one), so those are checked after the loop.
        var claimed: [(container: String, service: String)] = []
        for (name, s) in project.services {
            let p = ["services", name]

            if s.image == nil, s.build == nil, s.provider == nil {
                error("service \"\(name)\" has neither an image nor a build context specified: add `image:` or `build:`", p, key: true)
            }
            if let build = s.build {
                if build.dockerfile != nil, build.dockerfileInline != nil,
                   at.mark(p + ["build", "dockerfile"]) != at.mark(p + ["build"]) {
                    error("service \"\(name)\" declares mutually exclusive dockerfile and dockerfile_inline: keep one", p + ["build", "dockerfile_inline"])
                }
                if let platform = s.platform, !build.platforms.isEmpty, !build.platforms.contains(platform) {
                    error("service.build.platforms MUST include service.platform \"\(platform)\": add it to build.platforms (\(build.platforms.joined(separator: ", "))) or change platform", p + ["platform"])
                }
                out += BuildContextChecks.serviceContexts(name: name, build: build, project: project, at: at)
            }

            // Networks.
            if let mode = s.networkMode, !s.networks.isEmpty {
                error("service \(name) declares mutually exclusive `network_mode` and `networks`: network_mode \"\(mode)\" attaches no networks; remove one", p + ["network_mode"])
            }
            for network in s.networks.keys.sorted() where project.networks[network] == nil {
                error("service \"\(name)\" refers to undefined network \(network): declare it under the top-level `networks:`", p + ["networks", network])
            }

            // Dependencies (links, volumes_from and `service:` modes were folded into depends_on).
            for dep in s.dependsOn.keys.sorted() where !project.services.keys.contains(dep) {
                let required = s.dependsOn[dep]?.required ?? true
                var message = "service \"\(name)\" depends on undefined service \"\(dep)\""
                if let off = disabled[dep] {
                    message += ": it is disabled by profiles; enable it with --profile \(off.profiles.first ?? dep)"
                } else {
                    message += ": define it under `services:` or remove the dependency"
                }
                if required {
                    error(message, p + ["depends_on", dep])
                } else if disabled[dep] == nil {
                    warning(message + " (required: false, ignored)", p + ["depends_on", dep])
                }
            }

            // Healthcheck.
            if let test = s.healthcheck?.test, let first = test.first, !["CMD", "CMD-SHELL", "NONE"].contains(first) {
                error("healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"", p + ["healthcheck", "test"])
            }

            // Volumes, secrets, configs.
            for (i, v) in s.volumes.enumerated() {
                if v.type == "volume", let source = v.source, !source.isEmpty, project.volumes[source] == nil {
                    error("service \"\(name)\" refers to undefined volume \(source): declare it under the top-level `volumes:`", p + ["volumes", String(i)])
                }
            }
            for clash in MountTargets.clashes(s, name: name) {
                error(clash.message, p + clash.path)
            }
            for (i, ref) in s.secrets.enumerated() where project.secrets[ref.source] == nil {
                error("service \"\(name)\" refers to undefined secret \(ref.source): declare it under the top-level `secrets:`", p + ["secrets", String(i)])
            }
            for (i, ref) in s.configs.enumerated() where project.configs[ref.source] == nil {
                error("service \"\(name)\" refers to undefined config \(ref.source): declare it under the top-level `configs:`", p + ["configs", String(i)])
            }
            if let build = s.build {
                for (i, ref) in build.secrets.enumerated() where project.secrets[ref.source] == nil {
                    error("service \"\(name)\" refers to undefined build secret \(ref.source): declare it under the top-level `secrets:`", p + ["build", "secrets", String(i)])
                }
            }

            // Scale and resources.
            if let scale = s.scale, scale < 0 {
                error("services.\(name).scale: must be greater than or equal to 0", p + ["scale"])
            }
            if let replicas = s.deploy?.replicas, replicas < 0 {
                error("services.\(name).deploy.replicas: must be greater than or equal to 0", p + ["deploy", "replicas"])
            }
            if let scale = s.scale, let replicas = s.deploy?.replicas, scale != replicas {
                error("services.\(name): can't set distinct values on 'scale' (\(scale)) and 'deploy.replicas' (\(replicas)): keep one", p + ["scale"])
            }
            let limits = s.deploy?.resources?.limits
            let reservations = s.deploy?.resources?.reservations
            // As compose-go: once a `limits` (`reservations`) section exists, a value it leaves
            // out counts as 0, so `pids_limit: 100` beside `limits: {cpus: "0.5"}` is distinct.
            if let a = s.cpus, a != 0, let limits, a != (limits.cpus ?? 0) {
                error("services.\(name): can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'", p + ["cpus"])
            }
            if let a = s.memLimit, a != 0, let limits, a != (limits.memory ?? 0) {
                error("services.\(name): can't set distinct values on 'mem_limit' and 'deploy.resources.limits.memory'", p + ["mem_limit"])
            }
            if let a = s.memReservation, a != 0, let reservations, a != (reservations.memory ?? 0) {
                error("services.\(name): can't set distinct values on 'mem_reservation' and 'deploy.resources.reservations.memory'", p + ["mem_reservation"])
            }
            if let a = s.pidsLimit, a != 0, let limits, a != (limits.pids ?? 0) {
                error("services.\(name): can't set distinct values on 'pids_limit' and 'deploy.resources.limits.pids'", p + ["pids_limit"])
            }
            if let container = s.containerName {
                if s.effectiveScale > 1 {
                    error("services.\(name): can't set container_name and scale \(s.effectiveScale): container names must be unique; remove container_name or set scale to 1", p + ["container_name"])
                }
                claimed.append((container, name))
            }
            for (i, rule) in (s.develop?.watch ?? []).enumerated() where rule.action != "rebuild" && rule.action != "restart" && rule.target == nil {
                error("services.\(name).develop.watch: target is required for non-rebuild actions", p + ["develop", "watch", String(i)])
            }
        }

        for (container, name) in claimed.sorted(by: { $0.service < $1.service }) {
            if let other = containerNames[container] {
                error("services.\(name): container name \"\(container)\" is already in use by service \(other)", ["services", name, "container_name"])
            }
            containerNames[container] = name
        }

        // Top-level resources.
        for name in project.volumes.keys.sorted() {
            guard let v = project.volumes[name], v.external else { continue }
            if let driver = v.driver {
                error("volumes.\(name): conflicting parameters \"external\" and \"driver\" specified (driver \(driver) is ignored for an external volume)", ["volumes", name, "driver"])
            } else if !v.driverOpts.isEmpty {
                error("volumes.\(name): conflicting parameters \"external\" and \"driver_opts\" specified", ["volumes", name, "driver_opts"])
            } else if !v.labels.isEmpty {
                error("volumes.\(name): conflicting parameters \"external\" and \"labels\" specified", ["volumes", name, "labels"])
            }
        }
        for (kind, items, allowed) in [("secrets", project.secrets, ["file", "environment"]), ("configs", project.configs, ["file", "environment", "content"])] {
            for name in items.keys.sorted() {
                guard let c = items[name], !c.external, c.driver == nil else { continue }
                // A config's `content` read from `environment:` is not a second source.
                let content = c.environment == nil ? c.content : nil
                let set = [("file", c.file), ("environment", c.environment), ("content", content)].filter { allowed.contains($0.0) && $0.1 != nil }
                let list = allowed.joined(separator: "|")
                if set.count > 1 {
                    error("\(kind).\(name): \(list) attributes are mutually exclusive", [kind, name], key: true)
                } else if set.isEmpty {
                    error("\(kind).\(name): one of \(list) must be set", [kind, name], key: true)
                }
            }
        }

        out += cycles(project, at: at)
        return out
    }

    /// Dependency cycles, visiting services and their dependencies in sorted order so the
    /// reported path is stable: `dependency cycle detected: a -> b -> a`.
    static func cycles(_ project: Project, at: NodeLocator) -> [Diagnostic] {
        // Services as sorted indexes, so the walk compares integers instead of hashing names
        // (a 500-service chain hashed names about 2 500 times), in the same order as by name.
        let names = project.services.keys.sorted()
        var index: [String: Int] = [:]
        index.reserveCapacity(names.count)
        for (i, name) in names.enumerated() { index[name] = i }
        var edges = [[Int]](repeating: [], count: names.count)
        // By index: reading a `Service` out of the dictionary copies all of it.
        for i in project.services.indices {
            guard let from = index[project.services.keys[i]] else { continue }
            edges[from] = project.services.values[i].dependsOn.keys.compactMap { index[$0] }.sorted()
        }
        let unvisited: UInt8 = 0, visiting: UInt8 = 1, done: UInt8 = 2
        var state = [UInt8](repeating: unvisited, count: names.count)
        var stack: [Int] = []
        var found: [Diagnostic] = []
        func visit(_ node: Int) {
            state[node] = visiting
            stack.append(node)
            for dep in edges[node] {
                switch state[dep] {
                case visiting:
                    if let start = stack.firstIndex(of: dep) {
                        let path = (stack[start...] + [dep]).map { names[$0] }
                        let name = names[node], depName = names[dep]
                        found.append(.error("dependency cycle detected: \(path.joined(separator: " -> "))",
                                            path: "services.\(name).depends_on.\(depName)",
                                            at: SourceLocation(at.mark(["services", name, "depends_on", depName]))))
                    }
                case unvisited:
                    visit(dep)
                default:
                    break
                }
            }
            stack.removeLast()
            state[node] = done
        }
        for node in names.indices where state[node] == unvisited {
            visit(node)
        }
        return found
    }

    static func dotted(_ components: [String]) -> String {
        var s = ""
        for c in components {
            if Int(c) != nil, !s.isEmpty { s += "[\(c)]" } else { s += s.isEmpty ? c : ".\(c)" }
        }
        return s
    }
}
