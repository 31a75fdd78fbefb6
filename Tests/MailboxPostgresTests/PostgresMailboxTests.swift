import Logging
import MailboxCore
import MailboxPostgres
import PostgresNIO
import Testing
import TestSupport

/// The store against a real PostgreSQL (a throwaway cluster the tests start), with two or more
/// nodes on one database where the rule is about the cluster.
@Suite(.enabled(if: PostgresCluster.isInstalled, "PostgreSQL is not installed"))
struct PostgresMailboxTests {
    @Test func aSecondNodeAcceptsTheSchemaTheFirstCreated() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            #expect(try await nodes[0].receive("bob") == .empty)
            #expect(try await nodes[1].post("hi", from: "alice", to: "bob") == .accepted)
            #expect(try await nodes[0].take("bob") == "hi")
        }
        #expect(try database.sql("SELECT schema_version FROM signalbox_meta") == "1")
    }

    @Test func aNewerSchemaIsRefusedWithAClearMessage() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1) { _ async throws in }
        try database.sql("UPDATE signalbox_meta SET schema_version = 99")
        let error = await #expect(throws: PostgresStoreError.self) { try await database.openNode() }
        #expect(error == .newerSchema(found: 99, known: 1))
        #expect(error?.description.contains("newer than version 1") == true)
    }

    @Test func twoNodesCreatingOneInboxWithDifferentPasswordsLetExactlyOneWin() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            for round in 0..<20 {
                let name = "race-\(round)"
                async let first = nodes[0].receive(name, password: "first")
                async let second = nodes[1].receive(name, password: "second")
                let outcomes = try await [first, second]
                #expect(outcomes.filter { $0 == .empty }.count == 1, "round \(round): \(outcomes)")
                #expect(outcomes.filter { $0 == .unauthorized }.count == 1, "round \(round): \(outcomes)")
            }
        }
        #expect(try database.sql("SELECT count(*) FROM signalbox_inbox") == "20")
        #expect(try database.sql("SELECT inbox_count FROM signalbox_meta") == "20")
    }

    @Test func messagesPostedThroughTwoNodesArriveInOrder() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            _ = try await nodes[1].receive("bob")
            for number in 0..<30 {
                #expect(try await nodes[number % 2].post("m\(number)", from: "alice", to: "bob") == .accepted)
            }
            var received: [String] = []
            while let text = try await nodes[(received.count + 1) % 2].take("bob") { received.append(text) }
            #expect(received == (0..<30).map { "m\($0)" })
        }
    }

    @Test func concurrentSendersKeepTheirOwnOrderAcrossNodes() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2, MailboxConfiguration(inboxCapacity: 1000)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in 0..<4 {
                    group.addTask {
                        for number in 0..<25 {
                            let outcome = try await nodes[(sender + number) % 2].post("\(sender):\(number)", from: "s\(sender)", to: "bob")
                            #expect(outcome == .accepted)
                        }
                    }
                }
                try await group.waitForAll()
            }
            var received: [String] = []
            while let text = try await nodes[1].take("bob") { received.append(text) }
            #expect(received.count == 100)
            for sender in 0..<4 {
                let own = received.filter { $0.hasPrefix("\(sender):") }
                #expect(own == (0..<25).map { "\(sender):\($0)" })
            }
        }
    }

    @Test func aMessageThatCouldNotBeWrittenReturnsToTheHead() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            _ = try await nodes[0].post("first", from: "alice", to: "bob")
            _ = try await nodes[0].post("second", from: "alice", to: "bob")
            guard case .delivered(let handed) = try await nodes[0].receive("bob") else {
                Issue.record("nothing delivered")
                return
            }
            #expect(handed.pending == 1)
            try await nodes[0].returnUndelivered(handed)
            #expect(try await nodes[1].take("bob") == "first")
            #expect(try await nodes[1].take("bob") == "second")
            #expect(try await nodes[1].take("bob") == nil)
        }
        #expect(try database.sql("SELECT byte_count FROM signalbox_meta") == "0")
    }

    @Test func aMessageHandedOutByANodeThatDiedIsHandedOutAgainAfterItsLease() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2, lease: .seconds(3600)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            _ = try await nodes[0].post("once", from: "alice", to: "bob")
            // Node 0 hands it out and never confirms nor returns it, as if it was killed.
            guard case .delivered = try await nodes[0].receive("bob") else {
                Issue.record("nothing delivered")
                return
            }
            #expect(try await nodes[1].take("bob") == nil)
            // The database's clock reaches the end of the lease.
            try database.sql("UPDATE signalbox_message SET handed_until = clock_timestamp()")
            #expect(try await nodes[1].take("bob") == "once")
            #expect(try await nodes[1].take("bob") == nil)
        }
    }

    @Test func aConfirmedMessageIsNeverHandedOutAgain() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1, lease: .milliseconds(1)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            _ = try await nodes[0].post("once", from: "alice", to: "bob")
            #expect(try await nodes[0].take("bob") == "once")
            #expect(try database.sql("SELECT count(*) FROM signalbox_message") == "0")
            #expect(try await nodes[0].take("bob") == nil)
        }
    }

    @Test func anExpiredMessageIsNeverServedAndFreesItsPlace() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1, MailboxConfiguration(inboxCapacity: 2)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            _ = try await nodes[0].post("old", from: "alice", to: "bob")
            _ = try await nodes[0].post("new", from: "alice", to: "bob")
            #expect(try await nodes[0].post("over", from: "alice", to: "bob") == .recipientFull)
            // The database's clock decides: the first message's timeout has just passed.
            try database.sql("UPDATE signalbox_message SET expires_at = clock_timestamp() WHERE body = 'old'")
            #expect(try await nodes[0].post("third", from: "alice", to: "bob") == .accepted)
            #expect(try await nodes[0].take("bob") == "new")
            #expect(try await nodes[0].take("bob") == "third")
        }
    }

    @Test func messagesPostedBeforeTheirTimeoutAreServed() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1, MailboxConfiguration(messageTimeout: .seconds(3600))) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            _ = try await nodes[0].post("fresh", from: "alice", to: "bob")
            let expiry = try database.sql(
                "SELECT round(extract(epoch FROM expires_at - posted_at)) FROM signalbox_message")
            #expect(expiry == "3600")
            #expect(try await nodes[0].take("bob") == "fresh")
        }
    }

    @Test func anIdleInboxIsGoneWithItsMessagesAndItsNameFree() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            _ = try await nodes[0].receive("bob", password: "old")
            _ = try await nodes[0].post("lost", from: "alice", to: "bob")
            try database.sql("UPDATE signalbox_inbox SET idle_deadline = clock_timestamp() WHERE name = 'bob'")
            #expect(try await nodes[1].post("late", from: "alice", to: "bob") == .recipientNotFound)
            #expect(try await nodes[1].receive("bob", password: "new") == .empty)
        }
        #expect(try database.sql("SELECT count(*) FROM signalbox_message") == "0")
        #expect(try database.sql("SELECT byte_count FROM signalbox_meta") == "0")
    }

    @Test func capacityHoldsForTheWholeClusterUnderConcurrentPosts() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2, MailboxConfiguration(inboxCapacity: 5)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            let outcomes = try await withThrowingTaskGroup(of: PostOutcome.self) { group in
                for number in 0..<20 {
                    group.addTask { try await nodes[number % 2].post("m\(number)", from: "s\(number)", to: "bob") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .accepted }.count == 5)
            #expect(outcomes.filter { $0 == .recipientFull }.count == 15)
        }
    }

    @Test func maxInboxesHoldsForTheWholeCluster() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2, MailboxConfiguration(maxInboxes: 3)) { nodes async throws in
            let outcomes = try await withThrowingTaskGroup(of: ReceiveOutcome.self) { group in
                for number in 0..<10 {
                    group.addTask { try await nodes[number % 2].receive("owner\(number)") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .empty }.count == 3)
            #expect(outcomes.filter { $0 == .inboxLimitReached }.count == 7)
            // An inbox that expired makes room for a new one.
            try database.sql(
                "UPDATE signalbox_inbox SET idle_deadline = clock_timestamp() WHERE name = (SELECT min(name) FROM signalbox_inbox)")
            #expect(try await nodes[1].receive("newcomer") == .empty)
        }
    }

    @Test func maxBytesHoldsForTheWholeCluster() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2, MailboxConfiguration(maxBytes: 10)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            let outcomes = try await withThrowingTaskGroup(of: PostOutcome.self) { group in
                for number in 0..<8 {
                    group.addTask { try await nodes[number % 2].post("abcd", from: "s\(number)", to: "bob") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .accepted }.count == 2)
            #expect(outcomes.filter { $0 == .byteLimitReached }.count == 6)
            #expect(try await nodes[1].take("bob") == "abcd")
            #expect(try await nodes[1].post("abcd", from: "again", to: "bob") == .accepted)
        }
    }

    @Test func passwordsAreStoredSaltedAndHashed() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1) { nodes async throws in
            _ = try await nodes[0].receive("a", password: "same secret")
            _ = try await nodes[0].receive("b", password: "same secret")
            #expect(try await nodes[0].receive("a", password: "same secret") == .empty)
            #expect(try await nodes[0].receive("a", password: "other") == .unauthorized)
        }
        let hashes = try database.sql("SELECT encode(password_hash, 'hex') FROM signalbox_inbox ORDER BY name")
            .split(separator: "\n")
        #expect(hashes.count == 2)
        #expect(hashes[0] != hashes[1])
        let clear = try database.sql("SELECT count(*) FROM signalbox_inbox WHERE position('same secret'::bytea IN password_hash) > 0")
        #expect(clear == "0")
    }

    @Test func aPostOnOneNodeWakesALongPollOnAnother() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            let waiter = ProbeWaiter()
            guard case .waiting(let ticket) = try await nodes[1].receive("bob", waiter: waiter) else {
                Issue.record("the poll did not wait")
                return
            }
            nodes[1].activate(ticket)
            #expect(try await nodes[0].post("wake up", from: "alice", to: "bob") == .accepted)
            let delivery = try #require(try await waiter.answer())
            #expect(String(decoding: delivery.message.body, as: UTF8.self) == "wake up")
            #expect(delivery.message.sender == .named("alice"))
            try await nodes[1].confirmDelivered(delivery)
            #expect(nodes[1].endWait(ticket) == false)
        }
    }

    @Test func aNewerGetOnAnotherNodeSupersedesTheWaitingOne() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            let older = ProbeWaiter()
            guard case .waiting(let ticket) = try await nodes[0].receive("bob", waiter: older) else {
                Issue.record("the poll did not wait")
                return
            }
            nodes[0].activate(ticket)
            let newer = ProbeWaiter()
            guard case .waiting(let newTicket) = try await nodes[1].receive("bob", waiter: newer) else {
                Issue.record("the newer poll did not wait")
                return
            }
            nodes[1].activate(newTicket)
            #expect(try await older.answer() == nil)
            _ = try await nodes[0].post("for the newer", from: "alice", to: "bob")
            let delivery = try #require(try await newer.answer())
            #expect(String(decoding: delivery.message.body, as: UTF8.self) == "for the newer")
            #expect(older.received.count == 1)
        }
    }

    @Test func aWrongPasswordGetLeavesTheWaitingPollAlone() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1) { nodes async throws in
            let waiter = ProbeWaiter()
            guard case .waiting(let ticket) = try await nodes[0].receive("bob", waiter: waiter) else {
                Issue.record("the poll did not wait")
                return
            }
            nodes[0].activate(ticket)
            #expect(try await nodes[0].receive("bob", password: "wrong", waiter: ProbeWaiter()) == .unauthorized)
            _ = try await nodes[0].post("still yours", from: "alice", to: "bob")
            let delivery = try #require(try await waiter.answer())
            #expect(String(decoding: delivery.message.body, as: UTF8.self) == "still yours")
        }
    }

    @Test func aMessageHandedOutNoLongerCountsAgainstCapacity() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(1, MailboxConfiguration(inboxCapacity: 1)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            _ = try await nodes[0].post("first", from: "alice", to: "bob")
            guard case .delivered = try await nodes[0].receive("bob") else {
                Issue.record("nothing delivered")
                return
            }
            // Its answer is being written, not yet confirmed: the queue is empty all the same.
            #expect(try await nodes[0].post("second", from: "alice", to: "bob") == .accepted)
        }
    }

    @Test func aWaitThatEndedLeavesTheMessageForTheNextGet() async throws {
        let database = try PostgresTestDatabase()
        try await database.withNodes(2) { nodes async throws in
            let waiter = ProbeWaiter()
            guard case .waiting(let ticket) = try await nodes[0].receive("bob", waiter: waiter) else {
                Issue.record("the poll did not wait")
                return
            }
            nodes[0].activate(ticket)
            #expect(nodes[0].endWait(ticket))
            _ = try await eventuallyValue("the database forgot the poll") {
                try database.sql("SELECT count(*) FROM signalbox_inbox WHERE poll_node IS NOT NULL") == "0" ? true : nil
            }
            _ = try await nodes[1].post("kept", from: "alice", to: "bob")
            #expect(try await nodes[1].take("bob") == "kept")
            #expect(waiter.received.isEmpty)
        }
    }

    @Test func sweepingIsDoneByOneNodeAtATimeInBoundedBatches() async throws {
        let database = try PostgresTestDatabase()
        // This node's own sweeper stays out of the way: the test sweeps by hand.
        try await database.withNodes(1, MailboxConfiguration(inboxCapacity: 10), sweepInterval: .seconds(3600)) { nodes async throws in
            _ = try await nodes[0].receive("bob")
            for number in 0..<5 { _ = try await nodes[0].post("m\(number)", from: "alice", to: "bob") }
            // Another node's sweep holds the lock: this one does not sweep.
            let connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: database.cluster.host, port: database.cluster.port, username: database.cluster.user,
                    password: database.cluster.password, database: database.name, tls: .disable),
                id: 1, logger: .init(label: "test"))
            _ = try await connection.query("BEGIN", logger: .init(label: "test")).collect()
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(Int64(0x5369_676E_616C_02)))", logger: .init(label: "test")).collect()
            try database.sql("UPDATE signalbox_message SET expires_at = clock_timestamp()")
            #expect(try await nodes[0].sweep(batch: 2) == nil)
            _ = try await connection.query("ROLLBACK", logger: .init(label: "test")).collect()
            try await connection.close()
            #expect(try await nodes[0].sweep(batch: 2) == 2)
            #expect(try database.sql("SELECT count(*) FROM signalbox_message") == "3")
        }
    }
}
