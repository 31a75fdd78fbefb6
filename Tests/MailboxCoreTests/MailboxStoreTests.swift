import Testing
@testable import MailboxCore

/// A store on a manual clock, with the names the tests use.
struct Fixture {
    let clock = ManualClock()
    let store: MailboxStore<String>
    let events = EventLog()

    init(_ configuration: MailboxConfiguration = MailboxConfiguration(),
         random: any RandomNumberGenerator = SystemRandomNumberGenerator()) {
        store = MailboxStore(configuration: configuration, clock: clock, random: random)
        store.onEvent = { [events] in events.append($0) }
    }

    func receive(_ owner: String, _ password: String = "pw", waiter: String? = nil) -> ReceiveResult<String> {
        store.receive(owner: name(owner), password: Array(password.utf8), waiter: waiter)
    }

    func post(
        _ sender: String, to recipient: String, _ body: String, password: String = "pw", type: String? = nil
    ) -> PostResult<String> {
        store.post(
            sender: name(sender), password: Array(password.utf8), recipient: name(recipient),
            body: Array(body.utf8), contentType: type)
    }

    /// The body of the message the owner receives now, or nil if there is none.
    func bodyReceived(by owner: String) -> String? {
        guard case .delivered(let delivery) = receive(owner).outcome else { return nil }
        return String(decoding: delivery.message.body, as: UTF8.self)
    }
}

final class EventLog: @unchecked Sendable {
    private(set) var events: [MailboxEvent] = []
    func append(_ event: MailboxEvent) { events.append(event) }
}

func name(_ text: String) -> Username {
    try! Username(validating: text)
}

@Suite struct ReceivingTests {
    @Test func firstAskCreatesAnEmptyInbox() {
        let f = Fixture()
        #expect(f.receive("alice").outcome == .empty)
        #expect(f.store.statistics.inboxes == 1)
        #expect(f.events.events == [.inboxCreated(owner: name("alice"))])
    }

    @Test func messagesComeOutOldestFirstWithSenderTypeAndPendingCount() {
        let f = Fixture()
        _ = f.receive("alice")
        #expect(f.post("bob", to: "alice", "offer", type: "application/json").outcome == .accepted)
        #expect(f.post("carol", to: "alice", "hello").outcome == .accepted)

        guard case .delivered(let first) = f.receive("alice").outcome else {
            Issue.record("expected a message")
            return
        }
        #expect(first.message.sender == name("bob"))
        #expect(first.message.body == Array("offer".utf8))
        #expect(first.message.contentType == "application/json")
        #expect(first.pending == 1)
        #expect(first.recipient == name("alice"))

        guard case .delivered(let second) = f.receive("alice").outcome else {
            Issue.record("expected a second message")
            return
        }
        #expect(second.message.sender == name("carol"))
        #expect(second.message.contentType == nil)
        #expect(second.pending == 0)
        #expect(f.receive("alice").outcome == .empty)
    }

    @Test func wrongPasswordIsRefusedAndChangesNothing() {
        let f = Fixture()
        _ = f.receive("alice", "secret")
        _ = f.post("bob", to: "alice", "offer")
        f.clock.advance(by: .seconds(50))

        #expect(f.receive("alice", "guess").outcome == .unauthorized)
        #expect(f.store.statistics.authenticationFailures == 1)
        #expect(f.store.statistics.queuedMessages == 1)

        // The failed attempt did not reset the idle timer: the inbox still expires at 60 s.
        f.clock.advance(by: .seconds(10))
        #expect(f.post("bob", to: "alice", "again").outcome == .recipientNotFound)
    }

    @Test func aGuessedUsernameWithoutItsPasswordReadsNothing() {
        let f = Fixture()
        _ = f.receive("alice", "secret")
        _ = f.post("bob", to: "alice", "offer")
        for guess in ["", "secret ", "Secret", "secret\0", "pw"] {
            #expect(f.receive("alice", guess).outcome == .unauthorized)
        }
        #expect(f.receive("alice", "secret").outcome != .unauthorized)
    }

