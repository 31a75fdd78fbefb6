import MailboxServer
import Testing

/// Connections beyond the limit are refused while well-behaved peers carry on. (Idle and slow
/// connections are closed on the loop's clock: HandlerTests drives that without waiting.)
@Suite struct ConnectionLimitTests {
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
