/// One call to the engine: the HTTP method and the path (without the `/v1.xx` prefix).
public struct EngineCall: Sendable, Hashable, CustomStringConvertible {
    /// `GET`, `POST`, …
    public var method: String
    /// The API path, e.g. `/containers/web/start`.
    public var path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    public var description: String { "\(method) \(path)" }
}

/// Everything that can go wrong talking to the engine.
///
/// Not-found and conflict are typed so that callers can act on them (adopt an existing
/// container on 409, create a network on 404); every other HTTP failure is `.http`.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// 404: the object named in the call does not exist.
    case notFound(call: EngineCall, message: String)
    /// 409: a name is taken, or the object is in the wrong state for the call.
    case conflict(call: EngineCall, message: String)
    /// Any other non-success status.
    case http(call: EngineCall, status: Int, message: String)
    /// No engine answered at `endpoint` (a socket path or `host:port`).
    case notReachable(endpoint: String, underlying: String)
    /// The engine speaks an API older than the minimum Berth supports.
    case unsupportedAPIVersion(engine: String, minimum: String)
    /// No answer within `seconds`.
    case timeout(call: EngineCall, seconds: Double)
    /// The engine's answer did not make sense (malformed HTTP, undecodable JSON, truncated stream).
    case protocolError(call: EngineCall?, detail: String)
    /// An error reported inside a progress stream (pull, push, build) after a 200 response.
    case stream(call: EngineCall, message: String)
    /// The endpoint configuration (DOCKER_HOST, context, TLS files) is unusable.
    case configuration(String)

    /// The engine call this error belongs to, when there is one.
    public var call: EngineCall? {
        switch self {
        case .notFound(let call, _), .conflict(let call, _), .http(let call, _, _),
            .timeout(let call, _), .stream(let call, _):
            return call
        case .protocolError(let call, _):
            return call
        case .notReachable, .unsupportedAPIVersion, .configuration:
            return nil
        }
    }

    /// The HTTP status, when the engine answered with one.
    public var status: Int? {
        switch self {
        case .notFound: return 404
        case .conflict: return 409
        case .http(_, let status, _): return status
        default: return nil
        }
    }

    /// The engine's own message (or Berth's, for errors the engine did not report).
    public var message: String {
        switch self {
        case .notFound(_, let message), .conflict(_, let message), .http(_, _, let message),
            .stream(_, let message):
            return message
        case .notReachable(let endpoint, let underlying):
            return "cannot reach the Docker engine at \(endpoint): \(underlying)"
        case .unsupportedAPIVersion(let engine, let minimum):
            return "the engine speaks API \(engine), Berth needs at least \(minimum)"
        case .timeout(_, let seconds):
            return "no answer from the engine within \(Self.format(seconds)) s"
        case .protocolError(_, let detail):
            return detail
        case .configuration(let detail):
            return detail
        }
    }

    /// True for 404.
    public var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }

    /// True for 409.
    public var isConflict: Bool {
        if case .conflict = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .notFound(let call, let message):
            return "not found: \(message) (\(call))"
        case .conflict(let call, let message):
            return "conflict: \(message) (\(call))"
        case .http(let call, let status, let message):
            return "engine error \(status): \(message) (\(call))"
        case .notReachable:
            return message
                + ". Is the Docker engine running? Start it with scripts/engine (or `dockerd`),"
                + " or point DOCKER_HOST / DOCKER_CONTEXT at a running engine."
        case .unsupportedAPIVersion:
            return message + ". Upgrade the engine to Docker 20.10 or newer."
        case .timeout(let call, _):
            return "\(message) (\(call)). The engine may be overloaded or stuck; check its log."
        case .protocolError(let call, let detail):
            if let call { return "unexpected answer from the engine: \(detail) (\(call))" }
            return "unexpected answer from the engine: \(detail)"
        case .stream(let call, let message):
            return "\(message) (\(call))"
        case .configuration(let detail):
            return "engine configuration: \(detail)"
        }
    }

    static let connectionClosedDetail = "the engine closed the connection"

    /// Maps an HTTP status and the engine's message to the right case.
    static func from(status: Int, call: EngineCall, message: String) -> EngineError {
        switch status {
        case 404: return .notFound(call: call, message: message)
        case 409: return .conflict(call: call, message: message)
        default: return .http(call: call, status: status, message: message)
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
