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
        let serverPort = Mutex(0)
        let leaveAsTheMessageIsPosted: @Sendable (MailboxEvent) -> Void = { event in
            guard case .messagePosted(_, let recipient) = event, recipient.text == "alice",
                  let socket = poll.withLock({ $0 }) else { return }
            socket.close()
            // Wait for the kernel to take in the FIN; the server's event loops have not read it yet.
            let deadline = ContinuousClock.now + .seconds(5)
            while BlockingSocket.isEstablished(serverPort: serverPort.withLock { $0 }, clientPort: socket.localPort) {
                guard ContinuousClock.now < deadline else {
                    Issue.record("the server's end never saw the client's FIN")
                    return
                }
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        try await withServer(ServerConfiguration(threads: threads), onEvent: leaveAsTheMessageIsPosted) { server in
            serverPort.withLock { $0 = server.port }
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
    /// The client's end's port on 127.0.0.1.
    let localPort: Int

    init(port: Int) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw TestFailure("cannot connect to port \(port)")
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            Glibc.close(descriptor)
            throw TestFailure("cannot name the socket's end")
        }
        self.descriptor = descriptor
        localPort = Int(UInt16(bigEndian: local.sin_port))
    }

    /// Whether the kernel still holds the server's end of the loopback connection from
    /// `clientPort` as established, that is, has not taken in the client's FIN (Linux's
    /// /proc/net/tcp: state 01).
    static func isEstablished(serverPort: Int, clientPort: Int) -> Bool {
        guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return false }
        let local = "0100007F:" + hex(serverPort)
        let remote = "0100007F:" + hex(clientPort)
        return table.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[1] == local && fields[2] == remote && fields[3] == "01"
        }
    }

    private static func hex(_ port: Int) -> String {
        let digits = String(port, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
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
