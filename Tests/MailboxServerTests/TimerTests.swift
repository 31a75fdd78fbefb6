import MailboxCore
import MailboxServer
import Testing

/// The timers of DESIGN.md §1 over HTTP, driven by a manual clock: no test waits for a TTL.
@Suite struct TimerTests {
    let clock = ManualClock()


    @Test func anIdleInboxExpiresAndSendingDoesNotKeepItAlive() async throws {
        try await withServer(clock: clock) { server in
            _ = try await server.get("alice")
            _ = try await server.get("bob")
            clock.advance(by: .seconds(30))
            _ = try await server.get("alice")
            #expect(try await server.post("ping", from: "bob", to: "alice").status == 200)
            clock.advance(by: .seconds(30))
            // bob last asked 60 s ago: gone. alice asked 30 s ago.
            #expect(try await server.post("pong", from: "alice", to: "bob").status == 404)
            #expect(try await server.get("alice").text == "ping")
            clock.advance(by: .seconds(60))
            #expect(try await server.post("late", from: "carol", to: "alice").status == 404)
            // The name is free again: a new password claims it.
            #expect(try await server.get("alice", password: "another").status == 204)
        }
    }

    @Test func aMessageExpiresAfterItsTimeout() async throws {
        let configuration = MailboxConfiguration(inboxTimeout: .seconds(120), messageTimeout: .seconds(10))
        try await withServer(ServerConfiguration(mailbox: configuration), clock: clock) { server in
            _ = try await server.get("alice")
            _ = try await server.post("old", from: "bob", to: "alice")
            clock.advance(by: .seconds(5))
            _ = try await server.post("new", from: "bob", to: "alice")
            clock.advance(by: .seconds(5))
            let response = try await server.get("alice")
            #expect(response.text == "new")
            #expect(response.header("X-Message-Age") == "5")
            #expect(response.header("X-Message-Timeout") == "10")
            #expect(response.header("X-Inbox-Timeout") == "120")
            #expect(try await server.get("alice").status == 204)
        }
    }

    @Test func aZeroMessageTimeoutKeepsMessages() async throws {
        let configuration = MailboxConfiguration(inboxTimeout: .seconds(600), messageTimeout: .zero)
        try await withServer(ServerConfiguration(mailbox: configuration), clock: clock) { server in
            _ = try await server.get("alice")
            _ = try await server.post("kept", from: "bob", to: "alice")
            clock.advance(by: .seconds(599))
            let response = try await server.get("alice")
            #expect(response.text == "kept")
            #expect(response.header("X-Message-Timeout") == "0")
        }
    }

    @Test func aWaitingLongPollKeepsItsInboxAlive() async throws {
        try await withServer(clock: clock) { server in
            let poll = try await RawConnection(port: server.port)
            try await poll.sendRequest("GET", "/inbox?wait=20", user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }
            clock.advance(by: .seconds(300))
            server.store.removeExpired()
            #expect(try await server.post("still here?", from: "bob", to: "alice").status == 200)
            let response = try await poll.readResponse()
            #expect(response?.text == "still here?")
            await poll.close()
        }
    }
}
