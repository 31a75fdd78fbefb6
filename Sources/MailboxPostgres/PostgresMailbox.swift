import Foundation
import Logging
import MailboxCore
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The mailbox rules of DESIGN.md §1 kept in PostgreSQL, so that any number of nodes share one
/// set of inboxes. Each request is one call of a function of ``PostgresSchema``; this type
/// holds only what is local to a node: its long polls, which it answers when the database's
/// `NOTIFY` (or its own timer, for a notification missed) tells it to look again.
///
/// Generic over the waiter so that the server's connections and the tests' probes both wait.
public final class PostgresMailbox<Waiter: Sendable>: Sendable {
    public let configuration: MailboxConfiguration
    /// Hashes passwords under the key kept in the database, the same on every node.
    public let passwordHasher: PasswordHasher
    /// How long a poll may wait at most (the server's long-poll limit): the database keeps the
    /// inbox alive that long for it even if this node dies.
    public let pollLimit: Duration
    /// How long a message handed to a poll stays out of its queue unconfirmed: if its node dies
    /// before confirming or returning it, it is handed out again after this.
    public let lease: Duration

    private let client: PostgresClient
    private let settings: PostgresSettings
    private let nodeID: String
    private let answer: @Sendable (Waiter, Delivery?) -> Void
    private let logger: Logger
    private let state = Mutex(LocalState())
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// A long poll of this node.
    private struct LocalWait {
        let waiter: Waiter
        let serial: Int64
        /// The receive that registered it has not answered yet: hold notifications.
        var registering = true
        /// A claim of this poll is running in the database.
        var claiming = false
        /// A notification came while registering or claiming: claim (again) afterwards.
        var recheck = false
        /// Its wait ended (timeout, client gone) while a claim ran: answer when the claim ends.
        var ended = false
    }

    /// What ``activate(_:)`` does once the lock is released.
    private enum ActivateStep {
        case claim, end(LocalWait), nothing
    }

    /// What a claim does once the lock is released.
    private enum ClaimStep {
        case answer(Waiter, Delivery?, endInDatabase: Bool), again, nothing
    }

    private struct LocalState {
        var waits: [WaitTicket: LocalWait] = [:]
        /// The polls of each inbox on this node, oldest first (more than one only for a moment).
        var byOwner: [Username: [WaitTicket]] = [:]
        var nextSerial: Int64 = 0
        var shuttingDown = false

        mutating func add(_ ticket: WaitTicket, _ wait: LocalWait) {
            waits[ticket] = wait
            byOwner[ticket.owner, default: []].append(ticket)
        }

        @discardableResult
        mutating func remove(_ ticket: WaitTicket) -> LocalWait? {
            guard let wait = waits.removeValue(forKey: ticket) else { return nil }
            byOwner[ticket.owner]?.removeAll { $0 == ticket }
            if byOwner[ticket.owner]?.isEmpty == true { byOwner.removeValue(forKey: ticket.owner) }
            return wait
        }

        /// Marks the poll to claim: true if a claim should start now, false if it waits for
        /// its registration or for the claim under way to end.
        mutating func wantsClaim(_ ticket: WaitTicket) -> Bool {
            guard var wait = waits[ticket] else { return false }
            if wait.registering || wait.claiming {
                wait.recheck = true
                waits[ticket] = wait
                return false
            }
            wait.claiming = true
            waits[ticket] = wait
            return true
        }
    }

    private init(
        client: PostgresClient, settings: PostgresSettings, configuration: MailboxConfiguration, hashKey: [UInt8],
        pollLimit: Duration, lease: Duration, answer: @escaping @Sendable (Waiter, Delivery?) -> Void, logger: Logger
    ) {
        self.client = client
        self.settings = settings
        self.configuration = configuration
        self.passwordHasher = PasswordHasher(sharedKey: hashKey)
        self.pollLimit = pollLimit
        self.lease = lease
        self.answer = answer
        self.logger = logger
        self.nodeID = UUID().uuidString
    }