    @Test func passwordsMayBeEmptyOrContainColons() {
        let f = Fixture()
        #expect(f.receive("alice", "").outcome == .empty)
        #expect(f.receive("alice", "").outcome == .empty)
        #expect(f.receive("bob", "a:b:c").outcome == .empty)
        #expect(f.receive("bob", "a:b").outcome == .unauthorized)
    }

    @Test func canonicallyEquivalentNamesAreDifferentInboxes() {
        let f = Fixture()
        _ = f.receive("caf\u{E9}", "one")
        #expect(f.receive("cafe\u{301}", "two").outcome == .empty)
        #expect(f.store.statistics.inboxes == 2)
        _ = f.post("bob", to: "cafe\u{301}", "for the decomposed one")
        #expect(f.receive("caf\u{E9}", "one").outcome == .empty)
        #expect(f.bodyReceived(by: "cafe\u{301}") == nil)  // wrong password "pw"
        guard case .delivered = f.receive("cafe\u{301}", "two").outcome else {
            Issue.record("the decomposed inbox should hold the message")
            return
        }
    }

    @Test func inboxLimitRefusesNewOwnersButNotExistingOnes() {
        let f = Fixture(MailboxConfiguration(maxInboxes: 2))
        _ = f.receive("alice")
        _ = f.receive("bob")
        #expect(f.receive("carol").outcome == .inboxLimitReached)
        #expect(f.receive("alice").outcome == .empty)
        #expect(f.post("carol", to: "alice", "hi").outcome == .inboxLimitReached)
        #expect(f.store.statistics.inboxes == 2)
    }
}

@Suite struct SendingTests {
    @Test func postingCreatesTheSenderInbox() {
        let f = Fixture()
        _ = f.receive("alice")
        #expect(f.post("bob", to: "alice", "offer").outcome == .accepted)
        #expect(f.post("alice", to: "bob", "answer").outcome == .accepted)
        #expect(f.bodyReceived(by: "bob") == "answer")
    }

    @Test func wrongSenderPasswordIsRefusedAndQueuesNothing() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.receive("bob", "bobs")
        #expect(f.post("bob", to: "alice", "forged", password: "guess").outcome == .unauthorized)
        #expect(f.store.statistics.queuedMessages == 0)
    }

    @Test func unknownRecipientAndEmptyBodyAreRefused() {
        let f = Fixture()
        _ = f.receive("alice")
        #expect(f.post("bob", to: "nobody", "offer").outcome == .recipientNotFound)
        #expect(f.post("bob", to: "alice", "").outcome == .emptyBody)
        #expect(f.store.statistics.postsRefused == 2)
        #expect(f.store.statistics.queuedMessages == 0)
    }

    @Test func aFullInboxRefusesUntilDrained() {
        let f = Fixture(MailboxConfiguration(inboxCapacity: 2))
        _ = f.receive("alice")
        #expect(f.post("bob", to: "alice", "1").outcome == .accepted)
        #expect(f.post("bob", to: "alice", "2").outcome == .accepted)
        #expect(f.post("bob", to: "alice", "3").outcome == .recipientFull)
        #expect(f.bodyReceived(by: "alice") == "1")
        #expect(f.post("bob", to: "alice", "3").outcome == .accepted)
    }

    @Test func theByteLimitCountsEveryInbox() {
        let f = Fixture(MailboxConfiguration(maxBytes: 10))
        _ = f.receive("alice")
        _ = f.receive("carol")
        #expect(f.post("bob", to: "alice", "123456").outcome == .accepted)
        #expect(f.post("bob", to: "carol", "12345").outcome == .byteLimitReached)
        #expect(f.post("bob", to: "carol", "1234").outcome == .accepted)
        #expect(f.store.statistics.queuedBytes == 10)
        _ = f.receive("alice")
        #expect(f.store.statistics.queuedBytes == 4)
        #expect(f.post("bob", to: "carol", "12345").outcome == .accepted)
    }
}

