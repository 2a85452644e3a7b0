/// One port entry in Compose's long syntax.
public struct PortSpec: Sendable, Equatable {
    /// Always `ingress` for the short syntax.
    public var mode: String
    /// The host IP, nil when not given.
    public var hostIP: String?
    /// The container port.
    public var target: Int
    /// The published port or range (`"8080"`, `"8000-9000"`), nil when not given.
    public var published: String?
    /// `tcp`, `udp` or `sctp`, lowercased.
    public var `protocol`: String

    /// Creates an entry; defaults are the short-syntax ones (`ingress`, `tcp`).
    public init(mode: String = "ingress", hostIP: String? = nil, target: Int, published: String? = nil, protocol: String = "tcp") {
        self.mode = mode
        self.hostIP = hostIP
        self.target = target
        self.published = published
        self.protocol = `protocol`
    }
}

/// `ports:` short syntax (compose-go `ParsePortConfig` over go-connections `nat.ParsePortSpec`).
public enum PortSyntax {
    /// `[[IP:]HOST:]CONTAINER[/PROTO]` → one or more entries, ordered by the string
    /// `"<port>/<proto>"` as compose-go does. Errors carry Compose's texts
    /// (`Invalid containerPort: x`, `Invalid hostPort: x`, `Invalid proto: x`,
    /// `Invalid ip address: x`, `No port specified: <s><empty>`,
    /// `Invalid ranges specified for container and host Ports: C and H`).
    public static func parse(_ s: String) throws -> [PortSpec] {
        if let simple = simple(s) { return [simple] }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var ip = ""
        var hostPort = ""
        let rawContainer = parts[parts.count - 1]
        switch parts.count {
        case 1: break
        case 2: hostPort = parts[0]
        case 3:
            ip = parts[0]
            hostPort = parts[1]
        default:
            ip = parts[..<(parts.count - 2)].joined(separator: ":")
            hostPort = parts[parts.count - 2]
        }
        var (proto, containerPort) = splitProtoPort(rawContainer)

        if ip.hasPrefix("[") {
            guard let close = ip.firstIndex(of: "]"), ip.index(after: close) == ip.endIndex else {
                throw SyntaxError("Invalid ip address \(ip): address \(ip): missing ']' in address")
            }
            ip = String(ip[ip.index(after: ip.startIndex)..<close])
        }
        if !ip.isEmpty && !IPSyntax.isValid(ip) {
            throw SyntaxError("Invalid ip address: \(ip)")
        }
        if containerPort.isEmpty {
            throw SyntaxError("No port specified: \(s)<empty>")
        }
        guard let (start, end) = parseRange(containerPort) else {
            throw SyntaxError("Invalid containerPort: \(containerPort)")
        }
        var hostStart = 0
        var hostEnd = 0
        if !hostPort.isEmpty {
            guard let r = parseRange(hostPort) else {
                throw SyntaxError("Invalid hostPort: \(hostPort)")
            }
            (hostStart, hostEnd) = r
        }
        if !hostPort.isEmpty && (end - start) != (hostEnd - hostStart) && end != start {
            throw SyntaxError("Invalid ranges specified for container and host Ports: \(containerPort) and \(hostPort)")
        }
        let lowered = proto.lowercased()
        guard lowered == "tcp" || lowered == "udp" || lowered == "sctp" else {
            throw SyntaxError("Invalid proto: \(proto)")
        }
        proto = lowered

        var entries: [(key: String, spec: PortSpec)] = []
        for i in 0...(end - start) {
            let port = start + i
            var published: String? = nil
            if !hostPort.isEmpty {
                published = String(hostStart + i)
            }
            if start == end && hostStart != hostEnd {
                published = "\(published ?? "")-\(hostEnd)"
            }
            let spec = PortSpec(
                mode: "ingress", hostIP: ip.isEmpty ? nil : ip, target: port,
                published: (published?.isEmpty ?? true) ? nil : published, protocol: proto)
            entries.append(("\(port)/\(proto)", spec))
        }
        // Stable sort by the nat.Port key string.
        return entries.enumerated()
            .sorted { a, b in a.element.key != b.element.key ? a.element.key < b.element.key : a.offset < b.offset }
            .map(\.element.spec)
    }

    /// The usual entry, `CONTAINER` or `HOST:CONTAINER` with an optional lowercase `/tcp`,
    /// `/udp` or `/sctp` and single ports, read from the bytes in one pass; `nil` for anything
    /// else (IPs, ranges, empty parts, other protocols), which the general parse takes. It
    /// gives what the general parse gives for these.
    private static func simple(_ s: String) -> PortSpec? {
        var host: Int?
        var current = 0
        var digits = 0
        var proto = "tcp"
        var utf8 = s.utf8[...]
        if let slash = utf8.firstIndex(of: UInt8(ascii: "/")) {
            switch String(s[slash...]) {
            case "/tcp": proto = "tcp"
            case "/udp": proto = "udp"
            case "/sctp": proto = "sctp"
            default: return nil
            }
            utf8 = utf8[..<slash]
        }
        for b in utf8 {
            if b >= 0x30 && b <= 0x39 {
                current = current * 10 + Int(b - 0x30)
                digits += 1
                if current > 65535 { return nil }
            } else if b == UInt8(ascii: ":"), host == nil, digits > 0 {
                host = current
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return PortSpec(mode: "ingress", hostIP: nil, target: current, published: host.map { String($0) }, protocol: proto)
    }

    /// go-connections `SplitProtoPort`.
    private static func splitProtoPort(_ raw: String) -> (String, String) {
        let parts = raw.split(separator: "/", omittingEmptySubsequences: false)
        if raw.isEmpty || parts[0].isEmpty { return ("", "") }
        if parts.count == 1 { return ("tcp", raw) }
        if parts[1].isEmpty { return ("tcp", String(parts[0])) }
        return (String(parts[1]), String(parts[0]))
    }

    /// go-connections `ParsePortRange`: `N` or `N-M` (extra `-` parts ignored), 0…65535.
    private static func parseRange(_ s: String) -> (Int, Int)? {
        if !s.contains("-") {
            guard let v = parseUInt16(Substring(s)) else { return nil }
            return (v, v)
        }
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let a = parseUInt16(parts[0]), let b = parseUInt16(parts[1]), b >= a else { return nil }
        return (a, b)
    }

    private static func parseUInt16(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        var v = 0
        for c in s.utf8 {
            v = v * 10 + Int(c - 0x30)
            if v > 65535 { return nil }
        }
        return v
    }
}
