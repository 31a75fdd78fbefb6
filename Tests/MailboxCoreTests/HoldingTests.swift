import Testing
@testable import MailboxCore

extension Fixture {
    /// The bodies of the handoffs the store queued for waiting long-polls, with their waiters.
    func handoffs() -> [String] {
        store.takeHandoffs().map { "\($0.waiter): " + String(decoding: $0.delivery.message.body, as: UTF8.self) }
    }

    func isOpen(_ owner: String) -> Bool {
        store.snapshot().inboxes.contains { $0.owner == name(owner) }
    }
}

/// Step mode and holding one inbox: held messages are a state of the store, not of a view.
@Suite struct HoldingTests {
    @Test func aHeldMessageIsAcceptedCountedAndInvisible() {
        let f = Fixture()
        _ = f.receive("alice")
        f.store.setStepMode(true)
        #expect(f.post("bob", to: "alice", "offer").outcome == .accepted)
        #expect(f.receive("alice").outcome == .empty)
        #expect(f.store.statistics.queuedMessages == 1)
        #expect(f.store.statistics.heldMessages == 1)
        let message = f.store.snapshot().inboxes[0].messages[0]
        #expect(message.isHeld)
        #expect(f.store.snapshot().expiry(of: message) == nil)

        #expect(f.store.releaseOldest()?.body == Array("offer".utf8))
        #expect(f.store.statistics.heldMessages == 0)
        #expect(f.bodyReceived(by: "alice") == "offer")
    }

    @Test func aWaitingLongPollKeepsWaitingAndIsWokenByTheRelease() {
        let f = Fixture()
        #expect(f.receive("alice", waiter: "poll").outcome == .waiting(WaitTicket(owner: name("alice"), serial: 1)))
        f.store.setStepMode(true)
        let posted = f.post("bob", to: "alice", "offer")
        #expect(posted.outcome == .accepted)
        #expect(posted.handoff == nil)
        #expect(f.handoffs() == [])
        #expect(f.store.statistics.waitingPolls == 1)

        f.store.releaseOldest()
        #expect(f.handoffs() == ["poll: offer"])
        #expect(f.store.statistics.waitingPolls == 0)
        #expect(f.store.statistics.queuedMessages == 0)
        #expect(f.store.statistics.messagesDelivered == 1)
        #expect(f.handoffs() == [])  // taken once
    }

