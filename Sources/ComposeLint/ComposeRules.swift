import ComposeModel
import YAMLSyntax

/// The compose-file rules (BL1xx) over the merged project and its located nodes.
enum ComposeRules {
    static func run(_ c: inout LintContext) {
        let services = c.services
        var waiters: [String: [String]] = [:]
        var oneShot: Set<String> = []
        for entry in services {
            for (dep, dependency) in entry.service.dependsOn {
                waiters[dep, default: []].append(entry.view.name)
                if dependency.condition == .serviceCompletedSuccessfully { oneShot.insert(dep) }
            }
        }
        for entry in services {
            // `entry.service` each time: a local copy of the `Service` would retain every field.
            let view = entry.view
            images(&c, view, entry)
            health(&c, view, entry, waiters: waiters[view.name] ?? [])
            resources(&c, view, entry, oneShot: oneShot.contains(view.name))
            privileges(&c, view, entry)
            HostExposureRules.run(&c, view, entry)
            SecretRules.run(&c, view, entry)
            logging(&c, view, entry)
            if entry.service.containerName != nil {
                c.report("BL123", "service \"\(view.name)\" sets container_name, so it cannot scale past one container", at: view.mark("container_name"), service: view.name)
            }
        }
        UnusedResourceRules.run(&c)
    }

    // MARK: Images

    static func images(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        guard let image = entry.service.image, entry.service.build == nil, let node = view.value("image") else { return }
        let ref = ImageReference(image)
        let mark = node.mark
        let raw = c.sources.rest(at: mark) ?? ""
        if raw.utf8.contains(UInt8(ascii: "$")), Bytes.contains("latest}", in: raw) {
            c.report("BL101", "image of service \"\(view.name)\" defaults to `latest` through a variable (\(String(raw).trimmingCharacters())): pin a version as the default", at: mark, service: view.name)
        } else if ref.digest == nil, ref.tag == nil {
            c.report("BL101", "image \"\(image)\" of service \"\(view.name)\" has no tag, so it means `latest`: pin a version", at: mark, service: view.name)
        } else if ref.digest == nil, ref.tag == "latest" {
            c.report("BL101", "image \"\(image)\" of service \"\(view.name)\" uses the moving tag `latest`: pin a version", at: mark, service: view.name)
        } else if ref.digest == nil {
            c.report("BL102", "image \"\(image)\" of service \"\(view.name)\" is pinned to a tag but not a digest", at: mark, service: view.name)
        }
    }

    // MARK: Health and startup

    /// Whether a service's `healthcheck` (as given) checks anything.
    static func hasHealthcheck(_ healthcheck: HealthCheckConfig?) -> Bool {
        guard let h = healthcheck, !h.disable else { return false }
        return h.test.map { !($0.first == "NONE") } ?? true
    }

    static func health(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService, waiters: [String]) {
        if !waiters.isEmpty, !hasHealthcheck(entry.service.healthcheck), !DockerfileRules.imageHasHealthcheck(&c, entry, view) {
            let waiters = waiters.sorted()
            c.report("BL103", "service \"\(view.name)\" is waited for by \(waiters.joined(separator: ", ")) but has no healthcheck, so they start before it is ready", at: view.mark("healthcheck"), service: view.name)
        }
        for (dep, dependency) in entry.service.dependsOn.sorted(by: { $0.key < $1.key }) {
            guard dependency.condition == .serviceStarted, hasHealthcheck(c.project.services[dep]?.healthcheck) else { continue }
            let mark = view.value("depends_on")?.entryMark { $0.scalar == dep } ?? view.mark("depends_on")
            c.report("BL104", "service \"\(view.name)\" depends on \"\(dep)\", which has a healthcheck, without `condition: service_healthy`: it starts before \(dep) is healthy", at: mark, service: view.name)
        }
    }

    // MARK: Resources and restarts

    static func resources(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService, oneShot: Bool) {
        let limits = entry.service.deploy?.resources?.limits
        var missing: [String] = []
        if entry.service.memLimit == nil, limits?.memory == nil { missing.append("memory") }
        if entry.service.cpus == nil, limits?.cpus == nil, entry.service.cpuQuota == nil { missing.append("CPU") }
        if entry.service.pidsLimit == nil, limits?.pids == nil { missing.append("pids") }
        if !missing.isEmpty {
            c.report("BL105", "service \"\(view.name)\" has no \(missing.joined(separator: ", ")) limit", at: view.mark("deploy", "resources", "limits"), service: view.name)
        }
        if entry.service.restart == nil, entry.service.deploy?.restartPolicy == nil, !oneShot {
            c.report("BL106", "service \"\(view.name)\" has no restart policy: it stays down after a crash or reboot", at: view.key.mark, service: view.name)
        }
    }

    // MARK: Privileges

    static let rootUsers: Set<String> = ["0", "root"]

