/// A small bounded pool of keep-alive connections to one engine, and the API version
/// negotiated on the first of them.
actor ConnectionPool {
    private let factory: ConnectionFactory
    private let maxConnections: Int
    private var idle: [EngineConnection] = []
    private var total = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<EngineConnection?, any Error>)] = []
    private var nextWaiterID: UInt64 = 0
    private(set) var opened = 0
    private var apiVersion: APIVersion?

    init(factory: ConnectionFactory, maxConnections: Int) {
        self.factory = factory
        self.maxConnections = max(1, maxConnections)
    }

    /// A connection for one request, the negotiated API version if known yet, and whether the
    /// connection carried earlier requests (so the engine may have closed it meanwhile).
    func acquire() async throws -> (EngineConnection, APIVersion?, reused: Bool) {
        while true {
            while let connection = idle.popLast() {
                if connection.isActive { return (connection, apiVersion, true) }
                total -= 1
            }
            if total < maxConnections {
                total += 1
                opened += 1
                do {
                    let connection = try await factory.makePooledConnection()
                    return (connection, apiVersion, false)
                } catch {
                    total -= 1
                    wakeOne(with: nil)
                    throw error
                }
            }
            nextWaiterID += 1
            let id = nextWaiterID
            let woken: EngineConnection? = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<EngineConnection?, any Error>) in
                    if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        waiters.append((id, continuation))
                    }
                }
            } onCancel: {
                Task { await self.cancelWaiter(id) }
            }
            if let connection = woken {
                return (connection, apiVersion, true)
            }
            // Woken with a free slot: loop and open a connection.
        }
    }

    /// Returns a connection after its response ended; closes it unless it can be reused.
    func release(_ connection: EngineConnection, reusable: Bool) {
        if reusable && connection.isActive {
            if waiters.isEmpty {
                idle.append(connection)
            } else {
                waiters.removeFirst().continuation.resume(returning: connection)
            }
        } else {
            connection.close()
            total -= 1
            wakeOne(with: nil)
        }
    }

    func setAPIVersion(_ version: APIVersion) { apiVersion = version }

    /// The negotiated API version, if it is known yet.
    var knownAPIVersion: APIVersion? { apiVersion }

    /// A dedicated connection outside the pool (streams, waits), counted in `opened`.
    func noteDedicatedConnection() { opened += 1 }

    func shutdown() {
        for connection in idle { connection.close() }
        idle.removeAll()
    }

    private func wakeOne(with connection: EngineConnection?) {
        guard !waiters.isEmpty else { return }
        waiters.removeFirst().continuation.resume(returning: connection)
    }

    /// A waiting caller was cancelled: it stops waiting for a connection.
    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
