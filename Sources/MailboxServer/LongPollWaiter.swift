import MailboxCore
import NIOCore

/// A GET waiting for a message: the connection that will answer it, on its own loop. A store
/// keeps it while the poll waits and answers it once (see ``ServerStore``).
public struct LongPollWaiter: Sendable {
    let handler: NIOLoopBound<MailboxHTTPHandler>
    /// Which request of the connection waits, so that a late answer cannot reach a newer one.
    let requestNumber: UInt64

    /// Answers the poll with `delivery`, or with "no message" when nil, on the handler's loop.
    /// A message the connection can no longer write goes back through the store's
    /// ``ServerStore/returnUndelivered(_:)``.
    @discardableResult
    public func answer(with delivery: Delivery?) -> EventLoopFuture<Void> {
        let handler = self.handler
        let requestNumber = self.requestNumber
        return handler.eventLoop.submit {
            handler.value.finishLongPoll(requestNumber, with: delivery)
        }
    }
}