    static func privileges(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        let name = view.name
        if let user = entry.service.user {
            let who = String(user.split(separator: ":", omittingEmptySubsequences: false).first ?? "")
            if rootUsers.contains(who) {
                c.report("BL108", "service \"\(name)\" runs as root (user: \(user))", at: view.mark("user"), service: name)
            }
        } else if let image = entry.service.image, let imageUser = c.input.imageUsers[image] {
            let who = String(imageUser.split(separator: ":", omittingEmptySubsequences: false).first ?? "")
            if who.isEmpty || rootUsers.contains(who) {
                c.report("BL108", "service \"\(name)\" runs as root: it sets no user and image \(image) runs as \(imageUser.isEmpty ? "root (no USER)" : imageUser)", at: view.key.mark, service: name)
            }
        } else if !DockerfileRules.imageSetsUser(&c, entry, view) {
            c.report("BL107", "service \"\(name)\" sets no user, so it runs as the image's user (root for most images)", at: view.key.mark, service: name)
        }
        if entry.service.privileged {
            c.report("BL109", "service \"\(name)\" runs privileged: every capability and every host device", at: view.mark("privileged"), service: name)
        }
        for cap in entry.service.capAdd {
            let upper = cap.uppercased()
            let bare = upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
            guard let severity = Capabilities.danger[bare] else { continue }
            let mark = view.value("cap_add")?.entryMark { $0.scalar == cap } ?? view.mark("cap_add")
            c.report("BL110", "service \"\(name)\" adds capability \(bare): \(Capabilities.reason[bare] ?? "it reaches past the container")", at: mark, service: name, severity: severity)
        }
        if !entry.service.capDrop.contains(where: { let u = $0.uppercased(); return u == "ALL" || u == "CAP_ALL" }) {
            c.report("BL111", "service \"\(name)\" keeps Docker's default capabilities: add `cap_drop: [ALL]`", at: view.mark("cap_drop"), service: name)
        }
        let noNewPrivileges = entry.service.securityOpt.contains {
            let o = $0.lowercased().replacingOccurrencesOfEquals()
            return o == "no-new-privileges" || o == "no-new-privileges:true"
        }
        if !noNewPrivileges {
            c.report("BL112", "service \"\(name)\" does not set no-new-privileges: setuid binaries can raise privileges", at: view.mark("security_opt"), service: name)
        }
        if !entry.service.readOnly {
            c.report("BL113", "service \"\(name)\" has a writable root file system", at: view.mark("read_only"), service: name)
        }
    }

    // MARK: Logging

    static func logging(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        let driver = entry.service.logging?.driver ?? "json-file"
        if driver == "none" {
            c.report("BL122", "service \"\(view.name)\" disables logging", at: view.value("logging")?.entryMark { $0.scalar == "driver" } ?? view.mark("logging"), service: view.name)
        } else if driver == "json-file", entry.service.logging?.options["max-size"] == nil {
            c.report("BL121", "service \"\(view.name)\" logs to json-file without max-size: logs grow until the disk is full", at: view.mark("logging"), service: view.name)
        }
    }
}

extension String {
    /// `no-new-privileges=true` is the same option as `no-new-privileges:true`.
    func replacingOccurrencesOfEquals() -> String {
        // On bytes (`=` and `:` are ASCII): mapping Characters cost 13 000 instructions a call.
        guard utf8.contains(UInt8(ascii: "=")) else { return self }
        return String(decoding: utf8.map { $0 == UInt8(ascii: "=") ? UInt8(ascii: ":") : $0 }, as: UTF8.self)
    }

    func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

/// Linux capabilities that reach past the container, by how far.
enum Capabilities {
    static let danger: [String: LintSeverity] = [
        "ALL": .critical, "SYS_ADMIN": .critical, "SYS_MODULE": .critical, "SYS_PTRACE": .high, "SYS_RAWIO": .high,
        "DAC_READ_SEARCH": .high, "DAC_OVERRIDE": .medium, "BPF": .high, "PERFMON": .medium, "SYS_BOOT": .high,
        "MAC_ADMIN": .high, "MAC_OVERRIDE": .high, "NET_ADMIN": .high, "SYSLOG": .medium, "SYS_TIME": .medium,
        "NET_RAW": .medium, "SYS_RESOURCE": .low, "SYS_NICE": .low, "IPC_LOCK": .low, "LINUX_IMMUTABLE": .low,
        "SETFCAP": .low, "WAKE_ALARM": .low, "BLOCK_SUSPEND": .low, "AUDIT_CONTROL": .medium, "SYS_CHROOT": .low,
        "CHECKPOINT_RESTORE": .medium, "SYS_TTY_CONFIG": .low, "LEASE": .low,
    ]
    static let reason: [String: String] = [
        "ALL": "every capability, close to privileged", "SYS_ADMIN": "mounts, namespaces and most of root's powers",
        "SYS_MODULE": "loads kernel modules into the host kernel", "SYS_PTRACE": "traces and injects code into other processes",
        "SYS_RAWIO": "raw I/O to host memory and devices", "DAC_READ_SEARCH": "reads any host file by handle (the shocker escape)",
        "NET_ADMIN": "reconfigures interfaces, routes and firewall rules", "BPF": "loads BPF programs into the host kernel",
        "SYS_BOOT": "reboots the host", "SYS_TIME": "sets the host clock", "NET_RAW": "crafts raw packets (spoofing, ARP poisoning)",
        "SYSLOG": "reads the kernel log and its addresses", "MAC_ADMIN": "changes the host's mandatory access control",
        "MAC_OVERRIDE": "bypasses the host's mandatory access control",
    ]
}
