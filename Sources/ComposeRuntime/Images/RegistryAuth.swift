import BerthBasics
import Foundation

/// Credentials for one registry, in the shape the engine reads from `X-Registry-Auth`.
public struct RegistryCredentials: Sendable, Hashable, Codable {
    public var username: String?
    public var password: String?
    /// An OAuth refresh token (`identitytoken` in the config, or a helper's `<token>` user).
    public var identityToken: String?
    /// A bearer token for the registry itself.
    public var registryToken: String?
    /// The registry these credentials are for.
    public var serverAddress: String?

    public init(username: String? = nil, password: String? = nil, identityToken: String? = nil, registryToken: String? = nil, serverAddress: String? = nil) {
        self.username = username
        self.password = password
        self.identityToken = identityToken
        self.registryToken = registryToken
        self.serverAddress = serverAddress
    }

    enum CodingKeys: String, CodingKey {
        case username, password
        case identityToken = "identitytoken"
        case registryToken = "registrytoken"
        case serverAddress = "serveraddress"
    }

    /// The `X-Registry-Auth` header value: base64url of the JSON.
    public var headerValue: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return RegistryAuth.base64URL(data)
    }
}

/// Registry credentials from the Docker CLI's configuration (`$DOCKER_CONFIG/config.json`,
/// default `~/.docker/config.json`): `auths` entries (`auth` = base64 `user:password`,
/// `identitytoken`), and credential helpers (`credHelpers` per registry, `credsStore` for all)
/// run as `docker-credential-NAME get` with the registry on stdin.
public struct RegistryAuth: Sendable {
    /// One `auths` entry.
    public struct AuthEntry: Sendable, Hashable, Codable {
        public var auth: String?
        public var username: String?
        public var password: String?
        public var identitytoken: String?
        public var registrytoken: String?

        public init(auth: String? = nil, username: String? = nil, password: String? = nil, identitytoken: String? = nil, registrytoken: String? = nil) {
            self.auth = auth
            self.username = username
            self.password = password
            self.identitytoken = identitytoken
            self.registrytoken = registrytoken
        }
    }

    /// The parts of `config.json` about registries.
    public struct ConfigFile: Sendable, Hashable, Codable {
        public var auths: [String: AuthEntry]?
        public var credsStore: String?
        public var credHelpers: [String: String]?

        public init(auths: [String: AuthEntry]? = nil, credsStore: String? = nil, credHelpers: [String: String]? = nil) {
            self.auths = auths
            self.credsStore = credsStore
            self.credHelpers = credHelpers
        }
    }

    /// The configuration read (empty when the file does not exist).
    public let config: ConfigFile
    /// Where it was read from.
    public let configPath: String
    /// Directories searched for `docker-credential-*` helpers (the PATH).
    public let searchPath: [String]
    /// Where the configuration and the helpers are looked up.
    let fileSystem: any FileSystem

    /// Reads the configuration: `configPath`, else `$DOCKER_CONFIG/config.json`, else
    /// `~/.docker/config.json`. A missing file means no credentials; an unreadable one throws.
    public init(
        configPath: String? = nil, environment: Environment = ProcessEnvironment.current, fileSystem: any FileSystem = LocalFileSystem()
    ) throws(RegistryAuthError) {
        let path = configPath
            ?? environment["DOCKER_CONFIG"].map { $0 + "/config.json" }
            ?? ((environment["HOME"] ?? fileSystem.homeDirectory) + "/.docker/config.json")
        self.configPath = path
        self.searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        self.fileSystem = fileSystem
        guard let data = fileSystem.contentsIfReadable(path) else {
            config = ConfigFile()
            return
        }
        do {
            config = try JSONDecoder().decode(ConfigFile.self, from: Data(data))
        } catch {
            throw .badConfig(path: path, reason: "\(error)")
        }
    }

    /// Uses `config` as given (tests, or a config assembled in memory).
    public init(config: ConfigFile, configPath: String = "<memory>", searchPath: [String] = [], fileSystem: any FileSystem = LocalFileSystem()) {
        self.config = config
        self.configPath = configPath
        self.searchPath = searchPath
        self.fileSystem = fileSystem
    }