    @Test func releasingGoesByPostOrderAcrossTheStoreAndKeepsEachInboxFirstInFirstOut() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.receive("carol")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "first")
        _ = f.post("bob", to: "carol", "second")
        _ = f.post("bob", to: "alice", "third")

        #expect(f.store.releaseOldest()?.body == Array("first".utf8))
        #expect(f.store.releaseOldest()?.body == Array("second".utf8))
        #expect(f.bodyReceived(by: "alice") == "first")
        #expect(f.receive("alice").outcome == .empty)  // "third" is still held
        #expect(f.bodyReceived(by: "carol") == "second")
        #expect(f.store.releaseOldest()?.body == Array("third".utf8))
        #expect(f.store.releaseOldest() == nil)
        #expect(f.bodyReceived(by: "alice") == "third")
    }

    @Test func aMessageQueuedBeforeStepModeGoesFirstAndWhatIsHeldStaysBehindIt() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "before")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "during")
        guard case .delivered(let delivery) = f.receive("alice").outcome else {
            Issue.record("expected the message queued before step mode")
            return
        }
        #expect(delivery.message.body == Array("before".utf8))
        #expect(delivery.pending == 0)  // the held one is not announced either
        #expect(f.receive("alice").outcome == .empty)
    }

    @Test func heldMessagesCountAgainstCapacityAndBytes() {
        let full = Fixture(MailboxConfiguration(inboxCapacity: 2))
        _ = full.receive("alice")
        full.store.setStepMode(true)
        #expect(full.post("bob", to: "alice", "1").outcome == .accepted)
        #expect(full.post("bob", to: "alice", "2").outcome == .accepted)
        #expect(full.post("bob", to: "alice", "3").outcome == .recipientFull)

        let heavy = Fixture(MailboxConfiguration(maxBytes: 8))
        _ = heavy.receive("alice")
        heavy.store.setStepMode(true)
        #expect(heavy.post("bob", to: "alice", "12345").outcome == .accepted)
        #expect(heavy.post("bob", to: "alice", "6789").outcome == .byteLimitReached)
        #expect(heavy.store.statistics.queuedBytes == 5)
    }

    @Test func theMessageTimeoutStartsWhenTheMessageIsReleased() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(1000), messageTimeout: .seconds(10)))
        _ = f.receive("alice")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "patient")
        _ = f.post("bob", to: "alice", "late")
        f.clock.advance(by: .seconds(30))
        f.store.removeExpired()
        #expect(f.store.statistics.messagesExpired == 0)

        let released = f.store.releaseOldest()
        #expect(released?.timerStartedAt == f.clock.now)
        let snapshot = f.store.snapshot()
        #expect(snapshot.expiry(of: snapshot.inboxes[0].messages[0]) == f.clock.now + .seconds(10))
        f.clock.advance(by: .seconds(9))
        #expect(f.bodyReceived(by: "alice") == "patient")

        f.store.releaseOldest()
        f.clock.advance(by: .seconds(10))
        f.store.removeExpired()
        #expect(f.store.statistics.messagesExpired == 1)
        #expect(f.receive("alice").outcome == .empty)
    }

    @Test func heldTimeDoesNotCountAgainstTheReceiversIdleTimer() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(60), messageTimeout: .zero))
        _ = f.receive("alice")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "offer")
        f.clock.advance(by: .seconds(600))
        f.store.removeExpired()
        #expect(f.isOpen("alice"))
        #expect(f.store.snapshot().inboxes.first { $0.owner == name("alice") }?.expiresAt == nil)

        f.store.releaseOldest()  // the idle timer starts again from here
        f.clock.advance(by: .seconds(59))
        f.store.removeExpired()
        #expect(f.isOpen("alice"))
        f.clock.advance(by: .seconds(1))
        f.store.removeExpired()
        #expect(!f.isOpen("alice"))
        #expect(f.events.events.contains(.inboxExpired(owner: name("alice"), idle: .seconds(60), droppedMessages: 1)))
    }

    @Test func switchingStepModeOffReleasesEverythingAndWakesThePolls() {
        let f = Fixture()
        _ = f.receive("alice", waiter: "alice's poll")
        _ = f.receive("carol", waiter: "carol's poll")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "a")
        _ = f.post("bob", to: "carol", "c")
        _ = f.post("bob", to: "alice", "a2")
        f.store.setStepMode(false)
        #expect(f.handoffs() == ["alice's poll: a", "carol's poll: c"])
        #expect(f.store.statistics.heldMessages == 0)
        #expect(f.bodyReceived(by: "alice") == "a2")
        #expect(f.post("bob", to: "alice", "live").outcome == .accepted)
        #expect(f.bodyReceived(by: "alice") == "live")
    }

    @Test func releaseAllCountsWhatItReleased() {
        let f = Fixture()
        _ = f.receive("alice")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "1")
        _ = f.post("bob", to: "alice", "2")
        #expect(f.store.releaseAll() == 2)
        #expect(f.store.releaseAll() == 0)
        #expect(f.store.stepMode)  // new messages are still held
        _ = f.post("bob", to: "alice", "3")
        #expect(f.store.statistics.heldMessages == 1)
    }

    @Test func eventsTellWhatWasHeldAndReleased() {
        let f = Fixture()
        _ = f.receive("alice")
        f.store.setStepMode(true)
        _ = f.post("bob", to: "alice", "offer")
        let released = f.store.releaseOldest()!
        var held = released
        held.isHeld = true
        held.timerStartedAt = held.postedAt
        #expect(f.events.events.contains(.stepModeChanged(on: true)))
        #expect(Array(f.events.events.suffix(3)) == [
            .messagePosted(held, recipient: name("alice")),
            .messageHeld(held, recipient: name("alice")),
            .messageReleased(released, recipient: name("alice")),
        ])
    }
}

/// Holding one inbox: its owner sees nothing while its queue grows and its messages age.
@Suite struct InboxHoldTests {
    @Test func aHeldInboxQueuesWhatIsPostedEvenWithAPollWaitingAndThawingDeliversIt() {
        let f = Fixture()
        _ = f.receive("alice", waiter: "poll")
        #expect(f.store.setHold(name("alice"), held: true))
        let posted = f.post("bob", to: "alice", "offer")
        #expect(posted.outcome == .accepted)
        #expect(posted.handoff == nil)
        _ = f.post("bob", to: "alice", "candidate")
        #expect(f.store.statistics.queuedMessages == 2)
        #expect(f.store.snapshot().inboxes.first { $0.owner == name("alice") }?.isHeld == true)

        f.store.setHold(name("alice"), held: false)
        #expect(f.handoffs() == ["poll: offer"])
        #expect(f.bodyReceived(by: "alice") == "candidate")
        #expect(f.events.events.contains(.inboxHoldChanged(owner: name("alice"), held: true)))
        #expect(f.events.events.contains(.inboxHoldChanged(owner: name("alice"), held: false)))
    }

