/// An image reference split as Docker normalises it: `busybox` is
/// `docker.io/library/busybox:latest`; `127.0.0.1:5000/x/y:t` is registry `127.0.0.1:5000`,
/// repository `x/y`, tag `t`.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// `docker.io` or the `host[:port]` written before the first `/`.
    public var registry: String
    /// The path inside the registry (`library/busybox`, `berth/busybox`).
    public var repository: String
    /// The tag, when written.
    public var tag: String?
    /// The `sha256:…` digest, when written.
    public var digest: String?

    /// The registry Docker Hub references use.
    public static let dockerHub = "docker.io"
    /// The key Docker Hub credentials have in `~/.docker/config.json`.
    public static let dockerHubAuthKey = "https://index.docker.io/v1/"

    /// Splits `reference`. A first component with a `.` or `:`, or `localhost`, is a registry.
    public init(_ reference: String) {
        var rest = Substring(reference)
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        let lastSlash = rest.lastIndex(of: "/")
        let nameStart = lastSlash.map { rest.index(after: $0) } ?? rest.startIndex
        if let colon = rest[nameStart...].lastIndex(of: ":") {
            tag = String(rest[rest.index(after: colon)...])
            rest = rest[..<colon]
        }
        if let slash = rest.firstIndex(of: "/") {
            let first = rest[..<slash]
            if first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase) {
                registry = String(first)
                repository = String(rest[rest.index(after: slash)...])
            } else {
                registry = Self.dockerHub
                repository = String(rest)
            }
        } else {
            registry = Self.dockerHub
            repository = "library/" + rest
        }
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = Self.dockerHub }
    }

    /// The name without tag or digest, as Docker prints it (`busybox`, `127.0.0.1:5000/x`).
    public var name: String {
        if registry == Self.dockerHub {
            return repository.hasPrefix("library/") ? String(repository.dropFirst("library/".count)) : repository
        }
        return registry + "/" + repository
    }

    /// The tag, `latest` when none and no digest is written.
    public var tagOrDefault: String? { tag ?? (digest == nil ? "latest" : nil) }

    /// `name:tag` or `name@digest`, as written with the defaults filled in.
    public var description: String {
        if let digest { return name + (tag.map { ":" + $0 } ?? "") + "@" + digest }
        return name + ":" + (tag ?? "latest")
    }

    /// The registry's key in `~/.docker/config.json` (Docker Hub's historical URL for docker.io).
    public var authKey: String {
        registry == Self.dockerHub ? Self.dockerHubAuthKey : registry
    }
}
