/// A message taken out of an inbox for its owner.
///
/// If the answer carrying it cannot be written, hand it back with
/// ``MailboxStore/returnUndelivered(_:)`` so that it is not lost.
public struct Delivery: Equatable, Sendable {
    public let message: Message
    public let recipient: Username
    /// Messages still queued behind this one.
    public let pending: Int

    public init(message: Message, recipient: Username, pending: Int) {
        self.message = message
        self.recipient = recipient
        self.pending = pending
    }
}
