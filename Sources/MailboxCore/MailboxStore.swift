
import DequeModule

/// The mailbox: inboxes, their messages, timers, limits and waiting long-polls.
///
/// It is the one place that knows the mailbox rules (DESIGN.md §1). It does no I/O and is not
/// thread-safe: the server guards it with a lock. A waiting long-poll is represented by a
/// `Waiter` value of the caller's choosing, which the store hands back when the poll should be
/// answered. Expiry is driven by a heap of deadlines, so its cost follows what expires.
///
/// Nothing expired is ever served: an operation checks the inboxes it touches against the
/// clock. Freeing what expired elsewhere is spread out: each operation clears a few expired
/// entries on its way, and ``removeExpired(atMost:)`` clears the rest in slices, so that a
/// burst of expiries (a class leaving at once) never holds up one request behind all of it.
///
/// The host may hold messages (step mode), freeze one inbox, delay every message or drop a
/// share of them (test faults). When holding ends or a delay runs out while a long-poll
/// waits, the store queues a handoff for it: whoever calls the store takes them with
/// ``takeHandoffs()`` after each call and answers them.
public final class MailboxStore<Waiter> {
    public let configuration: MailboxConfiguration
    public let clock: any MailboxClock
    /// The totals, with the inbox count read from the inboxes themselves.
    public var statistics: MailboxStatistics {
        var statistics = counters
        statistics.inboxes = inboxes.count
        return statistics
    }
    /// What the store counts as it goes; its `inboxes` is not kept (``statistics`` derives it).
    private var counters = MailboxStatistics()

    /// Told of every event as it happens, while the store is being changed: keep it quick and
    /// do not call back into the store from it.
    public var onEvent: ((MailboxEvent) -> Void)?

    private var inboxes: [Username: Inbox<Waiter>] = [:]
    private var deadlines = DeadlineHeap<Waiter>()
    /// Hashes passwords for this store; callers may hash outside any lock and pass the digest.
    public let hasher = PasswordHasher()
    private var lastTicketSerial: UInt64 = 0
    private var lastMessageID: UInt64 = 0
    /// Whether every new message is held until the host releases it.
    public private(set) var stepMode = false
    /// Held messages store-wide, oldest first: which to release next.
    private var heldOrder: Deque<(id: UInt64, owner: Username)> = []
    /// Messages for waiting long-polls that became deliverable outside a post.
    private var dueHandoffs: [Handoff<Waiter>] = []
    /// Decides which messages `dropPercent` drops; tests inject a scripted one.
    private var random: any RandomNumberGenerator

    /// - Parameter random: where `--drop-percent` draws from; a message is dropped when
    ///   `next() % 100` is below the percentage.
    public init(
        configuration: MailboxConfiguration = MailboxConfiguration(), clock: any MailboxClock = SystemClock(),
        random: any RandomNumberGenerator = SystemRandomNumberGenerator()
    ) {
        self.configuration = configuration
        self.clock = clock
        self.random = random
    }

    // MARK: - Owner asks for messages

    /// The owner asks for the oldest message, creating the inbox on first contact. `origin`
    /// (e.g. the client's address) only labels an authentication failure's event.
    ///
    /// With a `waiter`, an empty inbox registers it as the inbox's long-poll until a message
    /// arrives or ``endWait(_:)`` is called. Any older waiting long-poll is returned in
    /// `superseded`, to be answered with "no message" at once.
    public func receive(owner: Username, password: [UInt8], waiter: Waiter? = nil, origin: String? = nil) -> ReceiveResult<Waiter> {
        receive(owner: owner, password: hasher.digest(of: password), waiter: waiter, origin: origin)
    }