    /// The credentials for `registry` (`docker.io`, `host:port`), or nil when none are configured.
    public func credentials(forRegistry registry: String) throws(RegistryAuthError) -> RegistryCredentials? {
        let wanted = Self.hostname(registry)
        let key = wanted == ImageReference.dockerHub ? ImageReference.dockerHubAuthKey : wanted
        if let helper = config.credHelpers?.first(where: { Self.hostname($0.key) == wanted })?.value {
            return try runHelper(helper, serverURL: key)
        }
        if let store = config.credsStore, !store.isEmpty, let found = try runHelper(store, serverURL: key) {
            return found
        }
        guard let entry = config.auths?.first(where: { Self.hostname($0.key) == wanted })?.value else { return nil }
        var credentials = RegistryCredentials(serverAddress: key)
        if let auth = entry.auth, !auth.isEmpty {
            guard let decoded = Data(base64Encoded: Self.padded(auth)), let text = String(data: decoded, encoding: .utf8),
                let colon = text.firstIndex(of: ":")
            else {
                throw .badConfig(path: configPath, reason: "the auth entry for \(registry) is not base64 of user:password")
            }
            credentials.username = String(text[..<colon])
            credentials.password = String(text[text.index(after: colon)...])
        } else {
            credentials.username = entry.username
            credentials.password = entry.password
        }
        credentials.identityToken = entry.identitytoken.flatMap { $0.isEmpty ? nil : $0 }
        credentials.registryToken = entry.registrytoken.flatMap { $0.isEmpty ? nil : $0 }
        if credentials.username == nil && credentials.password == nil && credentials.identityToken == nil && credentials.registryToken == nil {
            return nil
        }
        return credentials
    }

    /// The `X-Registry-Auth` value for pulling or pushing `image`, nil when no credentials.
    public func header(forImage image: String) throws(RegistryAuthError) -> String? {
        try credentials(forRegistry: ImageReference(image).registry)?.headerValue
    }

    /// The `X-Registry-Config` value for a build (every registry with credentials, by key),
    /// nil when there are none. Helpers are asked only for the registries in `registries`.
    public func buildRegistryConfig(registries: [String]) -> String? {
        var all: [String: RegistryCredentials] = [:]
        var names = Set(registries.map(Self.hostname))
        for key in config.auths?.keys ?? [:].keys { names.insert(Self.hostname(key)) }
        for name in names.sorted() {
            if let found = try? credentials(forRegistry: name) {
                all[name == ImageReference.dockerHub ? ImageReference.dockerHubAuthKey : name] = found
            }
        }
        guard !all.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(all) else { return nil }
        return Self.base64URL(data)
    }

    /// The registry's host name as config keys are compared: scheme and path dropped,
    /// Docker Hub's names folded to `docker.io`.
    public static func hostname(_ key: String) -> String {
        var text = Substring(key)
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        switch text {
        case "index.docker.io", "registry-1.docker.io", "docker.io", "registry.hub.docker.com": return ImageReference.dockerHub
        default: return String(text)
        }
    }

    /// Runs `docker-credential-NAME get`; nil when the helper has no credentials for the server.
    func runHelper(_ name: String, serverURL: String) throws(RegistryAuthError) -> RegistryCredentials? {
        let executable = "docker-credential-" + name
        guard let path = searchPath.map({ $0 + "/" + executable }).first(where: { fileSystem.isExecutableFile($0) }) else {
            throw .helperFailed(helper: executable, registry: serverURL, reason: "not found in PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["get"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw .helperFailed(helper: executable, registry: serverURL, reason: "\(error)")
        }
        input.fileHandleForWriting.write(Data(serverURL.utf8))
        try? input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            let message = text.isEmpty ? String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : text
            if message.lowercased().contains("credentials not found") { return nil }
            throw .helperFailed(helper: executable, registry: serverURL, reason: message)
        }
        struct HelperAnswer: Decodable {
            var ServerURL: String?
            var Username: String?
            var Secret: String?
        }
        guard let answer = try? JSONDecoder().decode(HelperAnswer.self, from: Data(text.utf8)) else {
            throw .helperFailed(helper: executable, registry: serverURL, reason: "unreadable answer \(text.prefix(200).debugDescription)")
        }
        if answer.Username == "<token>" {
            return RegistryCredentials(identityToken: answer.Secret, serverAddress: serverURL)
        }
        return RegistryCredentials(username: answer.Username, password: answer.Secret, serverAddress: serverURL)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    private static func padded(_ base64: String) -> String {
        let text = base64.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return text + String(repeating: "=", count: (4 - text.count % 4) % 4)
    }
}

/// Why credentials could not be found or used.
public enum RegistryAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `config.json` is not valid.
    case badConfig(path: String, reason: String)
    /// A credential helper could not be run or failed.
    case helperFailed(helper: String, registry: String, reason: String)

    public var description: String {
        switch self {
        case .badConfig(let path, let reason): return "\(path): \(reason)"
        case .helperFailed(let helper, let registry, let reason):
            return "credential helper \(helper) failed for \(registry): \(reason)"
        }
    }
}