@Suite struct TimerTests {
    @Test func anInboxExpiresAfterTheIdleTimeoutWithItsMessages() {
        let f = Fixture(MailboxConfiguration(messageTimeout: .seconds(120)))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        f.clock.advance(by: .seconds(59))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 2)

        f.clock.advance(by: .seconds(1))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 0)
        #expect(f.store.statistics.messagesExpired == 1)
        #expect(f.store.statistics.queuedBytes == 0)
        #expect(f.events.events.contains(.inboxExpired(owner: name("alice"), idle: .seconds(60), droppedMessages: 1)))
        // A new first contact creates a fresh inbox, with a new password.
        #expect(f.receive("alice", "new").outcome == .empty)
    }

    @Test func askingResetsTheIdleTimerButSendingDoesNot() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.receive("bob")
        f.clock.advance(by: .seconds(40))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        f.clock.advance(by: .seconds(20))
        // bob only sent: his inbox expired 60 s after he last asked. alice asked at 40 s.
        #expect(f.post("alice", to: "bob", "answer").outcome == .recipientNotFound)
        #expect(f.bodyReceived(by: "alice") == "offer")
        f.clock.advance(by: .seconds(59))
        #expect(f.post("carol", to: "alice", "hi").outcome == .accepted)
    }

    @Test func aMessageExpiresAfterItsOwnTimeout() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(100), messageTimeout: .seconds(10)))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "old")
        f.clock.advance(by: .seconds(5))
        _ = f.post("bob", to: "alice", "new")
        f.clock.advance(by: .seconds(5))
        #expect(f.bodyReceived(by: "alice") == "new")
        #expect(f.store.statistics.messagesExpired == 1)
        #expect(f.events.events.contains(.messageExpired(
            Message(sender: name("bob"), body: Array("old".utf8), contentType: nil, postedAt: MailboxInstant(nanoseconds: 0), id: 1),
            recipient: name("alice"))))
    }

    @Test func aZeroMessageTimeoutKeepsMessagesAsLongAsTheirInbox() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(1000), messageTimeout: .zero))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "patient")
        f.clock.advance(by: .seconds(999))
        #expect(f.bodyReceived(by: "alice") == "patient")
    }

    @Test func fractionalTimeoutsAreExact() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .milliseconds(1500)))
        _ = f.receive("alice")
        f.clock.advance(by: .milliseconds(1499))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 1)
        f.clock.advance(by: .milliseconds(1))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 0)
    }

    @Test func manyInboxesExpireInDeadlineOrder() {
        let f = Fixture()
        for i in 0..<1000 {
            _ = f.receive("peer-\(i)")
            f.clock.advance(by: .milliseconds(10))
        }
        // peer-i was created at i * 10 ms and expires at 60 s + i * 10 ms; now is 10 s.
        for step in 1...10 {
            f.clock.advance(by: .seconds(5))
            f.store.removeExpired()
            let expected = max(0, min(1000, 1000 - (step * 5000 + 10000 - 60000) / 10 - 1))
            #expect(f.store.statistics.inboxes == expected, "after \(10 + step * 5) s")
        }
        let expiredOrder = f.events.events.compactMap { event -> String? in
            if case .inboxExpired(let owner, _, _) = event { return owner.text }
            return nil
        }
        #expect(expiredOrder == (0..<expiredOrder.count).map { "peer-\($0)" })
    }

    @Test func resettingTimersDoesNotGrowTheDeadlineHeap() {
        let f = Fixture()
        for _ in 0..<10_000 {
            _ = f.receive("alice")
            _ = f.post("bob", to: "alice", "x")
            f.clock.advance(by: .milliseconds(100))
        }
        // bob only sends, so his inbox expires every 60 s and his next post creates it anew.
        #expect(f.store.statistics.inboxes == 2)
        #expect(f.store.statistics.inboxesExpired == 16)
        #expect(f.store.deadlineCount == 2)
    }
}

