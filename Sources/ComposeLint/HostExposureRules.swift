import ComposeModel
import YAMLSyntax

/// Mounts, devices, namespaces, security profiles and published ports (BL114–BL120, BL126–BL129).
enum HostExposureRules {
    static let sensitiveRoots = ["/etc", "/proc", "/sys", "/boot", "/root", "/var/run", "/run", "/dev", "/var/lib/docker", "/usr", "/lib", "/bin", "/sbin", "/var/log"]
    static let dataStorePorts: [Int: String] = [
        5432: "PostgreSQL", 3306: "MySQL/MariaDB", 6379: "Redis", 27017: "MongoDB", 9200: "Elasticsearch", 9300: "Elasticsearch",
        5984: "CouchDB", 11211: "Memcached", 9042: "Cassandra", 7474: "Neo4j", 8086: "InfluxDB", 1433: "SQL Server",
        1521: "Oracle", 5672: "RabbitMQ", 2181: "ZooKeeper", 9092: "Kafka", 26257: "CockroachDB", 8529: "ArangoDB", 6380: "Redis",
    ]

    static func run(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        let name = view.name
        mounts(&c, view, entry)
        for (key, value) in [("network_mode", entry.service.networkMode), ("pid", entry.service.pid), ("ipc", entry.service.ipc), ("uts", entry.service.uts), ("userns_mode", entry.service.usernsMode)] {
            if value == "host" {
                c.report("BL116", "service \"\(name)\" shares the host's \(key == "network_mode" ? "network" : key) namespace (\(key): host)", at: view.mark(key), service: name)
            }
        }
        for opt in entry.service.securityOpt {
            let o = opt.lowercased().replacingOccurrencesOfEquals()
            if ["seccomp:unconfined", "apparmor:unconfined", "label:disable", "systempaths:unconfined"].contains(o) {
                let mark = view.value("security_opt")?.entryMark { $0.scalar == opt } ?? view.mark("security_opt")
                c.report("BL126", "service \"\(name)\" turns off a security profile (\(opt))", at: mark, service: name)
            }
        }
        for device in entry.service.devices {
            let path = device.source
            let risky = ["/dev/mem", "/dev/kmem", "/dev/port", "/dev/kmsg", "/dev/sda", "/dev/nvme", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/dm-", "/dev/loop", "/dev/disk/", "/dev/mapper/", "/dev/fuse"]
            if risky.contains(where: { path == $0 || path.hasPrefix($0) }) || path.hasPrefix("/dev/sd") {
                let mark = view.value("devices")?.entryMark { ($0.scalar ?? $0["source"]?.scalar ?? "").hasPrefix(path) } ?? view.mark("devices")
                c.report("BL127", "service \"\(name)\" gets host device \(path)", at: mark, service: name)
            }
        }
        for mount in entry.service.tmpfs {
            let options = mount.split(separator: ":").dropFirst().flatMap { $0.split(separator: ",") }.map(String.init)
            if options.contains("exec") || options.contains("suid") {
                let mark = view.value("tmpfs")?.entryMark { $0.scalar == mount } ?? view.mark("tmpfs")
                c.report("BL129", "tmpfs \(mount) of service \"\(name)\" re-enables exec or suid", at: mark, service: name)
            }
        }
        ports(&c, view, entry)
    }

    static func volumeMark(_ view: ServiceView, target: String, index: Int) -> Mark {
        guard let items = view.value("volumes")?.sequence else { return view.mark("volumes") }
        let match = items.first { item in
            if let s = item.scalar {
                // The second `:`-separated part, found on bytes (`:` is ASCII).
                let utf8 = s.utf8
                guard let first = utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
                let rest = utf8[utf8.index(after: first)...]
                let second = rest[..<(rest.firstIndex(of: UInt8(ascii: ":")) ?? rest.endIndex)]
                return second.elementsEqual(target.utf8)
            }
            return item["target"]?.scalar == target
        }
        return match?.mark ?? (items.indices.contains(index) ? items[index].mark : view.mark("volumes"))
    }

    static func mounts(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        let name = view.name
        for (i, volume) in entry.service.volumes.enumerated() where volume.type == "bind" {
            guard let source = volume.source else { continue }
            let mark = volumeMark(view, target: volume.target, index: i)
            let path = source.count > 1 && source.hasSuffix("/") ? String(source.dropLast()) : source
            if path.hasSuffix("docker.sock") || path.hasSuffix("podman.sock") || path == "/var/run" || path == "/run" || path == "/var/run/docker" {
                c.report("BL114", "service \"\(name)\" mounts the Docker socket (\(source)): whoever reaches it controls the host", at: mark, service: name)
                continue
            }
            if path == "/" || sensitiveRoots.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                c.report("BL115", "service \"\(name)\" mounts the sensitive host path \(source)\(volume.readOnly ? " (read-only)" : " writable")", at: mark, service: name, severity: volume.readOnly ? .medium : .high)
            }
            if let propagation = volume.bind?.propagation, propagation == "shared" || propagation == "rshared" {
                c.report("BL128", "bind mount \(source) of service \"\(name)\" uses \(propagation) propagation", at: mark, service: name)
            }
        }
    }

