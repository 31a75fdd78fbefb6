import DequeModule

/// One owner's queue, with what the timers and the long-poll need. Only the store touches it.
final class Inbox<Waiter> {
    let owner: Username
    let password: PasswordDigest
    var messages: Deque<Message> = []
    var lastAskedAt: MailboxInstant
    var waiter: (ticket: WaitTicket, waiter: Waiter)?

    /// The deadline this inbox sits under in the store's heap: never later than `nextDeadline`.
    var heapKey = MailboxInstant.distantFuture
    var heapIndex = 0

    init(owner: Username, password: PasswordDigest, createdAt: MailboxInstant) {
        self.owner = owner
        self.password = password
        self.lastAskedAt = createdAt
    }

    /// When the inbox expires unless its owner asks again; never while a long-poll waits.
    func idleDeadline(_ configuration: MailboxConfiguration) -> MailboxInstant {
        waiter == nil ? lastAskedAt + configuration.inboxTimeout : .distantFuture
    }

    /// When the oldest message expires. Messages share one timeout, so the oldest goes first.
    func messageDeadline(_ configuration: MailboxConfiguration) -> MailboxInstant {
        guard configuration.messagesExpire, let oldest = messages.first else { return .distantFuture }
        return oldest.postedAt + configuration.messageTimeout
    }

    func nextDeadline(_ configuration: MailboxConfiguration) -> MailboxInstant {
        min(idleDeadline(configuration), messageDeadline(configuration))
    }
}
