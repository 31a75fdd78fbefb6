/// The mailbox rules that can be tuned: timers and limits. Defaults follow DESIGN.md §1.
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

    public init(
        inboxTimeout: Duration = .seconds(60),
        messageTimeout: Duration = .seconds(60),
        inboxCapacity: Int = 100,
        maxInboxes: Int = 100_000,
        maxBytes: Int = 268_435_456
    ) {
        self.inboxTimeout = inboxTimeout
        self.messageTimeout = messageTimeout
        self.inboxCapacity = inboxCapacity
        self.maxInboxes = maxInboxes
        self.maxBytes = maxBytes
    }

    /// Whether messages expire on their own.
    public var messagesExpire: Bool { messageTimeout > .zero }
}