    /// ``receive(owner:password:waiter:origin:)`` with the password already hashed by ``hasher``.
    public func receive(owner: Username, password: PasswordDigest, waiter: Waiter? = nil, origin: String? = nil) -> ReceiveResult<Waiter> {
        let now = clearSomeExpired()
        let inbox: Inbox<Waiter>
        switch authenticate(owner, password: password, origin: origin, now: now) {
        case .success(let found): inbox = found
        case .failure(.wrongPassword): return ReceiveResult(outcome: .unauthorized)
        case .failure(.inboxLimitReached): return ReceiveResult(outcome: .inboxLimitReached)
        }

        inbox.lastAskedAt = now
        let superseded = removeWaiter(of: inbox)

        if let message = inbox.messages.first, inbox.mayDeliver(message, now: now) {
            inbox.messages.removeFirst()
            counters.queuedMessages -= 1
            counters.queuedBytes -= message.body.count
            counters.messagesDelivered += 1
            emit(.messageDelivered(message, recipient: owner))
            reschedule(inbox)
            let delivery = Delivery(message: message, recipient: owner, pending: inbox.visibleCount)
            return ReceiveResult(outcome: .delivered(delivery), superseded: superseded)
        }

        guard let waiter else {
            reschedule(inbox)
            return ReceiveResult(outcome: .empty, superseded: superseded)
        }
        lastTicketSerial += 1
        let ticket = WaitTicket(owner: owner, serial: lastTicketSerial)
        inbox.waiter = (ticket, waiter)
        counters.waitingPolls += 1
        reschedule(inbox)  // a delayed head is now due to this poll
        return ReceiveResult(outcome: .waiting(ticket), superseded: superseded)
    }

    /// Ends a long-poll's wait (it timed out, or its client left). Returns its waiter if it was
    /// still waiting, or nil if a message or a newer poll already claimed it.
    public func endWait(_ ticket: WaitTicket) -> Waiter? {
        let now = clearSomeExpired()
        guard let inbox = currentInbox(ticket.owner, now: now), inbox.waiter?.ticket == ticket else { return nil }
        // Answering the owner, even with "no message", counts as the owner asking.
        inbox.lastAskedAt = now
        let waiter = removeWaiter(of: inbox)
        reschedule(inbox)
        return waiter
    }

    /// Ends every waiting long-poll, for a server shutting down.
    public func endAllWaits() -> [Waiter] {
        let now = removeExpired()
        var ended: [Waiter] = []
        for inbox in inboxes.values where inbox.waiter != nil {
            inbox.lastAskedAt = now
            if let waiter = removeWaiter(of: inbox) { ended.append(waiter) }
            reschedule(inbox)
        }
        return ended
    }

    /// Puts a message whose answer could not be written back at the head of its queue, or hands
    /// it to a long-poll that began waiting meanwhile. A message whose time or inbox ran out in
    /// the meantime expires instead.
    public func returnUndelivered(_ delivery: Delivery) -> Handoff<Waiter>? {
        let now = clearSomeExpired()
        let message = delivery.message
        counters.messagesDelivered -= 1
        counters.messagesReturned += 1
        emit(.messageReturned(message, recipient: delivery.recipient))

        let expired = configuration.messagesExpire && message.postedAt + configuration.messageTimeout <= now
        guard let inbox = currentInbox(delivery.recipient, now: now), !expired else {
            counters.messagesExpired += 1
            emit(.messageExpired(message, recipient: delivery.recipient))
            return nil
        }
        if let handoff = handOff(message, to: inbox, now: now) { return handoff }

        inbox.messages.prepend(message)
        counters.queuedMessages += 1
        counters.queuedBytes += message.body.count
        reschedule(inbox)
        return nil
    }

    // MARK: - Sending

    /// `sender` posts `body` to `recipient`'s inbox, creating the sender's inbox on first contact.
    ///
    /// If the recipient has a waiting long-poll the message skips the queue: the result's
    /// `handoff` names the poll that should answer with it.
    public func post(
        sender: Username,
        password: [UInt8],
        recipient: Username,
        body: [UInt8],
        contentType: String? = nil,
        origin: String? = nil
    ) -> PostResult<Waiter> {
        post(sender: sender, password: hasher.digest(of: password), recipient: recipient, body: body,
             contentType: contentType, origin: origin)
    }

