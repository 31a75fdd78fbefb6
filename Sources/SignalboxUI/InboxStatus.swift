import Foundation
import MailboxCore

/// What the server last said about this user's inbox.
public struct InboxStatus: Equatable, Sendable {
    /// When the server last answered; the idle timer restarted then.
    public var refreshedAt: Date
    public var inboxTimeout: Duration
    public var messageTimeout: Duration
    /// Messages still queued, when the server says (the reference does not).
    public var pending: Int?

    public init(refreshedAt: Date, inboxTimeout: Duration, messageTimeout: Duration, pending: Int?) {
        self.refreshedAt = refreshedAt
        self.inboxTimeout = inboxTimeout
        self.messageTimeout = messageTimeout
        self.pending = pending
    }

    /// When the inbox expires unless the owner asks again.
    public var expiresAt: Date {
        refreshedAt.addingTimeInterval(inboxTimeout.seconds)
    }
}
