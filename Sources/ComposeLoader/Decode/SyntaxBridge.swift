import ComposeModel

/// An error from one of the short-syntax parsers, with Compose's text.
struct BridgeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The short-syntax string parsers the decoder uses (ports, volumes, durations, sizes,
/// shell words, hosts, devices, paths). One place, so the decoder does not care where the
/// parsing lives.
enum SyntaxBridge {
    // MARK: Paths

    static func isAbsolute(_ p: String) -> Bool {
        if p.hasPrefix("/") || p.hasPrefix("\\\\") { return true }
        let u = Array(p.utf8)
        return u.count >= 3 && isLetter(u[0]) && u[1] == UInt8(ascii: ":") && (u[2] == UInt8(ascii: "\\") || u[2] == UInt8(ascii: "/"))
    }

    static func isLetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    /// Go's `path.Clean` (slash paths).
    static func clean(_ p: String) -> String {
        if p.isEmpty { return "." }
        if !p.hasPrefix("/"), p.contains("\\") { return p }  // leave Windows paths alone
        let rooted = p.hasPrefix("/")
        var parts: [Substring] = []
        for part in p.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let body = parts.joined(separator: "/")
        if rooted { return "/" + body }
        return body.isEmpty ? "." : body
    }

    static func join(_ base: String, _ rel: String) -> String {
        if rel.isEmpty { return clean(base) }
        return clean(base + "/" + rel)
    }

    // MARK: Durations

    /// Go/str2duration duration text → nanoseconds.
    static func duration(_ s: String) -> Result<Int64, BridgeError> {
        if s == "0" || s == "+0" || s == "-0" { return .success(0) }
        if s.isEmpty { return .failure(BridgeError("time: invalid duration \(quoteGo(s))")) }
        // Diagnose the two common mistakes with Go's texts.
        if s.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }) {
            return .failure(BridgeError("time: missing unit in duration \(quoteGo(s))"))
        }
        if let d = ComposeDuration.parse(s) { return .success(d.nanoseconds) }
        var unit = ""
        var inUnit = false
        for c in s {
            if c.isNumber || c == "." {
                if inUnit { break }
            } else if c != "-" && c != "+" {
                inUnit = true
                unit.append(c)
            }
        }
        if !unit.isEmpty, s.first?.isNumber == true || s.first == "." || s.first == "-" || s.first == "+" {
            return .failure(BridgeError("time: unknown unit \(quoteGo(unit)) in duration \(quoteGo(s))"))
        }
        return .failure(BridgeError("time: invalid duration \(quoteGo(s))"))
    }

    // MARK: Byte sizes

    /// go-units RAMInBytes: `512m`, `2gb`, `1.5 GiB`, `-1`; binary units.
    static func byteSize(_ s: String) -> Result<Int64, BridgeError> {
        if let i = Int64(s) { return .success(i) }
        var digits = ""
        var rest = Substring(s)
        while let c = rest.first, c.isNumber || c == "." {
            digits.append(c)
            rest.removeFirst()
        }
        guard !digits.isEmpty, !digits.hasPrefix("."), !digits.hasSuffix("."), let number = Double(digits) else {
            return .failure(BridgeError("invalid size: '\(s)'"))
        }
        if rest.first == " " { rest.removeFirst() }
        var suffix = rest.lowercased()
        var multiplier: Double = 1
        if let f = suffix.first, "kmgtp".contains(f) {
            multiplier = ["k": 1024.0, "m": 1_048_576, "g": 1_073_741_824, "t": 1_099_511_627_776, "p": 1_125_899_906_842_624][f] ?? 1
            suffix.removeFirst()
        }
        if suffix.hasPrefix("i") { suffix.removeFirst() }
        if suffix == "b" { suffix = "" }
        guard suffix.isEmpty else { return .failure(BridgeError("invalid suffix: '\(rest)'")) }
        return .success(Int64(number * multiplier))
    }

    // MARK: Shell words

    /// go-shellwords: whitespace splits; quotes group; backslash escapes; parsing stops at an
    /// unquoted `;`, `&`, `|`, `<`, `>`.
    static func shellSplit(_ s: String) -> Result<[String], BridgeError> {
        var words: [String] = []
        var current = ""
        var haveWord = false
        var escaped = false
        var singleQuoted = false
        var doubleQuoted = false
        var previous: Character = " "
        loop: for c in s {
            defer { previous = c }
            if escaped {
                current.append(c)
                haveWord = true
                escaped = false
                continue
            }
            if c == "\\" && !singleQuoted {
                escaped = true
                continue
            }
            if singleQuoted {
                if c == "'" { singleQuoted = false } else { current.append(c) }
                continue
            }
            if doubleQuoted {
                if c == "\"" { doubleQuoted = false } else { current.append(c) }
                continue
            }
            switch c {
            case " ", "\t", "\n", "\r":
                if haveWord {
                    words.append(current)
                    current = ""
                    haveWord = false
                }
            case "'":
                singleQuoted = true
                haveWord = true
            case "\"":
                doubleQuoted = true
                haveWord = true
            case ";", "&", "|", "<", ">":
                break loop
            case "(" where previous != "$":
                return .failure(BridgeError("invalid command line string"))
            default:
                current.append(c)
                haveWord = true
            }
        }
        if singleQuoted || doubleQuoted || escaped {
            return .failure(BridgeError("invalid command line string"))
        }
        if haveWord { words.append(current) }
        return .success(words)
    }

    // MARK: Ports

    /// `[[IP:]HOST:]CONTAINER[/PROTO]` → one or more long-form ports.
    static func ports(_ raw: String) -> Result<[ServicePortConfig], BridgeError> {
        var spec = Substring(raw)
        var proto = "tcp"
        if let slash = spec.lastIndex(of: "/") {
            proto = spec[spec.index(after: slash)...].lowercased()
            spec = spec[..<slash]
            guard proto == "tcp" || proto == "udp" || proto == "sctp" else {
                return .failure(BridgeError("Invalid proto: \(proto)"))
            }
        }
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false)
        var ip = ""
        var host: Substring = ""
        let container: Substring
        switch parts.count {
        case 1:
            container = parts[0]
        case 2:
            host = parts[0]
            container = parts[1]
        default:
            ip = parts[0..<(parts.count - 2)].joined(separator: ":")
            host = parts[parts.count - 2]
            container = parts[parts.count - 1]
        }
        if ip.hasPrefix("[") && ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
        if !ip.isEmpty, !isIPAddress(ip) { return .failure(BridgeError("Invalid ip address: \(ip)")) }
        if container.isEmpty { return .failure(BridgeError("No port specified: \(raw)")) }
        guard let (cStart, cEnd) = portRange(container) else {
            return .failure(BridgeError("Invalid containerPort: \(container)"))
        }
        var hStart = 0
        var hEnd = 0
        if !host.isEmpty {
            guard let r = portRange(host) else { return .failure(BridgeError("Invalid hostPort: \(host)")) }
            (hStart, hEnd) = r
        }
        var out: [ServicePortConfig] = []
        let hostIP: String? = ip.isEmpty ? nil : ip
        if !host.isEmpty, cStart == cEnd, hEnd != hStart {
            out.append(ServicePortConfig(hostIP: hostIP, target: cStart, published: String(host), protocol: proto))
            return .success(out)
        }
        if !host.isEmpty, hEnd - hStart != cEnd - cStart {
            return .failure(BridgeError("Invalid ranges specified for container and host Ports: \(container) and \(host)"))
        }
        for i in 0...(cEnd - cStart) {
            let published: String? = host.isEmpty ? nil : String(hStart + i)
            out.append(ServicePortConfig(hostIP: hostIP, target: cStart + i, published: published, protocol: proto))
        }
        if out.count > 1 {
            out.sort { "\($0.target)/\($0.protocol)" < "\($1.target)/\($1.protocol)" }
        }
        return .success(out)
    }

    static func portRange(_ s: Substring) -> (Int, Int)? {
        let bounds = s.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let a = port(bounds[0]) else { return nil }
        if bounds.count == 1 { return (a, a) }
        guard let b = port(bounds[1]), b >= a else { return nil }
        return (a, b)
    }

    static func port(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let v = Int(s), v <= 65535 else { return nil }
        return v
    }

    static func isIPAddress(_ s: String) -> Bool {
        if s.contains(":") {
            // IPv6: hex groups, at most one `::`, optional trailing dotted quad.
            let groups = s.split(separator: ":", omittingEmptySubsequences: false)
            guard groups.count >= 3, groups.count <= 9 else { return false }
            return groups.allSatisfy { g in
                g.count <= 4 && g.allSatisfy(\.isHexDigit) || isIPv4(String(g))
            } && s.components(separatedByDoubleColon: ()) <= 2
        }
        return isIPv4(s)
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && (Int(p) ?? 256) <= 255
        }
    }

    // MARK: Volumes

    /// `SOURCE:TARGET[:OPTS]`, `TARGET` → a long-form mount (bind sources resolved).
    static func volume(_ spec: String, workingDir: String, homeDir: String) -> Result<ServiceVolumeConfig, BridgeError> {
        if spec.isEmpty { return .failure(BridgeError("invalid empty volume spec")) }
        if spec.count <= 2 { return .success(ServiceVolumeConfig(type: "volume", target: spec, volume: ServiceVolumeVolume())) }
        var parts: [String] = []
        var current = ""
        var braceDepth = 0
        var previous: Character = " "
        for (i, c) in spec.enumerated() {
            if c == "{" && previous == "$" { braceDepth += 1 }
            if c == "}" && braceDepth > 0 { braceDepth -= 1 }
            if c == ":" && braceDepth == 0 && !(i == 1 && current.count == 1 && current.first?.isLetter == true) {
                parts.append(current)
                current = ""
            } else {
                current.append(c)
            }
            previous = c
        }
        parts.append(current)
        if parts.contains(where: \.isEmpty) {
            return .failure(BridgeError("invalid spec: \(spec): empty section between colons"))
        }
        if parts.count > 3 { return .failure(BridgeError("invalid spec: \(spec): too many colons")) }
        if parts.count == 1 {
            return .success(ServiceVolumeConfig(type: "volume", target: clean(parts[0]), volume: ServiceVolumeVolume()))
        }
        let source = parts[0]
        var volume = ServiceVolumeConfig(target: clean(parts[1]))
        var readOnly = false
        var nocopy = false
        var selinux: String?
        var propagation: String?
        if parts.count == 3 {
            for option in parts[2].split(separator: ",") {
                switch option {
                case "ro": readOnly = true
                case "rw": readOnly = false
                case "nocopy": nocopy = true
                case "z", "Z": selinux = String(option)
                case "shared", "rshared", "slave", "rslave", "private", "rprivate": propagation = String(option)
                default: break
                }
            }
        }
        volume.readOnly = readOnly
        if isBindSource(source) {
            volume.type = "bind"
            volume.source = resolveHostPath(source, workingDir: workingDir, homeDir: homeDir)
            volume.bind = ServiceVolumeBind(propagation: propagation, createHostPath: true, selinux: selinux)
        } else {
            volume.type = "volume"
            volume.source = source
            volume.volume = ServiceVolumeVolume(nocopy: nocopy)
        }
        return .success(volume)
    }

    static func isBindSource(_ s: String) -> Bool {
        if s.hasPrefix(".") || s.hasPrefix("/") || s.hasPrefix("~") || s.hasPrefix("\\\\") { return true }
        let u = Array(s.utf8.prefix(2))
        return u.count == 2 && isLetter(u[0]) && u[1] == UInt8(ascii: ":")
    }

    /// `~` → home, relative → joined onto the working directory, absolute kept.
    static func resolveHostPath(_ s: String, workingDir: String, homeDir: String) -> String {
        if s.hasPrefix("~") { return join(homeDir, String(s.dropFirst())) }
        if isAbsolute(s) { return s.hasPrefix("/") ? clean(s) : s }
        return join(workingDir, s)
    }

    // MARK: Hosts and devices

    /// `host=ip[,ip]` or `host:ip` → host and addresses.
    static func extraHost(_ s: String) -> Result<(String, [String]), BridgeError> {
        guard let sep = s.firstIndex(of: "=") ?? s.firstIndex(of: ":") else {
            return .failure(BridgeError("invalid additional host, missing IP: \(s)"))
        }
        let host = String(s[..<sep])
        let value = s[s.index(after: sep)...]
        if host.isEmpty || host.contains(":") || host.contains("=") {
            return .failure(BridgeError("bad host name '\(host)'"))
        }
        if value.isEmpty { return .failure(BridgeError("invalid additional host, missing IP: \(s)")) }
        let ips = value.split(separator: ",").map { ip -> String in
            var ip = String(ip)
            if ip.hasPrefix("[") && ip.hasSuffix("]") { ip = String(ip.dropFirst().dropLast()) }
            return ip
        }
        return .success((host, ips))
    }

    /// `src[:dst[:perms]]`.
    static func device(_ s: String) -> Result<DeviceMapping, BridgeError> {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            return .success(DeviceMapping(source: s, target: s, permissions: "rwm"))
        case 2:
            if isDevicePermissions(parts[1]) {
                return .success(DeviceMapping(source: parts[0], target: parts[0], permissions: parts[1]))
            }
            return .success(DeviceMapping(source: parts[0], target: parts[1], permissions: "rwm"))
        case 3:
            return .success(DeviceMapping(source: parts[0], target: parts[1], permissions: parts[2]))
        default:
            return .failure(BridgeError("confusing device mapping, please use long syntax: \(s)"))
        }
    }

    static func isDevicePermissions(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 3 && s.allSatisfy { "rwm".contains($0) }
    }
}

extension String {
    /// How many `::` occur (IPv6 validation helper).
    fileprivate func components(separatedByDoubleColon: ()) -> Int {
        var count = 0
        var previous: Character = " "
        var skip = false
        for c in self {
            if skip {
                skip = false
                previous = c
                continue
            }
            if c == ":" && previous == ":" {
                count += 1
                skip = true
            }
            previous = c
        }
        return count + 1
    }
}
