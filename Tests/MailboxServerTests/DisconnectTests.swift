import Foundation
import MailboxCore
import MailboxServer
import NIOCore
import Synchronization
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
            #expect(server.store.statistics.queuedMessages == 1)
            #expect(try await server.get("alice").text == "offer")
        }
    }

    /// The client leaves in the instant between the message being accepted and it being handed
    /// to the poll. With one event loop the server cannot have read the end of the connection
    /// before the handoff runs, so only the poll's check of the TCP state saves the message;
    /// with two, the loop that reads it races the handoff.
    @Test(arguments: [1, 2], 1...5)
    func aClientLeavingJustBeforeTheMessageArrivesDoesNotSwallowIt(threads: Int, round: Int) async throws {
        let poll = Mutex<BlockingSocket?>(nil)
        let leaveAsTheMessageIsPosted: @Sendable (MailboxEvent) -> Void = { event in
            guard case .messagePosted(_, let recipient) = event, recipient.text == "alice" else { return }
            poll.withLock { $0?.close() }
            // Let the kernel take in the FIN; the server's event loops have not read it yet.
            Thread.sleep(forTimeInterval: 0.05)
        }
        try await withServer(ServerConfiguration(threads: threads), onEvent: leaveAsTheMessageIsPosted) { server in
            let socket = try BlockingSocket(port: server.port)
            try socket.send("GET /inbox?wait=20 HTTP/1.1\r\nHost: x\r\nAuthorization: Basic \(Data("alice:pw".utf8).base64EncodedString())\r\n\r\n")
            poll.withLock { $0 = socket }
            try await server.waitUntil { $0.waitingPolls == 1 }

            #expect(try await server.post("offer \(round)", from: "bob", to: "alice").status == 200)
            try await server.waitUntil { $0.waitingPolls == 0 && $0.messagesReturned == 1 }
            let next = try await server.get("alice")
            #expect(next.text == "offer \(round)", "\(server.store.statistics)")
            #expect(server.store.statistics.messagesDelivered == 1)
            #expect(server.store.statistics.queuedMessages == 0)
        }
    }
}

/// A plain blocking client socket, whose `close` has sent the FIN when it returns.
final class BlockingSocket: @unchecked Sendable {
    private var descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to port \(port)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw TestFailure("send failed") }
    }

    func close() {
        guard descriptor >= 0 else { return }
        Glibc.close(descriptor)
        descriptor = -1
    }

    deinit { close() }
}