    /// ``post(sender:password:recipient:body:contentType:origin:)`` with the password already
    /// hashed by ``hasher``.
    public func post(
        sender: Username,
        password: PasswordDigest,
        recipient: Username,
        body: [UInt8],
        contentType: String? = nil,
        origin: String? = nil
    ) -> PostResult<Waiter> {
        let now = clearSomeExpired()
        switch authenticate(sender, password: password, origin: origin, now: now) {
        case .success: break
        case .failure(.wrongPassword): return PostResult(outcome: .unauthorized)
        case .failure(.inboxLimitReached): return refuse(sender, recipient, .inboxLimitReached)
        }
        guard let inbox = currentInbox(recipient, now: now) else { return refuse(sender, recipient, .recipientNotFound) }
        guard !body.isEmpty else { return refuse(sender, recipient, .emptyBody) }

        lastMessageID += 1
        let message = Message(
            sender: sender, body: body, contentType: contentType, postedAt: now, id: lastMessageID,
            deliverableAt: now + configuration.delay, isHeld: stepMode)
        if inbox.waiter != nil, inbox.messages.isEmpty, inbox.mayDeliver(message, now: now) {
            counters.messagesAccepted += 1
            emit(.messagePosted(message, recipient: recipient))
            if dropsNext() {
                drop(message, recipient: recipient)
                return PostResult(outcome: .accepted)
            }
            return PostResult(outcome: .accepted, handoff: handOff(message, to: inbox, now: now))
        }
        guard inbox.messages.count < configuration.inboxCapacity else {
            return refuse(sender, recipient, .recipientFull)
        }
        guard counters.queuedBytes + body.count <= configuration.maxBytes || freesEnough({
            self.counters.queuedBytes + body.count <= self.configuration.maxBytes
        }) else {
            return refuse(sender, recipient, .byteLimitReached)
        }

        counters.messagesAccepted += 1
        emit(.messagePosted(message, recipient: recipient))
        if dropsNext() {
            drop(message, recipient: recipient)
            return PostResult(outcome: .accepted)
        }
        inbox.messages.append(message)
        counters.queuedMessages += 1
        counters.queuedBytes += body.count
        if message.isHeld {
            inbox.heldCount += 1
            heldOrder.append((message.id, recipient))
            counters.heldMessages += 1
            emit(.messageHeld(message, recipient: recipient))
        }
        reschedule(inbox)
        return PostResult(outcome: .accepted)
    }

    // MARK: - Holding (the host's controls)

    /// Switches step mode on (every message posted from now on is held) or off (every held
    /// message is released at once, and new ones are no longer held).
    public func setStepMode(_ on: Bool) {
        guard on != stepMode else { return }
        stepMode = on
        emit(.stepModeChanged(on: on))
        if !on { releaseAll() }
    }

    /// Freezes (`held: true`) or thaws deliveries to `owner`'s inbox. While frozen its
    /// messages stay queued and their timeouts run, but its idle timer stops; thawing
    /// restarts the idle timer and hands the head of the queue to a waiting long-poll.
    /// Returns false if there is no such inbox.
    @discardableResult
    public func setHold(_ owner: Username, held: Bool) -> Bool {
        let now = clearSomeExpired()
        guard let inbox = currentInbox(owner, now: now) else { return false }
        guard inbox.isHeld != held else { return true }
        inbox.isHeld = held
        emit(.inboxHoldChanged(owner: owner, held: held))
        if !held { endHold(in: inbox, now: now) }
        reschedule(inbox)
        return true
    }

    /// Releases the oldest held message of the whole store (by post order) and returns it,
    /// or nil if nothing is held. Its timeout starts now.
    @discardableResult
    public func releaseOldest() -> Message? {
        let now = clearSomeExpired()
        guard let (id, owner) = heldOrder.popFirst() else { return nil }
        return release(id, of: owner, now: now)
    }

    /// Releases every held message, oldest first; returns how many.
    @discardableResult
    public func releaseAll() -> Int {
        let now = clearSomeExpired()
        var released = 0
        while let (id, owner) = heldOrder.popFirst() {
            release(id, of: owner, now: now)
            released += 1
        }
        return released
    }

    /// The handoffs queued since the last call: long-polls to answer with these messages
    /// (released, thawed or no longer delayed).
    public func takeHandoffs() -> [Handoff<Waiter>] {
        guard !dueHandoffs.isEmpty else { return [] }
        defer { dueHandoffs = [] }
        return dueHandoffs
    }

    /// Marks the oldest held message of `owner`'s inbox released; it must be message `id`.
    @discardableResult
    private func release(_ id: UInt64, of owner: Username, now: MailboxInstant) -> Message {
        // A held message never leaves its inbox before release, and an inbox never idles out
        // while it holds one, so the store-wide order and the queues agree.
        guard let inbox = inboxes[owner], inbox.heldCount > 0 else {
            preconditionFailure("held message \(id) is not in \(owner.text)'s inbox")
        }
        let index = inbox.messages.count - inbox.heldCount
        precondition(inbox.messages[index].id == id, "held messages out of order")
        inbox.messages[index].isHeld = false
        inbox.messages[index].timerStartedAt = now
        inbox.heldCount -= 1
        counters.heldMessages -= 1
        let message = inbox.messages[index]
        emit(.messageReleased(message, recipient: owner))
        if inbox.heldCount == 0 { endHold(in: inbox, now: now) } else { handOffHead(of: inbox, now: now) }
        reschedule(inbox)
        return message
    }

