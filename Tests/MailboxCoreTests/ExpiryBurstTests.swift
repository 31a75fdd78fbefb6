import Testing
@testable import MailboxCore

/// A burst of expiries (a whole class leaving at once) is freed a little per operation and in
/// slices, never all in one request's time; and still nothing expired is ever served.
@Suite struct ExpiryBurstTests {
    static let burst = MailboxStore<String>.expiriesPerOperation * 10

    /// `burst` inboxes that all expired a second ago, besides whatever the test adds.
    static func fixtureAfterABurst(_ configuration: MailboxConfiguration = MailboxConfiguration()) -> Fixture {
        let f = Fixture(configuration)
        for index in 0..<burst {
            _ = f.receive("student-\(index)")
        }
        return f
    }

    @Test func anOperationClearsOnlyAFewExpiredInboxes() {
        let f = Self.fixtureAfterABurst()
        f.clock.advance(by: .seconds(61))
        _ = f.receive("teacher")
        #expect(f.store.statistics.inboxesExpired == MailboxStore<String>.expiriesPerOperation)
    }

    @Test func theRestIsClearedInSlicesOfTheSizeAsked() {
        let f = Self.fixtureAfterABurst()
        f.clock.advance(by: .seconds(61))
        var slices = 1
        while !f.store.removeExpired(atMost: 7) {
            slices += 1
            #expect(f.store.statistics.inboxesExpired == 7 * (slices - 1))
        }
        #expect(f.store.statistics.inboxes == 0)
        #expect(slices == (Self.burst + 6) / 7)
    }

    @Test func anExpiredInboxNotYetClearedIsNeverServed() {
        let f = Self.fixtureAfterABurst(MailboxConfiguration(messageTimeout: .seconds(120)))
        _ = f.post("teacher", to: "student-\(Self.burst - 1)", "stale offer")
        f.clock.advance(by: .seconds(61))
        // Still in the store, but gone for every request: a fresh inbox with a new password.
        #expect(f.store.statistics.inboxes == Self.burst + 1)
        #expect(f.post("teacher2", to: "student-\(Self.burst - 1)", "x").outcome == .recipientNotFound)
        #expect(f.receive("student-\(Self.burst - 1)", "new password").outcome == .empty)
        #expect(f.events.events.contains(.inboxExpired(owner: name("student-\(Self.burst - 1)"), idle: .seconds(61), droppedMessages: 1)))
    }

    @Test func expiredMessagesAreNeitherDeliveredNorCountedAgainstTheCapacity() {
        let f = Self.fixtureAfterABurst(MailboxConfiguration(inboxTimeout: .seconds(600), messageTimeout: .seconds(10), inboxCapacity: 2))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "old 1")
        _ = f.post("bob", to: "alice", "old 2")
        #expect(f.post("bob", to: "alice", "refused").outcome == .recipientFull)
        f.clock.advance(by: .seconds(11))
        #expect(f.post("bob", to: "alice", "fresh").outcome == .accepted)
        #expect(f.bodyReceived(by: "alice") == "fresh")
        #expect(f.store.statistics.messagesExpired == 2)
    }

    @Test func anInboxLimitFilledByExpiredInboxesDoesNotRefuse() {
        let f = Self.fixtureAfterABurst(MailboxConfiguration(maxInboxes: Self.burst + 1))
        _ = f.receive("alice")
        #expect(f.receive("carol").outcome == .inboxLimitReached)
        f.clock.advance(by: .seconds(61))
        #expect(f.receive("carol").outcome == .empty)
    }

    @Test func aByteLimitFilledByExpiredMessagesDoesNotRefuse() {
        // More expired bytes than one operation clears on its way: the post clears them all.
        let f = Self.fixtureAfterABurst(MailboxConfiguration(inboxTimeout: .seconds(600), messageTimeout: .seconds(10), maxBytes: Self.burst))
        for index in 0..<Self.burst {
            #expect(f.post("teacher", to: "student-\(index)", "x").outcome == .accepted)
        }
        #expect(f.post("teacher", to: "student-0", "x").outcome == .byteLimitReached)
        f.clock.advance(by: .seconds(11))
        let large = String(repeating: "y", count: Self.burst - 1)
        #expect(f.post("teacher", to: "student-0", large).outcome == .accepted)
        #expect(f.store.statistics.queuedBytes == Self.burst - 1)
        #expect(f.store.statistics.messagesExpired == Self.burst)
    }
}
