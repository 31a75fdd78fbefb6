import MailboxCore
import MailboxServer
import Testing

/// Many senders, one inbox, drained while they send.
@Suite struct ConcurrencyTests {
    @Test func everyAcceptedMessageArrivesExactlyOnceInPerSenderOrder() async throws {
        let senders = 20
        let messagesEach = 25
        try await withServer { server in
            _ = try await server.get("sink")

            async let received: [String: [Int]] = drain(server, expecting: senders * messagesEach)
            let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
                for sender in 0..<senders {
                    group.addTask { try await send(messagesEach, as: "sender-\(sender)", to: server) }
                }
                return try await group.reduce(0, +)
            }
            let bySender = try await received

            #expect(accepted == senders * messagesEach)
            #expect(bySender.count == senders)
            for sender in 0..<senders {
                #expect(bySender["sender-\(sender)"] == Array(0..<messagesEach), "sender-\(sender)")
            }
            let statistics = server.store.statistics
            #expect(statistics.messagesAccepted == accepted)
            #expect(statistics.messagesDelivered == accepted)
            #expect(statistics.queuedMessages == 0)
        }
    }

    /// Posts `count` numbered messages on one keep-alive connection, retrying while the inbox
    /// is full; returns how many were accepted.
    private func send(_ count: Int, as sender: String, to server: MailboxHTTPServer) async throws -> Int {
        let connection = try await RawConnection(port: server.port)
        var accepted = 0
        var sequence = 0
        while sequence < count {
            try await connection.sendRequest("POST", "/inbox?to=sink", user: sender, body: Array("\(sequence)".utf8))
            guard let response = try await connection.readResponse() else { throw TestFailure("connection lost") }
            switch response.status {
            case 200:
                accepted += 1
                sequence += 1
            case 503:
                try await Task.sleep(for: .milliseconds(5))
            default:
                throw TestFailure("unexpected \(response.status): \(response.text)")
            }
        }
        await connection.close()
        return accepted
    }

    /// Long-polls the sink until `expected` messages arrived; returns each sender's sequence.
    private func drain(_ server: MailboxHTTPServer, expecting expected: Int) async throws -> [String: [Int]] {
        let connection = try await RawConnection(port: server.port)
        var bySender: [String: [Int]] = [:]
        var total = 0
        var emptyPolls = 0
        while total < expected {
            try await connection.sendRequest("GET", "/inbox?wait=5", user: "sink")
            guard let response = try await connection.readResponse() else { throw TestFailure("connection lost") }
            if response.status == 204 {
                emptyPolls += 1
                if emptyPolls > 3 { throw TestFailure("only \(total) of \(expected) messages arrived") }
                continue
            }
            let sender = try #require(response.header("X-From"))
            bySender[sender, default: []].append(try #require(Int(response.text)))
            total += 1
        }
        await connection.close()
        return bySender
    }
}