    @Test func aHeldInboxAnswersNothingWhileItsMessagesTimeOut() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(60), messageTimeout: .seconds(10)))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        f.store.setHold(name("alice"), held: true)
        #expect(f.receive("alice").outcome == .empty)
        f.clock.advance(by: .seconds(10))
        f.store.removeExpired()
        #expect(f.store.statistics.messagesExpired == 1)
    }

    @Test func aHeldInboxDoesNotIdleOutAndThawingRestartsItsIdleTimer() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(60)))
        _ = f.receive("alice")
        f.store.setHold(name("alice"), held: true)
        f.clock.advance(by: .seconds(300))
        f.store.removeExpired()
        #expect(f.isOpen("alice"))
        f.store.setHold(name("alice"), held: false)
        f.clock.advance(by: .seconds(59))
        f.store.removeExpired()
        #expect(f.isOpen("alice"))
        f.clock.advance(by: .seconds(1))
        f.store.removeExpired()
        #expect(!f.isOpen("alice"))
    }

    @Test func holdingAnUnknownInboxSaysSo() {
        let f = Fixture()
        #expect(!f.store.setHold(name("nobody"), held: true))
    }

    @Test func aMessageReturnedToAHeldInboxWaitsThere() {
        let f = Fixture()
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        guard case .delivered(let delivery) = f.receive("alice").outcome else {
            Issue.record("expected the offer")
            return
        }
        _ = f.receive("alice", waiter: "poll")
        f.store.setHold(name("alice"), held: true)
        #expect(f.store.returnUndelivered(delivery) == nil)
        #expect(f.store.statistics.queuedMessages == 1)
        f.store.setHold(name("alice"), held: false)
        #expect(f.handoffs() == ["poll: offer"])
    }
}

/// A generator that returns the numbers it was given, in turn.
struct ScriptedRandom: RandomNumberGenerator {
    var numbers: [UInt64]
    mutating func next() -> UInt64 { numbers.removeFirst() }
}

/// The faults a tester asks for: a slow network and lost messages.
@Suite struct FaultTests {
    @Test func aDelayedMessageIsDeliverableOnlyOnceTheDelayHasPassedInOrder() {
        let f = Fixture(MailboxConfiguration(delay: .milliseconds(500)))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "first")
        f.clock.advance(by: .milliseconds(200))
        _ = f.post("bob", to: "alice", "second")
        f.clock.advance(by: .milliseconds(299))
        #expect(f.receive("alice").outcome == .empty)
        f.clock.advance(by: .milliseconds(1))
        #expect(f.bodyReceived(by: "alice") == "first")
        #expect(f.receive("alice").outcome == .empty)
        f.clock.advance(by: .milliseconds(200))
        #expect(f.bodyReceived(by: "alice") == "second")
    }

    @Test func aWaitingPollGetsADelayedMessageWhenItComesDue() {
        let f = Fixture(MailboxConfiguration(delay: .seconds(1)))
        _ = f.receive("alice", waiter: "poll")
        let posted = f.post("bob", to: "alice", "offer")
        #expect(posted.handoff == nil)
        f.clock.advance(by: .milliseconds(999))
        f.store.removeExpired()
        #expect(f.handoffs() == [])
        f.clock.advance(by: .milliseconds(1))
        _ = f.store.removeExpired(atMost: 1)
        #expect(f.handoffs() == ["poll: offer"])
        #expect(f.store.statistics.messagesDelivered == 1)
    }

    @Test func aPollThatStartsWaitingBehindADelayedMessageGetsItWhenDue() {
        let f = Fixture(MailboxConfiguration(delay: .seconds(1)))
        _ = f.receive("alice")
        _ = f.post("bob", to: "alice", "offer")
        _ = f.receive("alice", waiter: "poll")
        f.clock.advance(by: .seconds(1))
        f.store.removeExpired()
        #expect(f.handoffs() == ["poll: offer"])
    }

    @Test func droppedMessagesAreAcceptedThenDiscardedAndCountedApart() {
        // next() % 100 below 50 drops: 5 and 149 drop, 50 and 99 do not.
        let f = Fixture(MailboxConfiguration(dropPercent: 50), random: ScriptedRandom(numbers: [5, 50, 149, 99]))
        _ = f.receive("alice", waiter: "poll")
        #expect(f.post("bob", to: "alice", "1").outcome == .accepted)  // dropped
        #expect(f.store.statistics.waitingPolls == 1)  // the poll still waits
        #expect(f.post("bob", to: "alice", "2").handoff?.waiter == "poll")
        #expect(f.post("bob", to: "alice", "3").outcome == .accepted)  // dropped
        #expect(f.post("bob", to: "alice", "4").outcome == .accepted)
        #expect(f.bodyReceived(by: "alice") == "4")

        let statistics = f.store.statistics
        #expect(statistics.messagesAccepted == 4)
        #expect(statistics.messagesDropped == 2)
        #expect(statistics.messagesExpired == 0)
        #expect(statistics.messagesDelivered == 2)
        #expect(f.events.events.filter { if case .messageDropped = $0 { true } else { false } }.count == 2)
    }

    @Test func aRefusedMessageIsRefusedRatherThanDropped() {
        let f = Fixture(MailboxConfiguration(dropPercent: 100), random: ScriptedRandom(numbers: []))
        #expect(f.post("bob", to: "nobody", "x").outcome == .recipientNotFound)
        #expect(f.store.statistics.messagesDropped == 0)
    }

    @Test func noDropsDrawNothing() {
        let f = Fixture(random: ScriptedRandom(numbers: []))  // an empty script would trap if drawn
        _ = f.receive("alice")
        #expect(f.post("bob", to: "alice", "x").outcome == .accepted)
    }
}
