import MailboxCore
import MailboxServer
import Testing

/// Step mode, holding and the test faults seen from HTTP: what a peer gets, and when.
@Suite struct HoldingOverHTTPTests {
    @Test func aLongPollWaitsThroughAHeldMessageAndTheReleaseAnswersIt() async throws {
        try await withServer { server in
            let store = server.store
            _ = try await server.get("alice")
            store.setStepMode(true)
            let poll = Task { try await server.get("alice", wait: 20) }
            try await server.waitUntil { $0.waitingPolls == 1 }
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(store.statistics.heldMessages == 1)
            #expect(try await server.get("bob", wait: 0).status == 204)  // other requests go on
            #expect(store.statistics.waitingPolls == 1)

            #expect(store.releaseOldest()?.body == Array("offer".utf8))
            let answer = try await poll.value
            #expect(answer.status == 200)
            #expect(answer.text == "offer")
            #expect(answer.header("X-From") == "bob")
        }
    }

    @Test func aHeldInboxAnswersNoMessageUntilThawed() async throws {
        try await withServer { server in
            let store = server.store
            _ = try await server.get("alice")
            #expect(store.setHold(try Username(validating: "alice"), held: true))
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice", wait: 0).status == 204)
            store.setHold(try Username(validating: "alice"), held: false)
            #expect(try await server.get("alice", wait: 0).text == "offer")
        }
    }

    @Test func aDelayedMessageComesOnlyOnceItsDelayHasPassed() async throws {
        let clock = ManualClock()
        try await withServer(ServerConfiguration(mailbox: MailboxConfiguration(delay: .seconds(2))), clock: clock) { server in
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
        try await withServer(ServerConfiguration(mailbox: MailboxConfiguration(dropPercent: 100))) { server in
            let store = server.store
            _ = try await server.get("alice")
            #expect(try await server.post("candidate", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice", wait: 0).status == 204)
            #expect(store.statistics.messagesDropped == 1)
            #expect(store.statistics.messagesExpired == 0)
        }
    }
}