    /// Restarts the idle timer once the host holds nothing more here, and gives a waiting
    /// long-poll the head of the queue if it can go now.
    private func endHold(in inbox: Inbox<Waiter>, now: MailboxInstant) {
        if !inbox.holdsSomething { inbox.holdEndedAt = now }
        handOffHead(of: inbox, now: now)
    }

    /// Queues a handoff of the head of the queue to the inbox's waiting long-poll, if the
    /// head may be delivered now.
    private func handOffHead(of inbox: Inbox<Waiter>, now: MailboxInstant) {
        guard inbox.waiter != nil, let head = inbox.messages.first, inbox.mayDeliver(head, now: now) else { return }
        inbox.messages.removeFirst()
        counters.queuedMessages -= 1
        counters.queuedBytes -= head.body.count
        // Cannot fail: the inbox is not frozen and a poll waits.
        dueHandoffs.append(handOff(head, to: inbox, now: now)!)
    }

    /// Whether the next accepted message is to be dropped on purpose.
    private func dropsNext() -> Bool {
        configuration.dropPercent > 0 && random.next() % 100 < UInt64(configuration.dropPercent)
    }

    private func drop(_ message: Message, recipient: Username) {
        counters.messagesDropped += 1
        emit(.messageDropped(message, recipient: recipient))
    }

    // MARK: - Timers and observation

    /// Deletes every message and inbox whose deadline has passed, and returns the current time.
    @discardableResult
    public func removeExpired() -> MailboxInstant {
        let now = clock.now
        _ = removeExpired(atMost: .max, now: now)
        return now
    }

    /// Deletes up to `limit` of the inboxes with something expired (their expired messages,
    /// or the whole inbox); returns whether nothing expired is left. Call it periodically, so
    /// that memory is freed and observers hear of expiries when they happen; a server calls it
    /// in slices, letting requests through between them.
    public func removeExpired(atMost limit: Int) -> Bool {
        removeExpired(atMost: limit, now: clock.now)
    }

    private func removeExpired(atMost limit: Int, now: MailboxInstant) -> Bool {
        var removed = 0
        while let (key, inbox) = deadlines.first, key <= now {
            guard removed < limit else { return false }
            expire(inbox, now: now)
            removed += 1
        }
        return true
    }

    /// How many expired inboxes an operation clears on its way: enough to keep up with the
    /// steady expiry of a busy server between sweeps, few enough to cost a request little.
    static var expiriesPerOperation: Int { 16 }

    /// Clears a few expired entries and returns the current time.
    private func clearSomeExpired() -> MailboxInstant {
        let now = clock.now
        _ = removeExpired(atMost: Self.expiriesPerOperation, now: now)
        return now
    }

    /// Drops what expired in `inbox`: its oldest messages, or the whole inbox. A delayed
    /// head that came due goes to the waiting long-poll.
    private func expire(_ inbox: Inbox<Waiter>, now: MailboxInstant) {
        while let oldest = inbox.messages.first, inbox.messageDeadline(configuration) <= now {
            inbox.messages.removeFirst()
            dropQueued(oldest, of: inbox)
        }
        if inbox.idleDeadline(configuration) <= now {
            deleteExpired(inbox, now: now)
        } else {
            handOffHead(of: inbox, now: now)
            deadlines.update(inbox, key: inbox.nextDeadline(configuration))
        }
    }

    /// `owner`'s inbox as it stands now: nil if it expired, and without expired messages.
    private func currentInbox(_ owner: Username, now: MailboxInstant) -> Inbox<Waiter>? {
        guard let inbox = inboxes[owner] else { return nil }
        guard inbox.heapKey <= now else { return inbox }
        expire(inbox, now: now)
        return inboxes[owner]
    }

    /// Whether clearing everything that expired makes `condition` hold: a limit is only
    /// reached when what fills it is still alive.
    private func freesEnough(_ condition: () -> Bool) -> Bool {
        guard let first = deadlines.first, first.key <= clock.now else { return false }
        removeExpired()
        return condition()
    }

