/// Everything in the store at one instant, for an observer such as the host view.
public struct MailboxSnapshot: Equatable, Sendable {
    public var takenAt: MailboxInstant
    public var configuration: MailboxConfiguration
    public var statistics: MailboxStatistics
    /// Every inbox, ordered by owner name.
    public var inboxes: [InboxSnapshot]

    /// Whether the host holds every new message (step mode).
    public var stepMode: Bool

    /// When `message` expires on its own, or nil if messages do not expire or it is held
    /// (its timeout starts when it is released).
    public func expiry(of message: Message) -> MailboxInstant? {
        configuration.messagesExpire && !message.isHeld ? message.timerStartedAt + configuration.messageTimeout : nil
    }
}

/// One inbox at the instant of a snapshot.
public struct InboxSnapshot: Equatable, Sendable {
    public var owner: Username
    /// Queued messages, oldest first.
    public var messages: [Message]
    public var lastAskedAt: MailboxInstant
    /// When the inbox expires if its owner does not ask again; nil while a long-poll waits
    /// or the host holds something in it.
    public var expiresAt: MailboxInstant?
    public var hasWaitingPoll: Bool
    /// Deliveries to this inbox are frozen by the host.
    public var isHeld: Bool
}