    /// Connects, creates or checks the schema, and starts the node's listener, sweeper and
    /// safety re-check. `answer` delivers a message (or none) to a waiting poll.
    public static func open(
        settings: PostgresSettings, configuration: MailboxConfiguration, pollLimit: Duration = .seconds(25),
        lease: Duration = .seconds(10), recheckInterval: Duration = .seconds(2), sweepInterval: Duration = .seconds(1),
        answer: @escaping @Sendable (Waiter, Delivery?) -> Void, logger: Logger = Logger(label: "signalbox.postgres")
    ) async throws -> PostgresMailbox {
        guard !configuration.injectsFaults else { throw PostgresStoreError.unsupported("--delay and --drop-percent") }
        // The schema on a connection of its own: the pool serves only once its run() has begun.
        let hashKey = try await migrate(settings, logger: logger)
        let client = PostgresClient(configuration: settings.clientConfiguration(), backgroundLogger: logger)
        let running = Task { await client.run() }
        let mailbox = PostgresMailbox(
            client: client, settings: settings, configuration: configuration, hashKey: hashKey,
            pollLimit: pollLimit, lease: lease, answer: answer, logger: logger)
        mailbox.tasks.withLock {
            $0 = [
                running,
                Task { await mailbox.listen() },
                Task { await mailbox.repeatEvery(sweepInterval) { try await mailbox.sweep() } },
                Task { await mailbox.repeatEvery(recheckInterval) { try await mailbox.recheckAll() } },
            ]
        }
        return mailbox
    }

    /// Stops the node's tasks and closes its connections. Waiting polls should be ended first
    /// (``endAllWaits()``).
    public func close() async {
        let running = tasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        // The client's run last, so that the listener and the timers never lease from a
        // client that has stopped.
        for task in running.dropFirst() { task.cancel() }
        for task in running.dropFirst() { await task.value }
        running.first?.cancel()
        await running.first?.value
    }

