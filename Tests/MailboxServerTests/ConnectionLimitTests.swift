import Foundation
import MailboxCore
import MailboxServer
import Testing

/// Idle and slow connections are closed, and connections beyond the limit refused, while
/// well-behaved peers carry on.
@Suite struct ConnectionLimitTests {
    let idle = ServerConfiguration(idleTimeout: .milliseconds(300))
    /// For tests that must send before the connection counts as idle, even on a loaded machine
    /// or under ThreadSanitizer.
    let patientIdle = ServerConfiguration(idleTimeout: .milliseconds(2500))

    @Test func aSilentConnectionIsClosed() async throws {
        try await withServer(idle) { server in
            let silent = try await RawConnection(port: server.port)
            #expect(await silent.isClosedByServer())
        }
    }

    @Test func aRequestThatStallsHalfwayIsClosed() async throws {
        try await withServer(patientIdle) { server in
            let slow = try await RawConnection(port: server.port)
            try? await slow.send("GET /inbox HTTP/1.1\r\nHost: x\r\nAuthorization: Ba")
            #expect(await slow.isClosedByServer())
            #expect(server.mailbox.statistics.inboxes == 0)
        }
    }

    @Test func aKeepAliveConnectionIdleAfterItsAnswerIsClosed() async throws {
        try await withServer(patientIdle) { server in
            let connection = try await RawConnection(port: server.port)
            try await connection.sendRequest("GET", "/healthz")
            #expect(try await connection.readResponse()?.status == 200)
            #expect(await connection.isClosedByServer())
        }
    }

    @Test func connectionsBeyondTheLimitAreClosedAndOthersCarryOn() async throws {
        try await withServer(ServerConfiguration(maxConnections: 2)) { server in
            let first = try await RawConnection(port: server.port)
            let second = try await RawConnection(port: server.port)
            try await first.sendRequest("GET", "/healthz")
            #expect(try await first.readResponse()?.status == 200)
            try await second.sendRequest("GET", "/healthz")
            #expect(try await second.readResponse()?.status == 200)

            let third = try await RawConnection(port: server.port)
            #expect(await third.isClosedByServer())

            await first.close()
            // Once a place is free, a well-behaved peer gets in again.
            var answered = false
            for _ in 0..<50 where !answered {
                let retry = try await RawConnection(port: server.port)
                try? await retry.sendRequest("GET", "/healthz")
                answered = (try? await retry.readResponse())??.status == 200
                await retry.close()
                if !answered { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(answered)
            await second.close()
        }
    }
}
