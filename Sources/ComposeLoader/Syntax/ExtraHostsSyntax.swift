/// `extra_hosts:` list entries (compose-go `types.HostsList`).
public enum ExtraHostsSyntax {
    /// `host=ip` (preferred) or `host:ip`, split at the first `=`, else the first `:`
    /// (`myhostv6:::1` → `myhostv6`, `::1`). The IP part may be a comma list; `[…]` brackets
    /// are stripped. Errors: `invalid additional host, missing IP: <s>`, `bad host name '<h>'`.
    public static func parse(_ entry: String) throws -> (host: String, ips: [String]) {
        let host: Substring
        let rest: Substring
        if let eq = entry.firstIndex(of: "=") {
            host = entry[..<eq]
            rest = entry[entry.index(after: eq)...]
        } else if let colon = entry.firstIndex(of: ":") {
            host = entry[..<colon]
            rest = entry[entry.index(after: colon)...]
        } else {
            throw SyntaxError("invalid additional host, missing IP: \(entry)")
        }
        if host.isEmpty || host.contains(":") || host.contains("=") {
            throw SyntaxError("bad host name '\(host)'")
        }
        let ips = rest.split(separator: ",", omittingEmptySubsequences: false).map { ip -> String in
            if ip.utf8.count > 2, ip.hasPrefix("["), ip.hasSuffix("]") {
                return String(ip.dropFirst().dropLast())
            }
            return String(ip)
        }
        return (String(host), ips)
    }
}