    /// Creates the schema in an empty database, accepts the one this build knows, and refuses a
    /// newer one. Returns the password-hashing key every node shares.
    private static func migrate(_ settings: PostgresSettings, logger: Logger) async throws -> [UInt8] {
        let connection = try await PostgresConnection.connect(
            configuration: settings.connectionConfiguration(), id: 0, logger: logger)
        do {
            // Nodes that start together wait here while the first one creates the schema.
            _ = try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLock))", logger: logger).collect()
            let key = try await migrateLocked(connection, logger: logger)
            try await connection.close()
            return key
        } catch {
            try? await connection.close()
            throw error
        }
    }

    private static func migrateLocked(_ connection: PostgresConnection, logger: Logger) async throws -> [UInt8] {
        let exists = try await connection.query("SELECT to_regclass('signalbox_meta') IS NOT NULL", logger: logger).collect()
        if try exists.first?.decode(Bool.self) != true {
            _ = try await connection.query("BEGIN", logger: logger).collect()
            do {
                for statement in PostgresSchema.statements {
                    _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger).collect()
                }
                _ = try await connection.query("COMMIT", logger: logger).collect()
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger).collect()
                throw error
            }
        }
        let rows = try await connection.query("SELECT schema_version, hash_key FROM signalbox_meta", logger: logger).collect()
        guard let row = rows.first else { throw PostgresStoreError.damagedSchema }
        let (version, key) = try row.decode((Int, ByteBuffer).self)
        guard version <= PostgresSchema.version else {
            throw PostgresStoreError.newerSchema(found: version, known: PostgresSchema.version)
        }
        return Array(buffer: key)
    }

    // MARK: Requests

    /// A GET by `owner`. With a waiter, an empty inbox makes it wait: call ``activate(_:)``
    /// once the answer `.waiting` is on its way, and ``endWait(_:)`` when the wait ends.
    public func receive(owner: Username, password: PasswordDigest, waiter: Waiter?) async throws -> ReceiveOutcome {
        var ticket: WaitTicket?
        let serial: Int64 = state.withLock { state in
            state.nextSerial += 1
            guard let waiter, !state.shuttingDown else { return state.nextSerial }
            let made = WaitTicket(owner: owner, serial: UInt64(state.nextSerial))
            state.add(made, LocalWait(waiter: waiter, serial: state.nextSerial))
            ticket = made
            return state.nextSerial
        }
        let wait: Double? = ticket == nil ? nil : pollLimit.seconds
        let row: ClaimRow
        do {
            row = try await ClaimRow(client.query("""
                SELECT * FROM signalbox_receive(\(owner.text), \(ByteBuffer(bytes: password.bytes)), \(configuration.inboxTimeout.seconds),
                    \(Int64(configuration.maxInboxes)), \(wait), \(nodeID), \(serial), \(lease.seconds))
                """).collect())
        } catch {
            if let ticket { _ = state.withLock { $0.remove(ticket) } }
            throw error
        }
        if row.status != "unauthorized" && row.status != "inbox_limit" { supersedeLocalPolls(of: owner, except: ticket) }
        switch row.status {
        case "waiting":
            guard let ticket else { throw PostgresStoreError.unexpected(row.status) }
            return .waiting(ticket)
        default:
            if let ticket { _ = state.withLock { $0.remove(ticket) } }
            switch row.status {
            case "unauthorized": return .unauthorized
            case "inbox_limit": return .inboxLimitReached
            case "empty": return .empty
            case "delivered": return .delivered(try row.delivery(to: owner, clock: clock))
            default: throw PostgresStoreError.unexpected(row.status)
            }
        }
    }

    /// A GET of `owner` other than `newer` reached the database, which names the newest poll now:
    /// the older polls of this node end at once. One with a claim or a registration under way
    /// learns it from the database.
    private func supersedeLocalPolls(of owner: Username, except newer: WaitTicket?) {
        let superseded: [Waiter] = state.withLock { state in
            var superseded: [Waiter] = []
            for older in state.byOwner[owner] ?? [] where older != newer {
                guard var wait = state.waits[older] else { continue }
                if wait.registering || wait.claiming {
                    wait.recheck = true
                    state.waits[older] = wait
                } else {
                    state.remove(older)
                    superseded.append(wait.waiter)
                }
            }
            return superseded
        }
        for waiter in superseded { answer(waiter, nil) }
    }

    /// The answer `.waiting` of `ticket` is on its way: from now on the poll may be answered.
    public func activate(_ ticket: WaitTicket) {
        let next: ActivateStep = state.withLock { state in
            guard var wait = state.waits[ticket] else { return .nothing }
            if wait.ended {
                state.remove(ticket)
                return .end(wait)
            }
            wait.registering = false
            wait.claiming = wait.recheck
            wait.recheck = false
            state.waits[ticket] = wait
            return wait.claiming ? .claim : .nothing
        }
        switch next {
        case .claim: startClaim(ticket)
        case .end(let wait):
            answer(wait.waiter, nil)
            endWaitInDatabase(owner: ticket.owner, serial: wait.serial)
        case .nothing: break
        }
    }

    /// A POST.
    public func post(
        sender: Username, password: PasswordDigest, recipient: Username, body: [UInt8], contentType: String?
    ) async throws -> PostOutcome {
        guard !body.isEmpty else { return .emptyBody }
        let rows = try await client.query("""
            SELECT signalbox_post(\(sender.text), \(ByteBuffer(bytes: password.bytes)), \(recipient.text), \(ByteBuffer(bytes: body)), \(contentType),
                \(configuration.inboxTimeout.seconds), \(configuration.messageTimeout.seconds),
                \(configuration.inboxCapacity)::integer, \(Int64(configuration.maxInboxes)), \(Int64(configuration.maxBytes)))
            """).collect()
        let status = try rows.first?.decode(String.self) ?? ""
        switch status {
        case "accepted": return .accepted
        case "unauthorized": return .unauthorized
        case "recipient_not_found": return .recipientNotFound
        case "recipient_full": return .recipientFull
        case "inbox_limit": return .inboxLimitReached
        case "byte_limit": return .byteLimitReached
        default: throw PostgresStoreError.unexpected(status)
        }
    }

    /// Ends a poll's wait. True if it was still waiting (nothing will answer it); false if a
    /// claim is under way, which answers it when it ends.
    public func endWait(_ ticket: WaitTicket) -> Bool {
        let ended: LocalWait? = state.withLock { state in
            guard var wait = state.waits[ticket] else { return nil }
            if wait.claiming {
                wait.ended = true
                state.waits[ticket] = wait
                return nil
            }
            state.remove(ticket)
            return wait
        }
        guard let ended else { return false }
        endWaitInDatabase(owner: ticket.owner, serial: ended.serial)
        return true
    }

    /// The answer carrying `delivery` was written: the message is gone for good.
    public func confirmDelivered(_ delivery: Delivery) async throws {
        _ = try await client.query("DELETE FROM signalbox_message WHERE id = \(Int64(delivery.message.id))").collect()
    }

    /// The answer carrying `delivery` could not be written: back to the head of its queue.
    public func returnUndelivered(_ delivery: Delivery) async throws {
        _ = try await client.query("SELECT signalbox_return(\(Int64(delivery.message.id)))").collect()
    }

    /// Answers every waiting poll with no message; later GETs do not wait.
    public func endAllWaits() {
        let waiting: [(WaitTicket, LocalWait)] = state.withLock { state in
            state.shuttingDown = true
            var ended: [(WaitTicket, LocalWait)] = []
            for (ticket, var wait) in state.waits {
                if wait.claiming || wait.registering {
                    wait.ended = true
                    state.waits[ticket] = wait
                } else {
                    ended.append((ticket, wait))
                    state.remove(ticket)
                }
            }
            return ended
        }
        for (ticket, wait) in waiting {
            answer(wait.waiter, nil)
            endWaitInDatabase(owner: ticket.owner, serial: wait.serial)
        }
    }

    /// Deletes expired messages and inboxes, one bounded batch, if no other node is sweeping.
    /// Returns the rows deleted, or nil when another node holds the sweep.
    @discardableResult
    public func sweep(batch: Int = 1000) async throws -> Int? {
        let rows = try await client.query("SELECT signalbox_sweep(\(batch)::integer)").collect()
        let deleted = try rows.first?.decode(Int.self) ?? 0
        return deleted < 0 ? nil : deleted
    }

    /// The store's time, in which `X-Message-Age` is reckoned.
    public let clock: any MailboxClock = SystemClock()

    // MARK: Long polls

    private func endWaitInDatabase(owner: Username, serial: Int64) {
        let client = self.client, nodeID = self.nodeID, idle = configuration.inboxTimeout.seconds, logger = self.logger
        Task {
            do {
                _ = try await client.query(
                    "SELECT signalbox_end_wait(\(owner.text), \(nodeID), \(serial), \(idle))").collect()
            } catch {
                // The poll's row lapses by itself at its poll_until.
                logger.warning("could not end a wait in the database: \(describe(error))")
            }
        }
    }

    /// The inbox `owner` may have news for this node's poll (a post, a newer GET elsewhere).
    private func inboxChanged(_ owner: Username) {
        let tickets: [WaitTicket] = state.withLock { state in
            (state.byOwner[owner] ?? []).filter { state.wantsClaim($0) }
        }
        for ticket in tickets { startClaim(ticket) }
    }

    private func startClaim(_ ticket: WaitTicket) {
        Task { await claim(ticket) }
    }

    /// Asks the database for the poll's message; answers the poll if it got one or was superseded.
    private func claim(_ ticket: WaitTicket) async {
        guard let serial = state.withLock({ $0.waits[ticket]?.serial }) else { return }
        var outcome: Result<ClaimRow, any Error>
        do {
            outcome = .success(try await ClaimRow(client.query("""
                SELECT * FROM signalbox_claim(\(ticket.owner.text), \(nodeID), \(serial),
                    \(configuration.inboxTimeout.seconds), \(lease.seconds))
                """).collect()))
        } catch {
            outcome = .failure(error)
        }
        var delivery: Delivery?
        if case .success(let row) = outcome, row.status == "delivered" {
            do {
                delivery = try row.delivery(to: ticket.owner, clock: clock)
            } catch {
                outcome = .failure(error)
            }
        }
        let next: ClaimStep = state.withLock { state in
            guard var wait = state.waits[ticket] else { return .nothing }
            let finished: Bool
            switch outcome {
            case .success(let row): finished = row.status == "delivered" || row.status == "superseded"
            case .failure: finished = false
            }
            if finished || wait.ended {
                state.remove(ticket)
                return .answer(wait.waiter, delivery, endInDatabase: !finished)
            }
            if wait.recheck, case .success = outcome {
                wait.recheck = false
                state.waits[ticket] = wait
                return .again
            }
            wait.claiming = false
            state.waits[ticket] = wait
            return .nothing
        }
        if case .failure(let error) = outcome {
            logger.warning("a long poll's claim failed (the timer tries again): \(describe(error))")
        }
        switch next {
        case .answer(let waiter, let delivery, let endInDatabase):
            answer(waiter, delivery)
            if endInDatabase { endWaitInDatabase(owner: ticket.owner, serial: serial) }
        case .again:
            await claim(ticket)
        case .nothing:
            break
        }
    }

    /// The safety re-check: every poll of this node looks again, in case a notification was
    /// missed (the listening connection was down).
    private func recheckAll() async throws {
        let owners = state.withLock { Array($0.byOwner.keys) }
        guard !owners.isEmpty else { return }
        let names = owners.map(\.text)
        let rows = try await client.query("""
            SELECT i.name FROM signalbox_inbox i WHERE i.name = ANY(\(names)) AND (i.poll_node IS DISTINCT FROM \(nodeID)
                OR EXISTS (SELECT 1 FROM signalbox_message m WHERE m.recipient = i.name
                    AND (m.handed_until IS NULL OR m.handed_until <= clock_timestamp())))
            """).collect()
        for row in rows {
            if let name = try? Username(validating: row.decode(String.self)) { inboxChanged(name) }
        }
    }

    /// The node's one LISTEN connection, connected again whenever it drops.
    private func listen() async {
        var connectionID = 0
        while !Task.isCancelled {
            connectionID += 1
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: settings.connectionConfiguration(), id: connectionID, logger: logger)
                do {
                    try await connection.listen(on: PostgresSchema.channel) { notifications in
                        // Polls that waited while the connection was down look again now.
                        try? await self.recheckAll()
                        for try await notification in notifications {
                            if let owner = try? Username(validating: notification.payload) { inboxChanged(owner) }
                        }
                    }
                } catch {
                    if !Task.isCancelled { logger.warning("the LISTEN connection failed: \(describe(error))") }
                }
                try? await connection.close()
            } catch {
                if !Task.isCancelled { logger.warning("cannot open the LISTEN connection: \(describe(error))") }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    private func repeatEvery(_ interval: Duration, _ work: @Sendable () async throws -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            do {
                try await work()
            } catch {
                if !Task.isCancelled { logger.warning("periodic store work failed: \(describe(error))") }
            }
        }
    }
}

