/// A message as posted: who sent it, its bytes and type, and when it was posted.
public struct Message: Equatable, Sendable {
    public let sender: Username
    public let body: [UInt8]
    /// The sender's `Content-Type`, if it gave one.
    public let contentType: String?
    public let postedAt: MailboxInstant

    public init(sender: Username, body: [UInt8], contentType: String?, postedAt: MailboxInstant) {
        self.sender = sender
        self.body = body
        self.contentType = contentType
        self.postedAt = postedAt
    }
}
