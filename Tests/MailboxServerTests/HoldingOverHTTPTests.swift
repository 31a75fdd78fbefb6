import MailboxCore
import MailboxServer
import Testing

/// Step mode, holding and the test faults seen from HTTP: what a peer gets, and when.
@Suite struct HoldingOverHTTPTests {
    @Test func aLongPollWaitsThroughAHeldMessageAndTheReleaseAnswersIt() async throws {
        let mailbox = Mailbox()
        try await withServer(mailbox: mailbox) { server in
            _ = try await server.get("alice")
            mailbox.setStepMode(true)
            let poll = Task { try await server.get("alice", wait: 20) }
            try await server.waitUntil { $0.waitingPolls == 1 }
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(mailbox.statistics.heldMessages == 1)
            #expect(try await server.get("bob", wait: 0).status == 204)  // other requests go on
            #expect(mailbox.statistics.waitingPolls == 1)

            #expect(mailbox.releaseOldest()?.body == Array("offer".utf8))
            let answer = try await poll.value
            #expect(answer.status == 200)
            #expect(answer.text == "offer")
            #expect(answer.header("X-From") == "bob")
        }
    }

    @Test func aHeldInboxAnswersNoMessageUntilThawed() async throws {
        let mailbox = Mailbox()
        try await withServer(mailbox: mailbox) { server in
            _ = try await server.get("alice")
            #expect(mailbox.setHold(try Username(validating: "alice"), held: true))
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice", wait: 0).status == 204)
            mailbox.setHold(try Username(validating: "alice"), held: false)
            #expect(try await server.get("alice", wait: 0).text == "offer")
        }
    }

    @Test func aDelayedMessageComesOnlyOnceItsDelayHasPassed() async throws {
        let clock = ManualClock()
        let mailbox = Mailbox(configuration: MailboxConfiguration(delay: .seconds(2)), clock: clock)
        try await withServer(mailbox: mailbox) { server in
            _ = try await server.get("alice")
            #expect(try await server.post("first", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice", wait: 0).status == 204)
            let poll = Task { try await server.get("alice", wait: 20) }
            try await server.waitUntil { $0.waitingPolls == 1 }
            clock.advance(by: .seconds(2))
            // The sweep finds it due and answers the waiting poll.
            #expect(try await poll.value.text == "first")
        }
    }

    @Test func aDroppedMessageIsAcceptedAndNeverArrives() async throws {
        let mailbox = Mailbox(configuration: MailboxConfiguration(dropPercent: 100))
        try await withServer(mailbox: mailbox) { server in
            _ = try await server.get("alice")
            #expect(try await server.post("candidate", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice", wait: 0).status == 204)
            #expect(mailbox.statistics.messagesDropped == 1)
            #expect(mailbox.statistics.messagesExpired == 0)
        }
    }
}
