import MailboxCore
import NIOCore

/// The embedded store: a lock around ``MailboxStore`` that also passes messages to waiting
/// long polls, which may live on other event loops. It answers every call at once.
///
/// The lock is a pthread mutex rather than `Synchronization.Mutex`, whose futexes
/// ThreadSanitizer cannot see. Every use of `unsafeStore` is inside `lock`, hence the
/// unchecked conformance.
public final class InMemoryStore: ServerStore, @unchecked Sendable {
    private let lock = SpinningLock()
    private let unsafeStore: MailboxStore<LongPollWaiter>
    /// Set under the lock when a shutdown has answered every waiting long poll: a GET that
    /// comes in after that is answered at once instead of waiting for a close.
    private var unsafeIsStopping = false
    public let configuration: MailboxConfiguration
    public let clock: any MailboxClock
    /// The store's hasher: passwords are hashed before the lock is taken.
    public let passwordHasher: PasswordHasher
    private let onEvent: (@Sendable (MailboxEvent) -> Void)?

    /// - Parameters:
    ///   - onEvent: told of every store event, under the store's lock: keep it quick.
    ///   - random: where `--drop-percent` draws from (tests script it).
    public init(
        configuration: MailboxConfiguration = MailboxConfiguration(),
        clock: any MailboxClock = SystemClock(),
        random: any RandomNumberGenerator = SystemRandomNumberGenerator(),
        onEvent: (@Sendable (MailboxEvent) -> Void)? = nil
    ) {
        let store = MailboxStore<LongPollWaiter>(configuration: configuration, clock: clock, random: random)
        store.onEvent = onEvent
        self.onEvent = onEvent
        self.unsafeStore = store
        self.passwordHasher = store.hasher
        self.configuration = configuration
        self.clock = clock
    }

    /// The keyed hash the store keeps of `password`. It needs no lock: hash before asking.
    public func passwordDigest(_ password: [UInt8]) -> PasswordDigest {
        passwordHasher.digest(of: password)
    }

    /// The owner asks for a message; see ``MailboxStore/receive(owner:password:waiter:origin:)``.
    /// A long-poll this request supersedes is answered with "no message".
    public func receive(owner: Username, password: PasswordDigest, waiter: LongPollWaiter?, origin: String?) -> ReceiveOutcome {
        let result = withStore { store in
            store.receive(owner: owner, password: password, waiter: unsafeIsStopping ? nil : waiter, origin: origin)
        }
        result.superseded?.answer(with: nil)
        return result.outcome
    }

    public func receive(
        owner: Username, password: PasswordDigest, waiter: LongPollWaiter?, origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<ReceiveOutcome> {
        .ready(receive(owner: owner, password: password, waiter: waiter, origin: origin))
    }

    /// Posts a message; a waiting long-poll of the recipient gets it at once.
    public func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: [UInt8], contentType: String?,
        origin: String? = nil
    ) -> PostOutcome {
        let result = withStore {
            $0.post(sender: sender, password: password, recipient: recipient, body: body, contentType: contentType, origin: origin)
        }
        if let handoff = result.handoff { handoff.waiter.answer(with: handoff.delivery) }
        return result.outcome
    }

    public func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: ByteBuffer, contentType: String?,
        origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<PostOutcome> {
        let outcome = post(
            sender: sender, password: password, recipient: recipient, body: Array(body.readableBytesView),
            contentType: contentType, origin: origin)
        let delay = configuration.delay
        if outcome == .accepted, delay > .zero {
            // Wake the recipient's long-poll when the message comes due, not at the next sweep.
            eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.wholeNanoseconds))) { self.deliverDue() }
        }
        return .ready(outcome)
    }

    /// Tells the observer of a request the HTTP front refused. Outside the store's lock: the
    /// store has nothing to do with it.
    public func report(_ refusal: RefusedRequest) {
        onEvent?(.requestRefused(refusal))
    }

    /// Ends a long-poll's wait; true if it was still waiting (nothing else will answer it).
    public func endWait(_ ticket: WaitTicket) -> Bool {
        withStore { $0.endWait(ticket) } != nil
    }

    /// A message leaves the store when it is handed out: a written answer changes nothing more.
    public func confirmDelivered(_ delivery: Delivery) {}

    /// Puts back a message whose answer could not be written.
    public func returnUndelivered(_ delivery: Delivery) {
        let handoff = withStore { $0.returnUndelivered(delivery) }
        if let handoff { handoff.waiter.answer(with: handoff.delivery) }
    }

    /// Answers every waiting long-poll with "no message", for a shutdown.
    public func endAllWaits() async {
        let waiters = withStore { store in
            unsafeIsStopping = true
            return store.endAllWaits()
        }
        for waiter in waiters {
            try? await waiter.answer(with: nil).get()
        }
    }

    /// Deletes whatever has expired, in slices, letting go of the lock between them.
    public func removeExpired() {
        while !removeExpired(atMost: Self.expirySlice) {}
    }

    /// Hands delayed messages that came due to their waiting long-polls (and clears a slice of
    /// what expired on the way).
    func deliverDue() {
        _ = removeExpired(atMost: Self.expirySlice)
    }

    /// Deletes up to `limit` inboxes' worth of what expired; returns whether nothing is left.
    func removeExpired(atMost limit: Int) -> Bool {
        withStore { $0.removeExpired(atMost: limit) }
    }

    /// A few hundred microseconds of work at most: about 0.5 µs per expired inbox in the
    /// store micro-benchmark, more when a million inboxes no longer fit in the caches.
    static let expirySlice = 256

    /// Everything the store holds now.
    public func snapshot() -> MailboxSnapshot {
        withStore { $0.snapshot() }
    }

    // MARK: - The host's controls

    /// Step mode on (every new message held) or off (every held message released).
    public func setStepMode(_ on: Bool) {
        withStore { $0.setStepMode(on) }
    }

    /// Freezes or thaws deliveries to `owner`'s inbox; false if there is no such inbox.
    @discardableResult
    public func setHold(_ owner: Username, held: Bool) -> Bool {
        withStore { $0.setHold(owner, held: held) }
    }

    /// Releases the oldest held message; nil if none is held.
    @discardableResult
    public func releaseOldest() -> Message? {
        withStore { $0.releaseOldest() }
    }

    /// Releases every held message; returns how many.
    @discardableResult
    public func releaseAll() -> Int {
        withStore { $0.releaseAll() }
    }

    /// Runs `body` on the store under the lock, then answers the long-polls that the call
    /// made a message due for (a release, a thaw, a delay run out).
    private func withStore<Result>(_ body: (MailboxStore<LongPollWaiter>) -> Result) -> Result {
        let (result, due) = lock.withLock { (body(unsafeStore), unsafeStore.takeHandoffs()) }
        for handoff in due { handoff.waiter.answer(with: handoff.delivery) }
        return result
    }

    /// The store's running totals.
    public var statistics: MailboxStatistics {
        withStore { $0.statistics }
    }
}
