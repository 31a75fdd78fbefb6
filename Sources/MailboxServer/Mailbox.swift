import MailboxCore
import Synchronization

/// The store shared by every connection: a lock around ``MailboxStore`` that also passes
/// messages to waiting long-polls, which may live on other event loops.
///
/// The lock is a pthread mutex rather than `Synchronization.Mutex`, whose futexes
/// ThreadSanitizer cannot see. Every use of `unsafeStore` is inside `lock`, hence the
/// unchecked conformance.
public final class Mailbox: @unchecked Sendable {
    private let lock = SpinningLock()
    private let unsafeStore: MailboxStore<LongPollWaiter>
    /// The store's hasher: passwords are hashed before the lock is taken.
    private let hasher: PasswordHasher
    private let answered = Atomic<Int>(0)
    /// Set under the lock when a shutdown has answered every waiting long poll: a GET that
    /// comes in after that is answered at once instead of waiting for a close.
    private var unsafeIsStopping = false
    public let configuration: MailboxConfiguration
    public let clock: any MailboxClock
    /// The timer headers every inbox answer carries.
    let timeoutHeaders: TimeoutHeaders
    let fixedAnswers: FixedAnswers
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
        self.hasher = store.hasher
        self.configuration = configuration
        self.clock = clock
        self.timeoutHeaders = TimeoutHeaders(configuration)
        self.fixedAnswers = FixedAnswers(timeoutHeaders)
    }

    /// The keyed hash the store keeps of `password`. It needs no lock: hash before asking.
    func passwordDigest(_ password: [UInt8]) -> PasswordDigest {
        hasher.digest(of: password)
    }

    /// The owner asks for a message; see ``MailboxStore/receive(owner:password:waiter:origin:)``.
    /// A long-poll this request supersedes is answered with "no message".
    func receive(owner: Username, password: PasswordDigest, waiter: LongPollWaiter?, origin: String?) -> ReceiveOutcome {
        let result = withStore { store in
            store.receive(owner: owner, password: password, waiter: unsafeIsStopping ? nil : waiter, origin: origin)
        }
        result.superseded?.answer(with: nil)
        return result.outcome
    }

    /// Posts a message; a waiting long-poll of the recipient gets it at once.
    func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: [UInt8], contentType: String?,
        origin: String? = nil
    ) -> PostOutcome {
        let result = withStore {
            $0.post(sender: sender, password: password, recipient: recipient, body: body, contentType: contentType, origin: origin)
        }
        if let handoff = result.handoff { handoff.waiter.answer(with: handoff.delivery) }
        return result.outcome
    }

    /// Tells the observer of a request the HTTP front refused. Outside the store's lock: the
    /// store has nothing to do with it.
    func report(_ refusal: RefusedRequest) {
        onEvent?(.requestRefused(refusal))
    }

    /// Ends a long-poll's wait; true if it was still waiting (nothing else will answer it).
    func endWait(_ ticket: WaitTicket) -> Bool {
        withStore { $0.endWait(ticket) } != nil
    }

    /// Puts back a message whose answer could not be written.
    func returnUndelivered(_ delivery: Delivery) {
        let handoff = withStore { $0.returnUndelivered(delivery) }
        if let handoff { handoff.waiter.answer(with: handoff.delivery) }
    }

    /// Answers every waiting long-poll with "no message", for a shutdown.
    func endAllWaits() async {
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

    /// The inboxes of `owners` now, and the totals; see ``MailboxStore/snapshot(of:)``. (No
    /// copy of the whole store: under the lock, that would stall every request behind it.)
    public func snapshot(of owners: [Username]) -> MailboxSnapshot {
        withStore { $0.snapshot(of: owners) }
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

    /// HTTP requests answered since the server started (the host view shows their rate).
    public var requestsAnswered: Int { answered.load(ordering: .relaxed) }

    func countAnsweredRequest() {
        answered.add(1, ordering: .relaxed)
    }

    /// The store's running totals.
    public var statistics: MailboxStatistics {
        withStore { $0.statistics }
    }
}
