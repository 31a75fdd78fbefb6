import MailboxCore
import MailboxServer
import Testing

/// Floods stop at the store's limits with 503, recover as inboxes expire, and a well-behaved
/// pair still completes its handshake meanwhile.
@Suite struct FloodTests {
    @Test func aFloodOfNewUsernamesStopsAtTheLimitAndRecoversAsInboxesExpire() async throws {
        let clock = ManualClock()
        try await withServer(ServerConfiguration(mailbox: MailboxConfiguration(maxInboxes: 20)), clock: clock) { server in
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
            #expect(server.store.statistics.inboxes == 20)

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
            server.store.removeExpired()
            #expect(server.store.statistics.inboxes == 2)
            #expect(try await server.get("newcomer").status == 204)
        }
    }

    /// Large messages posted to many inboxes that never fetch them fill --max-bytes: from then
    /// on every post is refused with 503 and the queue never grows past the limit. The limit
    /// guards the server's memory for everyone at once, so the pair waits too, and completes
    /// its handshake as soon as the flood's messages time out.
    @Test func aFloodOfLargeMessagesStopsAtTheByteLimitAndRecoversAsTheyExpire() async throws {
        let clock = ManualClock()
        let limit = 64 * 1024
        let configuration = ServerConfiguration(mailbox: MailboxConfiguration(maxBytes: limit), maxBodySize: 8 * 1024)
        try await withServer(configuration, clock: clock) { server in
            #expect(try await server.get("alice").status == 204)
            #expect(try await server.get("bob").status == 204)
            let large = [UInt8](repeating: 0x41, count: 8 * 1024)
            for sink in 0..<4 { #expect(try await server.get("sink-\(sink)").status == 204) }
            var accepted = 0, refused = 0
            for index in 0..<20 {
                let response = try await server.post(large, from: "flood", to: "sink-\(index % 4)")
                if response.status == 200 { accepted += 1 }
                if response.status == 503 {
                    refused += 1
                    #expect(response.header("Retry-After") != nil)
                }
            }
            #expect(accepted == limit / large.count)
            #expect(refused == 20 - accepted)
            #expect(server.store.statistics.queuedBytes <= limit)
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 503)

            // The flood's messages time out (the pair keeps its inboxes alive meanwhile).
            clock.advance(by: .seconds(30))
            _ = try await server.get("alice")
            _ = try await server.get("bob")
            clock.advance(by: .seconds(31))
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(try await server.get("alice").text == "offer")
            #expect(try await server.post("answer", from: "alice", to: "bob").status == 200)
            #expect(try await server.get("bob").text == "answer")
            #expect(server.store.statistics.messagesExpired == accepted)
        }
    }
}
