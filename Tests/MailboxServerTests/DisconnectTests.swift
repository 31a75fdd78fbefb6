import MailboxCore
import MailboxServer
import NIOCore
import Testing

/// A long-poll whose client leaves must never swallow a message (DESIGN.md §1, delivery).
@Suite struct DisconnectTests {
    @Test func aClientThatLeftIsForgottenAndTheNextGetGetsTheMessage() async throws {
        try await withServer { server in
            let poll = try await RawConnection(port: server.port)
            try await poll.sendRequest("GET", "/inbox?wait=20", user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }
            await poll.close()
            // channelInactive ended the wait...
            try await server.waitUntil { $0.waitingPolls == 0 }
            // ...so the message is queued, not handed to the departed poll.
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(server.mailbox.statistics.queuedMessages == 1)
            #expect(try await server.get("alice").text == "offer")
        }
    }

    @Test(arguments: 1...20)
    func aClientLeavingJustBeforeTheMessageArrivesDoesNotSwallowIt(round: Int) async throws {
        try await withServer { server in
            let poll = try await RawConnection(port: server.port)
            try await poll.sendRequest("GET", "/inbox?wait=20", user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }
            // Leave and post at once: the message races the server noticing the departure.
            await poll.close()
            let sent = try await server.post("offer \(round)", from: "bob", to: "alice")
            #expect(sent.status == 200)
            try await server.waitUntil { $0.waitingPolls == 0 }
            let next = try await server.get("alice")
            #expect(next.text == "offer \(round)")
            let statistics = server.mailbox.statistics
            #expect(statistics.messagesDelivered == 1)
            #expect(statistics.queuedMessages == 0)
        }
    }
}
