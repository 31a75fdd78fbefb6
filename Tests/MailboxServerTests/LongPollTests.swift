import MailboxCore
import MailboxServer
import Testing

/// Long polling over real sockets, with a short server wait limit.
@Suite struct LongPollTests {
    let configuration = ServerConfiguration(longPollTimeout: .milliseconds(300))

    @Test func aWaitingGetReceivesTheNextMessageAtOnce() async throws {
        try await withServer { server in
            let poll = try await RawConnection(port: server.port)
            try await poll.sendRequest("GET", "/inbox", user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            let response = try await poll.readResponse()
            #expect(response?.status == 200)
            #expect(response?.text == "offer")
            #expect(response?.header("X-From") == "bob")
            #expect(server.store.statistics.queuedMessages == 0)
            await poll.close()
        }
    }

    @Test(.timeLimit(.minutes(1)), arguments: ["/inbox", "/inbox?wait=3600"])
    func anEmptyWaitEndsWith204AfterTheServerLimit(target: String) async throws {
        // A limit long enough that a loaded test run still sees the poll waiting before it ends.
        let limit = Duration.seconds(3)
        try await withServer(ServerConfiguration(longPollTimeout: limit)) { server in
            // It waits: the poll is registered as waiting before the 204 comes, and the 204 comes
            // no sooner than the limit (the server's timer cannot fire early), also for a client
            // that asks for more than the server allows.
            let clock = ContinuousClock()
            let asked = clock.now
            let poll = try await RawConnection(port: server.port)
            try await poll.sendRequest("GET", target, user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }
            let response = try #require(try await poll.readResponse())
            let waited = clock.now - asked
            await poll.close()
            #expect(response.status == 204)
            #expect(response.header("X-Pending") == "0")
            #expect(waited >= limit, "answered after \(waited), before the server's limit")
            #expect(server.store.statistics.waitingPolls == 0)
        }
    }

    @Test func waitZeroAnswersAtOnceAndBadWaitsAre400() async throws {
        try await withServer { server async throws in
            #expect(try await server.get("alice", wait: 0).status == 204)
            #expect(server.store.statistics.waitingPolls == 0)
            #expect(try await server.request("GET", "/inbox?wait=soon", user: "alice").status == 400)
            #expect(try await server.request("GET", "/inbox?wait=-1", user: "alice").status == 400)
        }
    }

    @Test func withLongPollingOffEveryGetAnswersAtOnce() async throws {
        try await withServer(ServerConfiguration(longPolling: false)) { server async throws in
            #expect(try await server.get("alice", wait: nil).status == 204)
            #expect(try await server.get("alice", wait: 20).status == 204)
            #expect(server.store.statistics.waitingPolls == 0)
        }
    }

    @Test func aNewerGetAnswersTheOlderWaitingOneWith204() async throws {
        try await withServer { server in
            let older = try await RawConnection(port: server.port)
            try await older.sendRequest("GET", "/inbox?wait=20", user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }

            let newer = try await RawConnection(port: server.port)
            try await newer.sendRequest("GET", "/inbox?wait=20", user: "alice")
            #expect(try await older.readResponse()?.status == 204)
            try await server.waitUntil { $0.waitingPolls == 1 }

            _ = try await server.post("offer", from: "bob", to: "alice")
            #expect(try await newer.readResponse()?.text == "offer")
            await older.close()
            await newer.close()
        }
    }

    @Test func aWrongPasswordDoesNotDisturbTheOwnersPoll() async throws {
        try await withServer { server in
            let owner = try await RawConnection(port: server.port)
            try await owner.sendRequest("GET", "/inbox?wait=20", user: "alice")
            try await server.waitUntil { $0.waitingPolls == 1 }
            #expect(try await server.get("alice", password: "guess", wait: 20).status == 401)
            _ = try await server.post("offer", from: "bob", to: "alice")
            #expect(try await owner.readResponse()?.text == "offer")
            await owner.close()
        }
    }

    @Test func aKeepAliveConnectionPollsAgainAfterAnAnswer() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            for round in 1...3 {
                try await connection.sendRequest("GET", "/inbox?wait=20", user: "alice")
                try await server.waitUntil { $0.waitingPolls == 1 }
                _ = try await server.post("round \(round)", from: "bob", to: "alice")
                #expect(try await connection.readResponse()?.text == "round \(round)")
            }
            try await connection.sendRequest("GET", "/inbox?wait=0", user: "alice")
            #expect(try await connection.readResponse()?.status == 204)
            await connection.close()
        }
    }
}