    /// Everything the store holds now.
    public func snapshot() -> MailboxSnapshot {
        let now = removeExpired()
        let inboxSnapshots = inboxes.values
            .map { inbox in
                InboxSnapshot(
                    owner: inbox.owner,
                    messages: Array(inbox.messages),
                    lastAskedAt: inbox.lastAskedAt,
                    expiresAt: inbox.waiter == nil && !inbox.holdsSomething ? inbox.idleDeadline(configuration) : nil,
                    hasWaitingPoll: inbox.waiter != nil,
                    isHeld: inbox.isHeld
                )
            }
            .sorted { $0.owner.text.utf8.lexicographicallyPrecedes($1.owner.text.utf8) }
        return MailboxSnapshot(
            takenAt: now, configuration: configuration, statistics: statistics, inboxes: inboxSnapshots,
            stepMode: stepMode)
    }

    // MARK: - Internals

    private enum AuthenticationFailure: Error {
        case wrongPassword
        case inboxLimitReached
    }

    /// Finds `owner`'s inbox and checks the password, or creates the inbox with this password.
    private func authenticate(
        _ owner: Username, password digest: PasswordDigest, origin: String?, now: MailboxInstant
    ) -> Result<Inbox<Waiter>, AuthenticationFailure> {
        if let inbox = currentInbox(owner, now: now) {
            guard inbox.password == digest else {
                counters.authenticationFailures += 1
                emit(.authenticationFailed(owner: owner, origin: origin))
                return .failure(.wrongPassword)
            }
            return .success(inbox)
        }
        guard inboxes.count < configuration.maxInboxes || freesEnough({ self.inboxes.count < self.configuration.maxInboxes })
        else { return .failure(.inboxLimitReached) }
        let inbox = Inbox<Waiter>(owner: owner, password: digest, createdAt: now)
        inboxes[owner] = inbox
        deadlines.insert(inbox, key: inbox.nextDeadline(configuration))
        counters.inboxesCreated += 1
        emit(.inboxCreated(owner: owner))
        return .success(inbox)
    }

    /// Gives `message` to the inbox's waiting long-poll, if there is one and deliveries to
    /// the inbox are not frozen.
    private func handOff(_ message: Message, to inbox: Inbox<Waiter>, now: MailboxInstant) -> Handoff<Waiter>? {
        guard !inbox.isHeld, let waiter = removeWaiter(of: inbox) else { return nil }
        inbox.lastAskedAt = now
        counters.messagesDelivered += 1
        emit(.messageDelivered(message, recipient: inbox.owner))
        reschedule(inbox)
        return Handoff(waiter: waiter, delivery: Delivery(message: message, recipient: inbox.owner, pending: inbox.visibleCount))
    }

    private func removeWaiter(of inbox: Inbox<Waiter>) -> Waiter? {
        guard let (_, waiter) = inbox.waiter else { return nil }
        inbox.waiter = nil
        counters.waitingPolls -= 1
        return waiter
    }

    /// Moves the inbox earlier in the heap if its next deadline came closer. A deadline that
    /// moved later is left alone: the heap entry fires early and is pushed back then, which
    /// keeps the per-request cost of resetting the idle timer at O(1).
    private func reschedule(_ inbox: Inbox<Waiter>) {
        let deadline = inbox.nextDeadline(configuration)
        if deadline < inbox.heapKey {
            deadlines.update(inbox, key: deadline)
        }
    }

    private func deleteExpired(_ inbox: Inbox<Waiter>, now: MailboxInstant) {
        let dropped = inbox.messages.count
        while let message = inbox.messages.popFirst() {
            dropQueued(message, of: inbox)
        }
        deadlines.remove(inbox)
        inboxes[inbox.owner] = nil
        counters.inboxesExpired += 1
        emit(.inboxExpired(owner: inbox.owner, idle: now.duration(since: inbox.idleSince), droppedMessages: dropped))
    }

    private func dropQueued(_ message: Message, of inbox: Inbox<Waiter>) {
        counters.queuedMessages -= 1
        counters.queuedBytes -= message.body.count
        counters.messagesExpired += 1
        emit(.messageExpired(message, recipient: inbox.owner))
    }

    private func refuse(_ sender: Username, _ recipient: Username, _ reason: PostOutcome) -> PostResult<Waiter> {
        counters.postsRefused += 1
        emit(.postRefused(sender: sender, recipient: recipient, reason: reason))
        return PostResult(outcome: reason)
    }

    private func emit(_ event: MailboxEvent) {
        onEvent?(event)
    }
}

extension MailboxStore {
    /// How many entries the deadline heap holds; tests use it to check the heap stays bounded.
    var deadlineCount: Int { deadlines.count }
}
