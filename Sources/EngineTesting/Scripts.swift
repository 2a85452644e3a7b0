import EngineClient

/// What a container "does" in the in-memory engine once started: how long its process runs,
/// how it exits, what it prints and how its healthcheck turns out.
public struct ContainerScript: Sendable, Hashable {
    /// How the healthcheck goes (only when the container has one).
    public enum Health: Sendable, Hashable {
        /// Turns healthy after the delay.
        case healthy(after: Duration)
        /// Turns unhealthy after the delay, the last check printing `output`.
        case unhealthy(after: Duration, output: String)
        /// Stays `starting` until a test sets it (`InMemoryEngine.setHealth`).
        case manual
    }

    /// The process exits on its own after this long; nil runs until stopped.
    public var exitAfter: Duration?
    /// Its exit code when it exits on its own.
    public var exitCode: Int
    /// Lines written on start, in order.
    public var output: [OutputChunk]
    /// The healthcheck's course.
    public var health: Health

    /// A script; the default runs until stopped and turns healthy at once.
    public init(exitAfter: Duration? = nil, exitCode: Int = 0, output: [OutputChunk] = [], health: Health = .healthy(after: .zero)) {
        self.exitAfter = exitAfter
        self.exitCode = exitCode
        self.output = output
        self.health = health
    }

    /// Runs until stopped.
    public static let longRunning = ContainerScript()

    /// Exits with `code` after `delay`.
    public static func exits(_ code: Int = 0, after delay: Duration = .zero) -> ContainerScript {
        ContainerScript(exitAfter: delay, exitCode: code)
    }
}

/// Which engine call a fault applies to (the `EngineAPI` method's name).
public enum EngineOperation: String, Sendable, Hashable, CaseIterable {
    case createContainer, startContainer, stopContainer, restartContainer, killContainer, pauseContainer, unpauseContainer
    case removeContainer, inspectContainer, listContainers, renameContainer, waitContainer, putArchive, getArchive
    case createNetwork, inspectNetwork, listNetworks, connectNetwork, disconnectNetwork, removeNetwork
    case createVolume, inspectVolume, listVolumes, removeVolume
    case inspectImage, listImages, removeImage, tagImage, pullImage, pushImage, buildImage
    case events, logs, createExec, startExec, inspectExec, attach
}

/// A failure the in-memory engine injects into a call.
public enum EngineFault: Sendable, Hashable {
    /// Answers with this HTTP status (404, 409, 500, …) and message instead of doing the call.
    case status(Int, String)
    /// Waits this long, then does the call (a slow engine).
    case delay(Duration)
    /// For streams (events, logs, pull…): opens, then ends with an error at once.
    case dropStream
    /// For streams: opens, then neither sends nor ends until the caller stops reading (a
    /// follow the engine forgot to close, as dockerd's log followers sometimes do).
    case stallStream
    /// For logs: sends the first this many bytes of the output, then stalls like `stallStream`
    /// (a follow that missed its container's end and its last lines).
    case stallStreamAfter(bytes: Int)
    /// The engine is gone: `EngineError.notReachable`.
    case unreachable
}

/// One injected fault: the call it hits, optionally only for one name or ID, how many times.
public struct FaultRule: Sendable, Hashable {
    public var operation: EngineOperation
    /// Only calls whose target (container/network/volume/image name or ID) contains this.
    public var target: String?
    public var fault: EngineFault
    /// How many calls it hits; nil for every one.
    public var times: Int?

    public init(_ operation: EngineOperation, target: String? = nil, fault: EngineFault, times: Int? = 1) {
        self.operation = operation
        self.target = target
        self.fault = fault
        self.times = times
    }
}
