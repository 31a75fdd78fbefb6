import MailboxCore
import MailboxServer
import Synchronization
import Testing

/// Every refused request reaches the mailbox's event stream with its status and reason, also
/// those the HTTP front decides before the store is asked (the host view's log shows them).
@Suite struct RefusalEventTests {
    @Test func refusalsDecidedInTheHTTPLayerAreReportedWithTheirReasons() async throws {
        let events = Mutex<[MailboxEvent]>([])
        try await withServer(ServerConfiguration(maxBodySize: 16), onEvent: { event in events.withLock { $0.append(event) } }) { server in
            #expect(try await server.get("bob").status == 204)
            // 413 from Content-Length: the body is never read.
            let oversized = try await server.post(String(repeating: "x", count: 17), from: "alice", to: "bob")
            #expect(oversized.status == 413)
            #expect(try await server.request("DELETE", "/inbox", user: "alice").status == 405)
            #expect(try await server.request("GET", "/inbox").status == 401)
            #expect(try await server.request("POST", "/inbox", user: "alice", body: Array("hi".utf8)).status == 400)
            #expect(try await server.request("GET", "/nowhere", user: "alice").status == 404)
        }
        let refusals = events.withLock { events in
            events.compactMap { event -> RefusedRequest? in
                if case .requestRefused(let refusal) = event { refusal } else { nil }
            }
        }
        #expect(refusals.map(\.status) == [413, 405, 401, 400, 404])
        #expect(refusals.first?.request == "POST /inbox")
        #expect(refusals.first?.caller?.text == "alice")
        #expect(refusals.first?.origin == "127.0.0.1")
        #expect(refusals.first?.reason == "message is 17+ bytes, the limit is 16 bytes")
        #expect(refusals.dropFirst(3).first?.reason == "missing recipient: add ?to=PEER")
    }
}
