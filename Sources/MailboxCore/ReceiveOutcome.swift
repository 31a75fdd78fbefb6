/// What a GET by an inbox's owner leads to.
public enum ReceiveOutcome: Equatable, Sendable {
    /// The inbox exists and the password is wrong; nothing changed.
    case unauthorized
    /// The inbox did not exist and the store already holds `maxInboxes`.
    case inboxLimitReached
    /// The oldest message, now out of the queue.
    case delivered(Delivery)
    /// No message, and the caller did not offer to wait.
    case empty
    /// No message; the caller now waits for one under this ticket.
    case waiting(WaitTicket)
}

/// The outcome of a GET, plus an older waiting long-poll that this GET replaced:
/// answer that one with "no message" at once.
public struct ReceiveResult<Waiter> {
    public var outcome: ReceiveOutcome
    public var superseded: Waiter?

    @inlinable
    init(outcome: ReceiveOutcome, superseded: Waiter? = nil) {
        self.outcome = outcome
        self.superseded = superseded
    }
}