@Suite struct LongPollTests {
    @Test func aWaiterReceivesTheNextMessageDirectly() {
        let f = Fixture()
        guard case .waiting = f.receive("alice", waiter: "poll-1").outcome else {
            Issue.record("an empty inbox should register the waiter")
            return
        }
        #expect(f.store.statistics.waitingPolls == 1)
        let result = f.post("bob", to: "alice", "offer")
        #expect(result.outcome == .accepted)
        #expect(result.handoff?.waiter == "poll-1")
        #expect(result.handoff?.delivery.message.body == Array("offer".utf8))
        #expect(result.handoff?.delivery.recipient == name("alice"))
        #expect(f.store.statistics.queuedMessages == 0)
        #expect(f.store.statistics.waitingPolls == 0)
        #expect(f.store.statistics.messagesDelivered == 1)
    }

    @Test func aQueuedMessageIsReturnedWithoutWaiting() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        guard case .delivered = f.receive("alice", waiter: "poll").outcome else {
            Issue.record("expected the queued message")
            return
        }
        #expect(f.store.statistics.waitingPolls == 0)
    }

    @Test func aNewerAskSupersedesTheWaitingPoll() {
        let f = Fixture()
        _ = f.receive("alice", waiter: "old")
        let newer = f.receive("alice", waiter: "new")
        #expect(newer.superseded == "old")
        #expect(f.post("bob", to: "alice", "offer").handoff?.waiter == "new")

        _ = f.receive("alice", waiter: "waiting")
        let plain = f.receive("alice")
        #expect(plain.outcome == .empty)
        #expect(plain.superseded == "waiting")
        #expect(f.store.statistics.waitingPolls == 0)
    }

    @Test func aWrongPasswordDoesNotSupersedeTheOwnersPoll() {
        let f = Fixture()
        _ = f.receive("alice", waiter: "owner")
        let intruder = f.receive("alice", "guess", waiter: "intruder")
        #expect(intruder.outcome == .unauthorized)
        #expect(intruder.superseded == nil)
        #expect(f.post("bob", to: "alice", "offer").handoff?.waiter == "owner")
    }

    @Test func aWaitingPollKeepsTheInboxAliveAndItsEndRestartsTheTimer() {
        let f = Fixture()
        guard case .waiting(let ticket) = f.receive("alice", waiter: "poll").outcome else {
            Issue.record("expected to wait")
            return
        }
        f.clock.advance(by: .seconds(300))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 1)
        let snapshot = f.store.snapshot()
        #expect(snapshot.inboxes.first?.hasWaitingPoll == true)

        #expect(f.store.endWait(ticket) == "poll")
        #expect(f.store.endWait(ticket) == nil)
        f.clock.advance(by: .seconds(59))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 1)
        f.clock.advance(by: .seconds(1))
        f.store.removeExpired()
        #expect(f.store.statistics.inboxes == 0)
    }

    @Test func endingAWaitThatAMessageClaimedReturnsNothing() {
        let f = Fixture()
        guard case .waiting(let ticket) = f.receive("alice", waiter: "poll").outcome else {
            Issue.record("expected to wait")
            return
        }
        _ = f.post("bob", to: "alice", "offer")
        #expect(f.store.endWait(ticket) == nil)
    }

    @Test func endAllWaitsAnswersEveryPoll() {
        let f = Fixture()
        _ = f.receive("alice", waiter: "a")
        _ = f.receive("bob", waiter: "b")
        _ = f.receive("carol")
        #expect(Set(f.store.endAllWaits()) == ["a", "b"])
        #expect(f.store.statistics.waitingPolls == 0)
    }
}

