import DequeModule

/// One owner's queue, with what the timers and the long-poll need. Only the store touches it.
///
/// Held messages always form the tail of the queue: only messages posted in step mode are
/// held, every message posted then is held, and they are released oldest first (switching
/// step mode off releases them all). So the message timeouts of the messages before them
/// run in queue order, and the oldest unheld message is the first to expire.
///
/// `@usableFromInline` and `@inlinable` throughout, like the store's hot paths: the server
/// specializes them for its waiter (see ``MailboxStore``).
@usableFromInline
final class Inbox<Waiter> {
    @usableFromInline let owner: Username
    @usableFromInline let password: PasswordDigest
    @usableFromInline var messages: Deque<Message> = []
    @usableFromInline var lastAskedAt: MailboxInstant
    @usableFromInline var waiter: (ticket: WaitTicket, waiter: Waiter)?
    /// How many messages at the tail of `messages` are held.
    @usableFromInline var heldCount = 0
    /// Deliveries to this inbox are frozen by the host ("hold one inbox").
    @usableFromInline var isHeld = false
    /// When the host last stopped holding something here: the idle timer restarts then,
    /// since time spent held is not the owner's.
    @usableFromInline var holdEndedAt = MailboxInstant(nanoseconds: 0)

    /// The deadline this inbox sits under in the store's heap: never later than `nextDeadline`.
    @usableFromInline var heapKey = MailboxInstant.distantFuture
    @usableFromInline var heapIndex = 0

    @inlinable
    init(owner: Username, password: PasswordDigest, createdAt: MailboxInstant) {
        self.owner = owner
        self.password = password
        self.lastAskedAt = createdAt
    }

    /// Whether the host holds anything here, which stops the idle timer.
    @inlinable var holdsSomething: Bool { isHeld || heldCount > 0 }

    /// Since when the owner counts as idle: its last ask, or the end of the host's last hold.
    @inlinable var idleSince: MailboxInstant { max(lastAskedAt, holdEndedAt) }

    /// When the inbox expires unless its owner asks again; never while a long-poll waits or
    /// while the host holds something here.
    @inlinable
    func idleDeadline(_ configuration: MailboxConfiguration) -> MailboxInstant {
        waiter == nil && !holdsSomething ? idleSince + configuration.inboxTimeout : .distantFuture
    }

    /// When the oldest unheld message expires (see the type's note on order).
    @inlinable
    func messageDeadline(_ configuration: MailboxConfiguration) -> MailboxInstant {
        guard configuration.messagesExpire, let oldest = messages.first, !oldest.isHeld else { return .distantFuture }
        return oldest.timerStartedAt + configuration.messageTimeout
    }

    /// Whether `message`, at the head of the queue, may go to the owner now.
    @inlinable
    func mayDeliver(_ message: Message, now: MailboxInstant) -> Bool {
        !isHeld && !message.isHeld && message.deliverableAt <= now
    }

    /// When a waiting long-poll must be given the head of the queue, which is not yet
    /// deliverable only because of a delay.
    @inlinable
    func handoffDeadline() -> MailboxInstant {
        guard waiter != nil, !isHeld, let head = messages.first, !head.isHeld else { return .distantFuture }
        return head.deliverableAt
    }

    /// Queued messages GET can see: all but the held ones.
    @inlinable var visibleCount: Int { messages.count - heldCount }

    @inlinable
    func nextDeadline(_ configuration: MailboxConfiguration) -> MailboxInstant {
        min(idleDeadline(configuration), messageDeadline(configuration), handoffDeadline())
    }
}
