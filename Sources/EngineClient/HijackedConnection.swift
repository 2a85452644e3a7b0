import NIOCore
import NIOSSL

/// Reads the HTTP head of a hijacked call (attach, exec start) from raw bytes, then passes every
/// following byte on untouched. Runs on the channel's event loop.
final class HijackHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private enum State {
        case head(ByteBuffer?)
        /// An error status: collecting its body for the engine's message.
        case errorBody(status: Int, expected: Int?, body: ByteBuffer)
        case stream
        case done
    }

    private var state: State = .head(nil)
    private let call: EngineCall
    let output: AsyncThrowingStream<ByteBuffer, any Error>
    private let outputContinuation: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    private var pendingHead: CheckedContinuation<Int, any Error>?

    init(call: EngineCall) {
        self.call = call
        (output, outputContinuation) = AsyncThrowingStream.makeStream(of: ByteBuffer.self, throwing: (any Error).self)
    }

    /// Set before the request is written; resumed with the status (101 or 200) once the head is read.
    func expectHead(_ continuation: CheckedContinuation<Int, any Error>) {
        pendingHead = continuation
    }

    private func resumeHead(_ result: Result<Int, any Error>) {
        guard let continuation = pendingHead else { return }
        pendingHead = nil
        continuation.resume(with: result)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        switch state {
        case .stream:
            outputContinuation.yield(bytes)
        case .head(var buffered):
            if buffered == nil { buffered = bytes } else { buffered!.writeBuffer(&bytes) }
            guard var all = buffered else { return }
            let view = all.readableBytesView
            guard let end = Self.headEnd(view) else {
                if all.readableBytes > 64 * 1024 {
                    fail(EngineError.protocolError(call: call, detail: "response head too large"), context: context)
                } else {
                    state = .head(all)
                }
                return
            }
            let headText = all.readString(length: end - view.startIndex + 4) ?? ""
            let lines = headText.split(separator: "\r\n", omittingEmptySubsequences: true)
            let statusParts = lines.first?.split(separator: " ", maxSplits: 2) ?? []
            guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
                fail(EngineError.protocolError(call: call, detail: "malformed status line"), context: context)
                return
            }
            if status == 101 || status == 200 {
                state = .stream
                resumeHead(.success(status))
                if all.readableBytes > 0 { outputContinuation.yield(all) }
            } else {
                var length: Int?
                for line in lines.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        length = Int(parts[1].filter { $0 != " " && $0 != "\t" })
                    }
                }
                state = .errorBody(status: status, expected: length, body: all)
                checkErrorBody(context: context)
            }
        case .errorBody(let status, let expected, var body):
            body.writeBuffer(&bytes)
            state = .errorBody(status: status, expected: expected, body: body)
            checkErrorBody(context: context)
        case .done:
            break
        }
    }

    private func checkErrorBody(context: ChannelHandlerContext) {
        guard case .errorBody(let status, let expected, let body) = state else { return }
        if let expected, body.readableBytes < expected { return }
        if expected == nil { return }  // wait for the connection to close
        finishError(status: status, body: body, context: context)
    }

    private func finishError(status: Int, body: ByteBuffer, context: ChannelHandlerContext) {
        state = .done
        let error = EngineError.from(status: status, call: call, message: EngineMessage.extract(from: body))
        resumeHead(.failure(error))
        outputContinuation.finish(throwing: error)
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            endOfInput(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        endOfInput(context: context)
        context.fireChannelInactive()
    }

    private func endOfInput(context: ChannelHandlerContext) {
        switch state {
        case .stream:
            state = .done
            outputContinuation.finish()
        case .errorBody(let status, _, let body):
            finishError(status: status, body: body, context: context)
        case .head:
            state = .done
            let error = EngineError.protocolError(call: call, detail: "the engine closed the connection before answering")
            resumeHead(.failure(error))
            outputContinuation.finish(throwing: error)
        case .done:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A hijacked stream ends when the connection closes; over TLS, peers (and proxies)
        // often close without close_notify. After the head that is the end of the output.
        if let tlsError = error as? NIOSSLError, case .uncleanShutdown = tlsError, case .stream = state {
            endOfInput(context: context)
            context.close(promise: nil)
            return
        }
        fail(error, context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        state = .done
        resumeHead(.failure(error))
        outputContinuation.finish(throwing: error)
        context.close(promise: nil)
    }

    /// Index of the `\r\n\r\n` that ends the head.
    private static func headEnd(_ view: ByteBufferView) -> Int? {
        var index = view.startIndex
        while index + 3 < view.endIndex {
            if view[index] == 13 && view[index + 1] == 10 && view[index + 2] == 13 && view[index + 3] == 10 {
                return index
            }
            index += 1
        }
        return nil
    }
}