@Suite struct UndeliveredTests {
    @Test func anUndeliveredMessageReturnsToTheHeadOfItsQueue() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "first")
        _ = f.post("bob", to: "alice", "second")
        guard case .delivered(let delivery) = f.receive("alice").outcome else {
            Issue.record("expected a message")
            return
        }
        #expect(f.store.returnUndelivered(delivery) == nil)
        #expect(f.store.statistics.messagesDelivered == 0)
        #expect(f.store.statistics.messagesReturned == 1)
        #expect(f.bodyReceived(by: "alice") == "first")
        #expect(f.bodyReceived(by: "alice") == "second")
    }

    @Test func anUndeliveredHandoffGoesToTheNextWaiter() {
        let f = Fixture()
        _ = f.receive("alice", waiter: "gone")
        guard let handoff = f.post("bob", to: "alice", "offer").handoff else {
            Issue.record("expected a handoff")
            return
        }
        _ = f.receive("alice", waiter: "next")
        let again = f.store.returnUndelivered(handoff.delivery)
        #expect(again?.waiter == "next")
        #expect(again?.delivery.message == handoff.delivery.message)
        #expect(f.store.statistics.messagesDelivered == 1)
    }

    @Test func anUndeliveredMessageWhoseTimeRanOutExpires() {
        let f = Fixture(MailboxConfiguration(messageTimeout: .seconds(10)))
        _ = f.receive("alice", waiter: "poll")
        guard let handoff = f.post("bob", to: "alice", "offer").handoff else {
            Issue.record("expected a handoff")
            return
        }
        f.clock.advance(by: .seconds(10))
        #expect(f.store.returnUndelivered(handoff.delivery) == nil)
        #expect(f.store.statistics.messagesExpired == 1)
        #expect(f.store.statistics.queuedMessages == 0)
    }

    @Test func returningARestoredMessageBringsItsDeadlineForward() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(100), messageTimeout: .seconds(10)))
        _ = f.receive("alice", waiter: "poll")
        guard let handoff = f.post("bob", to: "alice", "offer").handoff else {
            Issue.record("expected a handoff")
            return
        }
        _ = f.store.returnUndelivered(handoff.delivery)
        f.clock.advance(by: .seconds(10))
        f.store.removeExpired()
        #expect(f.store.statistics.queuedMessages == 0)
        #expect(f.store.statistics.messagesExpired == 1)
    }
}

@Suite struct ObservationTests {
    @Test func aSnapshotShowsEveryInboxWithItsMessagesAndDeadlines() {
        let f = Fixture()
        _ = f.receive("bob")
        f.clock.advance(by: .seconds(5))
        _ = f.receive("alice", waiter: "poll")
        _ = f.post("carol", to: "bob", "offer")
        let snapshot = f.store.snapshot()
        #expect(snapshot.inboxes.map(\.owner.text) == ["alice", "bob", "carol"])
        #expect(snapshot.inboxes[0].expiresAt == nil)
        #expect(snapshot.inboxes[1].expiresAt == MailboxInstant(nanoseconds: 60_000_000_000))
        #expect(snapshot.inboxes[1].messages.map(\.body) == [Array("offer".utf8)])
        #expect(snapshot.expiry(of: snapshot.inboxes[1].messages[0]) == MailboxInstant(nanoseconds: 65_000_000_000))
        #expect(snapshot.statistics.waitingPolls == 1)
    }

    @Test func eventsTellTheStoryOfAHandshake() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        _ = f.receive("alice")
        _ = f.post("alice", to: "nobody", "x")
        _ = f.receive("alice", "wrong")
        let offer = Message(sender: name("bob"), body: Array("offer".utf8), contentType: nil, postedAt: f.clock.now, id: 1)
        #expect(f.events.events == [
            .inboxCreated(owner: name("alice")),
            .inboxCreated(owner: name("bob")),
            .messagePosted(offer, recipient: name("alice")),
            .messageDelivered(offer, recipient: name("alice")),
            .postRefused(sender: name("alice"), recipient: name("nobody"), reason: .recipientNotFound),
            .authenticationFailed(owner: name("alice"), origin: nil),
        ])
    }
}