/// One row of `signalbox_receive` or `signalbox_claim`.
private struct ClaimRow {
    var status: String
    var id: Int64?
    var sender: String?
    var body: ByteBuffer?
    var contentType: String?
    var ageMicroseconds: Int64?
    var pending: Int64?

    init(_ rows: [PostgresRow]) throws {
        guard let row = rows.first else { throw PostgresStoreError.unexpected("no row") }
        (status, id, sender, body, contentType, ageMicroseconds, pending) = try row.decode(
            (String, Int64?, String?, ByteBuffer?, String?, Int64?, Int64?).self)
    }

    func delivery(to recipient: Username, clock: any MailboxClock) throws -> Delivery {
        guard let id, let sender, let body, let ageMicroseconds, let pending else {
            throw PostgresStoreError.unexpected("a delivery without its message")
        }
        let now = clock.now
        let age = Duration.microseconds(max(ageMicroseconds, 0))
        let posted = now.nanoseconds >= age.wholeNanoseconds
            ? MailboxInstant(nanoseconds: now.nanoseconds - age.wholeNanoseconds) : MailboxInstant(nanoseconds: 0)
        let message = Message(
            sender: try Username(validating: sender), body: Array(buffer: body), contentType: contentType,
            postedAt: posted, id: UInt64(id))
        return Delivery(message: message, recipient: recipient, pending: Int(pending))
    }
}

/// An error for a log line: PostgreSQL's own message, never the query or its binds (which hold
/// password hashes and message bodies; `String(reflecting:)` of a PSQLError would print them).
func describe(_ error: any Error) -> String {
    if let error = error as? PSQLError {
        if let message = error.serverInfo?[.message] {
            return "PostgreSQL: \(message) (\(error.serverInfo?[.sqlState] ?? "?"))"
        }
        if let underlying = error.underlying { return "PostgreSQL: \(error.code): \(underlying)" }
        return "PostgreSQL: \(error.code)"
    }
    return "\(error)"
}
