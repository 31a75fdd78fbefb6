/// The mailbox rules that can be tuned: timers, limits and the faults a tester asks for.
/// Defaults follow DESIGN.md §1.
public struct MailboxConfiguration: Equatable, Sendable {
    /// An inbox whose owner has not asked for messages for this long is deleted.
    public var inboxTimeout: Duration
    /// A message not fetched within this long of being posted is deleted; `.zero` disables it.
    public var messageTimeout: Duration
    /// The most messages one inbox holds.
    public var inboxCapacity: Int
    /// The most inboxes the store holds.
    public var maxInboxes: Int
    /// The most message bytes queued across all inboxes.
    public var maxBytes: Int
    /// Test fault: a message becomes deliverable this long after it was posted (`--delay`).
    public var delay: Duration
    /// Test fault: this share of accepted messages, in percent (0…100), is discarded on
    /// purpose right after being accepted (`--drop-percent`).
    public var dropPercent: Int

    public init(
        inboxTimeout: Duration = .seconds(60),
        messageTimeout: Duration = .seconds(60),
        inboxCapacity: Int = 100,
        maxInboxes: Int = 100_000,
        maxBytes: Int = 268_435_456,
        delay: Duration = .zero,
        dropPercent: Int = 0
    ) {
        self.inboxTimeout = inboxTimeout
        self.messageTimeout = messageTimeout
        self.inboxCapacity = inboxCapacity
        self.maxInboxes = maxInboxes
        self.maxBytes = maxBytes
        self.delay = delay
        self.dropPercent = dropPercent
    }

    /// Whether messages expire on their own.
    public var messagesExpire: Bool { messageTimeout > .zero }

    /// Whether a test fault (delay or drop) is switched on.
    public var injectsFaults: Bool { delay > .zero || dropPercent > 0 }
}
