import Foundation
import MailboxCore
import MailboxPostgres
import Synchronization
import TestSupport

/// What a test's long poll was answered with.
final class ProbeWaiter: Sendable {
    private let answers = Mutex<[Delivery?]>([])

    var received: [Delivery?] { answers.withLock { $0 } }

    func record(_ delivery: Delivery?) {
        answers.withLock { $0.append(delivery) }
    }

    /// Waits (polling, up to 10 s) until the poll was answered, and returns the answer.
    func answer() async throws -> Delivery? {
        try await eventuallyValue("the long poll was answered") { self.received.first }
    }
}

/// One node of a test's cluster: a ``PostgresMailbox`` on the test's own database.
typealias TestMailbox = PostgresMailbox<ProbeWaiter>

/// A database of its own for one test, with nodes opened on it and closed at the end.
struct PostgresTestDatabase {
    let cluster: PostgresCluster
    let name: String

    init() throws {
        cluster = try PostgresCluster.get()
        name = try cluster.makeDatabase()
    }

    var settings: PostgresSettings {
        PostgresSettings(host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: name)
    }

    func openNode(
        _ configuration: MailboxConfiguration = MailboxConfiguration(), lease: Duration = .seconds(10),
        pollLimit: Duration = .seconds(25), sweepInterval: Duration = .seconds(1)
    ) async throws -> TestMailbox {
        try await TestMailbox.open(
            settings: settings, configuration: configuration, pollLimit: pollLimit, lease: lease,
            sweepInterval: sweepInterval,
            answer: { waiter, delivery in waiter.record(delivery) })
    }

    /// Runs SQL on the test's database.
    @discardableResult
    func sql(_ statement: String) throws -> String {
        try cluster.psql(statement, database: name)
    }
}

/// Polls `condition` until it gives a value, for up to 10 s; fails naming `what` otherwise.
func eventuallyValue<T>(_ what: String, _ condition: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(10)
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(10))
    }
    throw NotInTime(what: what)
}

struct NotInTime: Error, CustomStringConvertible {
    let what: String
    var description: String { "not in 10 s: \(what)" }
}

extension Username {
    static func named(_ text: String) -> Username {
        try! Username(validating: text)
    }
}

extension TestMailbox {
    func digest(_ password: String) -> PasswordDigest {
        passwordHasher.digest(of: Array(password.utf8))
    }

    func post(_ text: String, from sender: String, password: String = "pw", to recipient: String) async throws -> PostOutcome {
        try await post(
            sender: .named(sender), password: digest(password), recipient: .named(recipient), body: Array(text.utf8),
            contentType: nil)
    }

    func receive(_ owner: String, password: String = "pw", waiter: ProbeWaiter? = nil) async throws -> ReceiveOutcome {
        try await receive(owner: .named(owner), password: digest(password), waiter: waiter)
    }

    /// Receives one message and confirms it, returning its text (nil when the inbox is empty).
    func take(_ owner: String, password: String = "pw") async throws -> String? {
        switch try await receive(owner, password: password) {
        case .delivered(let delivery):
            try await confirmDelivered(delivery)
            return String(decoding: delivery.message.body, as: UTF8.self)
        case .empty: return nil
        case let other: throw UnexpectedOutcome(outcome: other)
        }
    }
}

struct UnexpectedOutcome: Error {
    let outcome: ReceiveOutcome
}

extension PostgresTestDatabase {
    /// Opens `count` nodes on the database, runs `body` with them, and closes them, also when
    /// `body` throws.
    func withNodes(
        _ count: Int, _ configuration: MailboxConfiguration = MailboxConfiguration(), lease: Duration = .seconds(10),
        sweepInterval: Duration = .seconds(1), _ body: ([TestMailbox]) async throws -> Void
    ) async throws {
        var nodes: [TestMailbox] = []
        do {
            for _ in 0..<count { nodes.append(try await openNode(configuration, lease: lease, sweepInterval: sweepInterval)) }
            try await body(nodes)
            for node in nodes { node.endAllWaits(); await node.close() }
        } catch {
            for node in nodes { node.endAllWaits(); await node.close() }
            throw error
        }
    }
}
