/// A message as posted: who sent it, its bytes and type, when it was posted, and where it
/// stands in its inbox (held by the host, or waiting out a `--delay`).
public struct Message: Equatable, Sendable {
    public let sender: Username
    public let body: [UInt8]
    /// The sender's `Content-Type`, if it gave one.
    public let contentType: String?
    public let postedAt: MailboxInstant
    /// The store's number for it, counted in post order: what tells two equal bodies apart
    /// from one event to the next.
    public let id: UInt64
    /// When it may first be delivered: later than `postedAt` when the store delays messages.
    public let deliverableAt: MailboxInstant
    /// Held by the host (step mode): no GET sees it and its message timeout does not run.
    public internal(set) var isHeld: Bool
    /// When its message timeout began: when it was posted, or when the host released it.
    public internal(set) var timerStartedAt: MailboxInstant

    public init(
        sender: Username, body: [UInt8], contentType: String?, postedAt: MailboxInstant,
        id: UInt64 = 0, deliverableAt: MailboxInstant? = nil, isHeld: Bool = false
    ) {
        self.sender = sender
        self.body = body
        self.contentType = contentType
        self.postedAt = postedAt
        self.id = id
        self.deliverableAt = deliverableAt ?? postedAt
        self.isHeld = isHeld
        self.timerStartedAt = postedAt
    }
}
