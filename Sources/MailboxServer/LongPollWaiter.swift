import MailboxCore
import NIOCore

/// A GET waiting for a message: the connection handler that will answer it, on its own loop.
struct LongPollWaiter: Sendable {
    let handler: NIOLoopBound<MailboxHTTPHandler>
    /// Which request of the connection waits, so that a late answer cannot reach a newer one.
    let requestNumber: UInt64

    /// Answers the poll with `delivery`, or with "no message" when nil, on the handler's loop.
    @discardableResult
    func answer(with delivery: Delivery?) -> EventLoopFuture<Void> {
        let handler = self.handler
        let requestNumber = self.requestNumber
        return handler.eventLoop.submit {
            handler.value.finishLongPoll(requestNumber, with: delivery)
        }
    }
}
