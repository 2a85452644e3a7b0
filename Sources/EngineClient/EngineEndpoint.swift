import BerthBasics
import Foundation

/// Where the engine listens and how to talk to it: a unix socket or a TCP address, with TLS
/// material when the connection is encrypted.
public struct EngineEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The transport.
    public enum Address: Sendable, Hashable {
        /// A unix domain socket path.
        case unix(path: String)
        /// A TCP host and port.
        case tcp(host: String, port: Int)
    }

    /// Files for a TLS connection (`ca.pem`, `cert.pem`, `key.pem` under DOCKER_CERT_PATH).
    public struct TLSFiles: Sendable, Hashable {
        /// CA bundle to verify the engine with; nil uses the system roots.
        public var caFile: String?
        /// Client certificate chain.
        public var certificateFile: String?
        /// Client private key.
        public var keyFile: String?
        /// Verify the engine's certificate and hostname.
        public var verify: Bool

        public init(caFile: String?, certificateFile: String?, keyFile: String?, verify: Bool) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.verify = verify
        }
    }

    /// The transport address.
    public var address: Address
    /// TLS settings; nil for plain HTTP.
    public var tls: TLSFiles?
    /// Where this endpoint came from ("DOCKER_HOST", "context foo", "default"), for messages.
    public var source: String

    public init(address: Address, tls: TLSFiles? = nil, source: String = "explicit") {
        self.address = address
        self.tls = tls
        self.source = source
    }

    /// The default local socket.
    public static let defaultSocketPath = "/var/run/docker.sock"

    /// `unix:///var/run/docker.sock` or `tcp://host:port`, as DOCKER_HOST would say it.
    public var description: String {
        switch address {
        case .unix(let path): return "unix://\(path)"
        case .tcp(let host, let port): return "tcp://\(host):\(port)"
        }
    }

    /// The value of the `Host` header (dockerd rejects requests without one).
    var hostHeader: String {
        switch address {
        case .unix: return "docker"
        case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// Parses a DOCKER_HOST value: `unix:///path`, `tcp://host[:port]`, `http://`, `https://`,
    /// or a bare absolute socket path. `tls` decides the default TCP port (2376 with TLS, else 2375).
    public static func parse(host: String, tls: TLSFiles? = nil, source: String = "DOCKER_HOST") throws(EngineError) -> EngineEndpoint {
        let value = host.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("unix://") {
            let path = String(value.dropFirst("unix://".count))
            guard !path.isEmpty else { throw .configuration("\(source) '\(host)' names no socket path") }
            return EngineEndpoint(address: .unix(path: path), tls: tls, source: source)
        }
        if value.hasPrefix("/") {
            return EngineEndpoint(address: .unix(path: value), tls: tls, source: source)
        }
        var rest: Substring
        var tls = tls
        if value.hasPrefix("tcp://") {
            rest = value.dropFirst("tcp://".count)
        } else if value.hasPrefix("http://") {
            rest = value.dropFirst("http://".count)
        } else if value.hasPrefix("https://") {
            rest = value.dropFirst("https://".count)
            if tls == nil { tls = TLSFiles(caFile: nil, certificateFile: nil, keyFile: nil, verify: true) }
        } else if value.hasPrefix("ssh://") || value.hasPrefix("npipe://") || value.hasPrefix("fd://") {
            throw .configuration("\(source) '\(host)': only unix:// and tcp:// endpoints are supported")
        } else {
            throw .configuration("\(source) '\(host)' is not an endpoint (expected unix:///path or tcp://host:port)")
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        let defaultPort = tls == nil ? 2375 : 2376
        var hostPart = String(rest)
        var port = defaultPort
        if hostPart.hasPrefix("[") {  // [ipv6]:port
            if let close = hostPart.firstIndex(of: "]") {
                let after = hostPart[hostPart.index(after: close)...]
                if after.hasPrefix(":"), let p = Int(after.dropFirst()) { port = p }
                hostPart = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            }
        } else if let colon = hostPart.lastIndex(of: ":") {
            guard let p = Int(hostPart[hostPart.index(after: colon)...]), (1...65535).contains(p) else {
                throw .configuration("\(source) '\(host)' has an invalid port")
            }
            port = p
            hostPart = String(hostPart[..<colon])
        }
        if hostPart.isEmpty { hostPart = "localhost" }
        return EngineEndpoint(address: .tcp(host: hostPart, port: port), tls: tls, source: source)
    }

    /// The endpoint the docker CLI would use: DOCKER_HOST (with DOCKER_TLS_VERIFY, DOCKER_TLS and
    /// DOCKER_CERT_PATH), else DOCKER_CONTEXT or `currentContext` of `config.json`
    /// (DOCKER_CONFIG, default `~/.docker`), else the default socket.
    ///
    /// - Parameters:
    ///   - environment: the process environment (a parameter so tests can pass their own).
    ///   - homeDirectory: the user's home, for `~/.docker`; nil takes the file system's.
    ///   - fileSystem: where `config.json`, the contexts and the TLS files are read.
    public static func fromEnvironment(
        _ environment: Environment = ProcessEnvironment.current,
        homeDirectory: String? = nil,
        fileSystem: any FileSystem = LocalFileSystem()
    ) throws(EngineError) -> EngineEndpoint {
        let configDir = environment.nonEmpty("DOCKER_CONFIG") ?? (homeDirectory ?? fileSystem.homeDirectory) + "/.docker"
        if let host = environment.nonEmpty("DOCKER_HOST") {
            return try parse(host: host, tls: tlsFromEnvironment(environment, configDir: configDir, fileSystem: fileSystem), source: "DOCKER_HOST")
        }
        var contextName = environment.nonEmpty("DOCKER_CONTEXT")
        if contextName == nil {
            contextName = currentContext(configDir: configDir, fileSystem: fileSystem)
        }
        if let name = contextName, name != "default" {
            return try context(named: name, configDir: configDir, fileSystem: fileSystem)
        }
        return EngineEndpoint(address: .unix(path: defaultSocketPath), source: "default")
    }

    private static func tlsFromEnvironment(_ environment: Environment, configDir: String, fileSystem: any FileSystem) -> TLSFiles? {
        let verify = environment.nonEmpty("DOCKER_TLS_VERIFY") != nil
        let plainTLS = environment.nonEmpty("DOCKER_TLS") != nil
        guard verify || plainTLS else { return nil }
        let certPath = environment.nonEmpty("DOCKER_CERT_PATH") ?? configDir
        return tlsFiles(in: certPath, verify: verify, fileSystem: fileSystem)
    }

    private static func tlsFiles(in directory: String, verify: Bool, fileSystem: any FileSystem) -> TLSFiles {
        func existing(_ name: String) -> String? {
            let path = directory + "/" + name
            return fileSystem.fileExists(path) ? path : nil
        }
        return TLSFiles(caFile: existing("ca.pem"), certificateFile: existing("cert.pem"), keyFile: existing("key.pem"), verify: verify)
    }

    private static func currentContext(configDir: String, fileSystem: any FileSystem) -> String? {
        guard let bytes = fileSystem.contentsIfReadable(configDir + "/config.json"),
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            let name = object["currentContext"] as? String, !name.isEmpty
        else { return nil }
        return name
    }

    /// Finds the context's `contexts/meta/<dir>/meta.json` (the docker CLI names the directory
    /// after the SHA-256 of the name; looking for the meta whose `Name` matches finds the same
    /// one without hashing) and reads it with the context's TLS directory.
    static func context(named name: String, configDir: String, fileSystem: any FileSystem) throws(EngineError) -> EngineEndpoint {
        let metaRoot = "\(configDir)/contexts/meta"
        let dirs = (try? fileSystem.listDirectory(metaRoot)) ?? []
        var found: (digest: String, object: [String: Any], path: String)?
        for dir in dirs.sorted() {
            let path = "\(metaRoot)/\(dir)/meta.json"
            guard let bytes = fileSystem.contentsIfReadable(path),
                  let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                  object["Name"] as? String == name else { continue }
            found = (dir, object, path)
            break
        }
        guard let (digest, object, metaPath) = found else {
            throw .configuration("docker context '\(name)' not found under \(metaRoot); `docker context ls` lists the contexts")
        }
        guard let endpoints = object["Endpoints"] as? [String: Any],
            let docker = endpoints["docker"] as? [String: Any],
            let host = docker["Host"] as? String
        else {
            throw .configuration("docker context '\(name)': \(metaPath) has no Endpoints.docker.Host")
        }
        let skipVerify = docker["SkipTLSVerify"] as? Bool ?? false
        let tlsDir = "\(configDir)/contexts/tls/\(digest)/docker"
        var tls: TLSFiles?
        if fileSystem.fileExists(tlsDir) {
            tls = tlsFiles(in: tlsDir, verify: !skipVerify, fileSystem: fileSystem)
        } else if host.hasPrefix("https://") {
            tls = TLSFiles(caFile: nil, certificateFile: nil, keyFile: nil, verify: !skipVerify)
        }
        return try parse(host: host, tls: tls, source: "context \(name)")
    }
}
