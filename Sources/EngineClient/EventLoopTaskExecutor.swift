import NIOCore

/// Runs Swift tasks on the client's event loop. A task that prefers this executor
/// (`withTaskExecutorPreference(client.taskExecutor)`) resumes on the thread that read the
/// response, saving two thread wake-ups per request: a loop of sequential calls then runs at the
/// speed of the socket.
@available(macOS 15.0, iOS 18.0, tvOS 18.0, watchOS 11.0, *)
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