    static func ports(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        let items = view.value("ports")?.sequence ?? []
        // A service publishes a few ports: a list beats hashing marks.
        var reported: [Mark] = []
        for port in entry.service.ports {
            guard port.published != nil || port.mode == "ingress" else { continue }
            guard port.published != nil else { continue }
            let host = port.hostIP ?? ""
            guard host.isEmpty || host == "0.0.0.0" || host == "::" || host == "[::]" else { continue }
            let mark = items.first { portEntry($0, contains: port.target) }?.mark ?? view.mark("ports")
            guard !reported.contains(mark) else { continue }
            reported.append(mark)
            if let store = dataStorePorts[port.target] {
                c.report("BL119", "service \"\(view.name)\" publishes \(store) port \(port.target) on all interfaces", at: mark, service: view.name)
            } else {
                c.report("BL120", "service \"\(view.name)\" publishes port \(port.target) on all interfaces", at: mark, service: view.name)
            }
        }
    }

    /// Whether a `ports` entry (short or long syntax) maps the container port `target`.
    static func portEntry(_ node: Node, contains target: Int) -> Bool {
        if let t = node["target"]?.scalar { return Int(t) == target }
        guard let s = node.scalar else { return false }
        // On bytes: `[[ip:]host:]container[-end][/proto]`, the numbers of the container part.
        let utf8 = s.utf8
        let noProto = utf8[..<(utf8.firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex)]
        let container = noProto[(noProto.lastIndex(of: UInt8(ascii: ":")).map(utf8.index(after:)) ?? noProto.startIndex)...]
        // The `-`-separated numbers, read digit by digit: the first and the last count.
        var low: Int?, high: Int?
        var current = 0, digits = 0, valid = true
        func close() {
            guard digits > 0 else { return }
            if valid {
                if low == nil { low = current }
                high = current
            }
            current = 0
            digits = 0
            valid = true
        }
        for b in container {
            if b == UInt8(ascii: "-") {
                close()
            } else if b >= 0x30 && b <= 0x39 {
                // Past any port number: not a port, as `Int` would refuse it on overflow.
                if current < 1_000_000_000 { current = current * 10 + Int(b - 0x30) } else { valid = false }
                digits += 1
            } else {
                valid = false
                digits += 1
            }
        }
        close()
        guard let low, let high, low <= high else { return false }
        return (low...high).contains(target)
    }
}

/// Literal secrets in environment and labels (BL117, BL118) and secret files on disk (BL125).
enum SecretRules {
    static func run(_ c: inout LintContext, _ view: ServiceView, _ entry: LintService) {
        entries(&c, view, key: "environment", values: entry.service.environment)
        if !entry.service.labels.isEmpty {
            entries(&c, view, key: "labels", values: entry.service.labels.mapValues { Optional($0) })
        }
    }

    static func entries(_ c: inout LintContext, _ view: ServiceView, key: String, values: [String: String?]) {
        guard let node = view.value(key) else { return }
        // In any order: the findings are sorted at the end, by position, rule and message.
        for (name, value) in values {
            guard let value else { continue }
            // The cheap question first: most entries hold no secret and need no node lookup.
            let rule = SecretNames.isLiteralSecret(name: name, value: value) ? "BL117" : SecretNames.urlWithPassword(value) ? "BL118" : nil
            guard let rule else { continue }
            // Entries only an env_file set are not in the compose file; there is no line to edit.
            let entry: Node?
            let isList: Bool
            switch node.content {
            case .mapping(let pairs):
                entry = pairs.first { $0.key.scalar == name }.map { $0.value.mark == $0.key.mark ? $0.key : $0.value }
                isList = false
            case .sequence(let items):
                entry = items.first { $0.scalar == name || $0.scalar?.hasPrefix(name + "=") == true }
                isList = true
            case .scalar:
                entry = nil
                isList = false
            }
            guard let entry, !c.writtenAsVariable(entry, afterEquals: isList) else { continue }
            let keyMark = isList ? entry.mark : (node.mapping?.first { $0.key.scalar == name }?.key.mark ?? entry.mark)
            if rule == "BL117" {
                c.report("BL117", "\(key) \(name) of service \"\(view.name)\" holds a literal secret: use `secrets:` or interpolate it", at: keyMark, service: view.name)
            } else {
                c.report("BL118", "\(key) \(name) of service \"\(view.name)\" has a password inside a URL", at: keyMark, service: view.name)
            }
        }
    }
}
