import MailboxCore
import MailboxServer
import Testing

/// Floods stop at the store's limits with 503, recover as inboxes expire, and a well-behaved
/// pair still completes its handshake meanwhile.
@Suite struct FloodTests {
    @Test func aFloodOfNewUsernamesStopsAtTheLimitAndRecoversAsInboxesExpire() async throws {
        let clock = ManualClock()
        let mailbox = Mailbox(configuration: MailboxConfiguration(maxInboxes: 20), clock: clock)
        try await withServer(mailbox: mailbox) { server in
            // The pair that wants to talk arrives first; then the flood.
            #expect(try await server.get("alice").status == 204)
            #expect(try await server.get("bob").status == 204)
            var refused = 0
            for index in 0..<40 {
                let response = try await server.get("flood-\(index)")
                if response.status == 503 {
                    refused += 1
                    #expect(response.header("Retry-After") != nil)
                }
            }
            #expect(refused == 22)  // 20 inboxes: alice, bob and 18 of the flood
            #expect(server.mailbox.statistics.inboxes == 20)

            // The pair still completes its handshake.
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice").text == "offer")
            #expect(try await server.post("answer", from: "alice", to: "bob").status == 200)
            #expect(try await server.get("bob").text == "answer")

            // The flood's inboxes expire; alice and bob, who keep asking, stay.
            clock.advance(by: .seconds(30))
            _ = try await server.get("alice")
            _ = try await server.get("bob")
            clock.advance(by: .seconds(30))
            server.mailbox.removeExpired()
            #expect(server.mailbox.statistics.inboxes == 2)
            #expect(try await server.get("newcomer").status == 204)
        }
    }
}
