import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// Collects a GET's answer (head and body, up to a limit) and says when the request has been
/// written to the server: from then on the server holds it, so a poller may call it waiting.
final class ReceiveDelegate: HTTPClientResponseDelegate {
    struct Answer: Sendable {
        var head: HTTPResponseHead
        var body: ByteBuffer
    }

    struct TooLarge: Error {}

    private struct Progress {
        var head: HTTPResponseHead?
        var body = ByteBuffer()
    }

    private let limit: Int
    private let onSent: @Sendable () -> Void
    private let progress = LockedValue(Progress())

    init(limit: Int, onSent: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.onSent = onSent
    }

    func didSendRequest(task: HTTPClient.Task<Answer>) {
        onSent()
    }

    func didReceiveHead(task: HTTPClient.Task<Answer>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        progress.withLock { $0.head = head }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Answer>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let fits = progress.withLock { progress in
            var buffer = buffer
            guard progress.body.readableBytes + buffer.readableBytes <= limit else { return false }
            progress.body.writeBuffer(&buffer)
            return true
        }
        return fits ? task.eventLoop.makeSucceededVoidFuture() : task.eventLoop.makeFailedFuture(TooLarge())
    }

    func didFinishRequest(task: HTTPClient.Task<Answer>) throws -> Answer {
        try progress.withLock { progress in
            guard let head = progress.head else { throw HTTPClientError.remoteConnectionClosed }
            return Answer(head: head, body: progress.body)
        }
    }
}
