/// Running totals of the store: what it holds now, and what it has done since it started.
public struct MailboxStatistics: Equatable, Sendable {
    public var inboxes = 0
    public var queuedMessages = 0
    public var queuedBytes = 0
    public var waitingPolls = 0
    /// Queued messages the host holds (step mode); they are in `queuedMessages` too.
    public var heldMessages = 0

    public var inboxesCreated = 0
    public var inboxesExpired = 0
    public var messagesAccepted = 0
    /// Messages handed to their recipient, less those handed back undelivered.
    public var messagesDelivered = 0
    public var messagesReturned = 0
    public var messagesExpired = 0
    /// Messages accepted and then discarded on purpose (`--drop-percent`): not lost, and
    /// not expired.
    public var messagesDropped = 0
    public var postsRefused = 0
    public var authenticationFailures = 0

    public init() {}
}
