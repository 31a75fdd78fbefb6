import Foundation

/// What happened on the hosted mailbox since the last batch, folded into the host view in
/// one update: a burst of 20,000 new inboxes is one batch, not 20,000 events, so the view
/// keeps up with any burst and a key is answered at once.
public struct HostBatch: Equatable, Sendable {
    /// Inboxes that came or went and messages that joined or left their queues, in order.
    public var changes: [InboxChange]
    /// New lines of the event log (with bursts already counted into one line).
    public var log: [HostLogLine]
    /// Changes to the sequence diagram's messages.
    public var trace: [TraceChange]
    /// Messages the mailbox handed over or deleted unread.
    public var fates: [HostMessageFate]

    public init(changes: [InboxChange] = [], log: [HostLogLine] = [], trace: [TraceChange] = [], fates: [HostMessageFate] = []) {
        self.changes = changes
        self.log = log
        self.trace = trace
        self.fates = fates
    }

    public var isEmpty: Bool { changes.isEmpty && log.isEmpty && trace.isEmpty && fates.isEmpty }
}

/// The hosted mailbox handed a message from `sender` to `recipient` (or deleted it unread) at
/// `at`; for this UI's own messages that is their exact fate.
public struct HostMessageFate: Equatable, Sendable {
    public var sender: String
    public var recipient: String
    public var delivered: Bool
    public var at: Date

    public init(sender: String, recipient: String, delivered: Bool, at: Date) {
        self.sender = sender
        self.recipient = recipient
        self.delivered = delivered
        self.at = at
    }
}
