/// What a POST leads to.
public enum PostOutcome: Equatable, Sendable {
    case accepted
    /// The sender's inbox exists and the password is wrong; nothing changed.
    case unauthorized
    case emptyBody
    case recipientNotFound
    /// The recipient's inbox holds `inboxCapacity` messages.
    case recipientFull
    /// A new sender inbox would exceed `maxInboxes`.
    case inboxLimitReached
    /// The message would take the store past `maxBytes`.
    case byteLimitReached
}

/// A message that goes straight to a waiting long-poll instead of into a queue.
public struct Handoff<Waiter> {
    public var waiter: Waiter
    public var delivery: Delivery

    @inlinable
    init(waiter: Waiter, delivery: Delivery) {
        self.waiter = waiter
        self.delivery = delivery
    }
}

/// The outcome of a POST, plus the long-poll that should answer with the message at once.
public struct PostResult<Waiter> {
    public var outcome: PostOutcome
    public var handoff: Handoff<Waiter>?

    @inlinable
    init(outcome: PostOutcome, handoff: Handoff<Waiter>? = nil) {
        self.outcome = outcome
        self.handoff = handoff
    }
}
