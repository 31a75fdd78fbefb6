import Logging
import MailboxCore
import MailboxServer
import NIOCore
import Synchronization

/// The server's store on PostgreSQL (`signalbox serve --store postgres://…`): every answer comes
/// from a future, completed when the database answered; a database that cannot be reached
/// fails it, and the front answers 503.
public final class PostgresStore: ServerStore {
    private let mailbox: PostgresMailbox<LongPollWaiter>
    private let logger: Logger

    public var configuration: MailboxConfiguration { mailbox.configuration }
    public var clock: any MailboxClock { mailbox.clock }
    public var passwordHasher: PasswordHasher { mailbox.passwordHasher }

    private init(mailbox: PostgresMailbox<LongPollWaiter>, logger: Logger) {
        self.mailbox = mailbox
        self.logger = logger
    }

    /// Connects to the database and creates or checks its schema (a newer one is refused).
    /// `pollLimit` is the server's long-poll timeout.
    public static func open(
        settings: PostgresSettings, configuration: MailboxConfiguration, pollLimit: Duration,
        logger: Logger = Logger(label: "signalbox.postgres")
    ) async throws -> PostgresStore {
        let mailbox = try await PostgresMailbox<LongPollWaiter>.open(
            settings: settings, configuration: configuration, pollLimit: pollLimit,
            answer: { waiter, delivery in waiter.answer(with: delivery) }, logger: logger)
        return PostgresStore(mailbox: mailbox, logger: logger)
    }

    /// An error for a log line, without the query's binds (password hashes, bodies).
    public static func describe(_ error: any Error) -> String {
        MailboxPostgres.describe(error)
    }

    /// Stops the node's listener and timers and closes its connections.
    public func close() async {
        await mailbox.close()
    }

    public func receive(
        owner: Username, password: PasswordDigest, waiter: LongPollWaiter?, origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<ReceiveOutcome> {
        let mailbox = self.mailbox
        return .pending(answer(on: eventLoop) {
            try await mailbox.receive(owner: owner, password: password, waiter: waiter)
        } then: { outcome, answered in
            switch outcome {
            case .waiting(let ticket):
                // After the answer, so that the poll cannot be answered before its GET was;
                // a poll whose GET already got its 503 ends here (it is still registering,
                // so nothing else answers it).
                if answered { mailbox.activate(ticket) } else { _ = mailbox.endWait(ticket) }
            case .delivered(let delivery) where !answered:
                // Too late for its GET, which got a 503: back to the head of its queue.
                Task { try? await mailbox.returnUndelivered(delivery) }
            default:
                break
            }
        })
    }

    public func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: ByteBuffer, contentType: String?,
        origin: String?, on eventLoop: any EventLoop
    ) -> StoreReply<PostOutcome> {
        let mailbox = self.mailbox
        let bytes = Array(buffer: body)
        return .pending(answer(on: eventLoop) {
            try await mailbox.post(sender: sender, password: password, recipient: recipient, body: bytes, contentType: contentType)
        } then: { _, _ in })
    }

    /// How long a request waits for the database before it gets a 503 (the database is down
    /// or too slow): well below a client's own timeout, so that it hears why and retries.
    public static let answerLimit = Duration.seconds(5)

    /// Runs `work` against the database and completes the future with its result, or fails it
    /// after ``answerLimit``; `then` learns the result and whether it reached the client.
    private func answer<Value: Sendable>(
        on eventLoop: any EventLoop, _ work: @escaping @Sendable () async throws -> Value,
        then: @escaping @Sendable (Value, _ answered: Bool) -> Void
    ) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        let settled = Mutex(false)
        let claim: @Sendable () -> Bool = { settled.withLock { done in defer { done = true }; return !done } }
        let timeout = eventLoop.scheduleTask(in: .nanoseconds(Int64(Self.answerLimit.wholeNanoseconds))) {
            if claim() { promise.fail(PostgresStoreError.unavailable) }
        }
        Task {
            do {
                let value = try await work()
                let answered = claim()
                if answered {
                    timeout.cancel()
                    promise.succeed(value)
                }
                then(value, answered)
            } catch {
                if claim() {
                    timeout.cancel()
                    promise.fail(error)
                }
            }
        }
        return promise.futureResult
    }

    public func endWait(_ ticket: WaitTicket) -> Bool {
        mailbox.endWait(ticket)
    }

    public func confirmDelivered(_ delivery: Delivery) {
        let mailbox = self.mailbox, logger = self.logger
        Task {
            do {
                try await mailbox.confirmDelivered(delivery)
            } catch {
                // The message's lease runs out and it is delivered again: the one duplicate the
                // README describes.
                logger.warning("could not confirm a delivery: \(Self.describe(error))")
            }
        }
    }

    public func returnUndelivered(_ delivery: Delivery) {
        let mailbox = self.mailbox, logger = self.logger
        Task {
            do {
                try await mailbox.returnUndelivered(delivery)
            } catch {
                // Its lease runs out and it is at the head of its queue again all the same.
                logger.warning("could not return an undelivered message: \(Self.describe(error))")
            }
        }
    }

    public func endAllWaits() async {
        mailbox.endAllWaits()
    }

    /// The PostgreSQL store has no in-process observer (no host view, no recording): a refusal
    /// is logged by the front like any other request.
    public func report(_ refusal: RefusedRequest) {}
}
