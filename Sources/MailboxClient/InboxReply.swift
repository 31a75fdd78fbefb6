import MailboxCore
import Foundation

/// A server's answer to "anything for me?": a message or nothing, and what the server says about
/// the inbox.
public struct InboxReply: Equatable, Sendable {
    public var message: ReceivedMessage?
    /// When the server answered; every answer to the owner restarts the inbox's idle timer.
    public var answeredAt: Date
    /// Messages still queued after this one (`X-Pending`), when the server says.
    public var pending: Int?
    /// The server's timers: from its `X-Inbox-Timeout` and `X-Message-Timeout`, or the client's
    /// fallbacks for servers (like the reference) that do not send them.
    public var timeouts: ServerTimeouts

    public init(message: ReceivedMessage?, answeredAt: Date, pending: Int?, timeouts: ServerTimeouts) {
        self.message = message
        self.answeredAt = answeredAt
        self.pending = pending
        self.timeouts = timeouts
    }
}

/// The timers of a mailbox server.
public struct ServerTimeouts: Equatable, Sendable {
    public var inbox: Duration
    /// `.zero` when messages do not expire on their own.
    public var message: Duration
    /// True when the server sent these values, false when they are the client's fallbacks.
    public var advertised: Bool

    public init(inbox: Duration = .seconds(60), message: Duration = .seconds(60), advertised: Bool = false) {
        self.inbox = inbox
        self.message = message
        self.advertised = advertised
    }
}
