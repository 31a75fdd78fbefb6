import MailboxCore
import MailboxServer
import Testing

@Suite struct ShutdownTests {
    @Test func shuttingDownAnswersWaitingPollsWith204() async throws {
        let server = try await MailboxHTTPServer.start(configuration: ServerConfiguration(port: 0, threads: 2))
        var polls: [RawConnection] = []
        for user in ["alice", "bob", "carol"] {
            let poll = try await RawConnection(port: server.port)
            try await poll.sendRequest("GET", "/inbox?wait=20", user: user)
            polls.append(poll)
        }
        try await server.waitUntil { $0.waitingPolls == 3 }
        await server.shutdown()
        for poll in polls {
            #expect(try await poll.readResponse()?.status == 204)
            await poll.close()
        }
    }

    @Test func aBusyPortIsReportedByNumber() async throws {
        try await withServer { server in
            var configuration = ServerConfiguration(port: server.port)
            configuration.threads = 1
            do {
                let second = try await MailboxHTTPServer.start(configuration: configuration)
                await second.shutdown()
                Issue.record("a second server bound the same port")
            } catch let error as ServerStartError {
                #expect(error.description.contains("port \(server.port)"))
                #expect(error.description.contains("already in use"))
            }
        }
    }

    @Test func theSuggestedPortForABusyOneIsFree() async throws {
        // Take a port and the one after it: the suggestion must skip both.
        try await withServer { first in
            var next = ServerConfiguration(port: first.port + 1)
            next.threads = 1
            guard let second = try? await MailboxHTTPServer.start(configuration: next) else { return }  // taken by another program
            var configuration = ServerConfiguration(port: first.port)
            configuration.threads = 1
            do {
                let third = try await MailboxHTTPServer.start(configuration: configuration)
                await third.shutdown()
                Issue.record("a second server bound the same port")
            } catch ServerStartError.addressInUse(_, _, let suggestion) {
                let suggested = try #require(suggestion)
                #expect(suggested > first.port + 1)
                configuration.port = suggested
                let fourth = try await MailboxHTTPServer.start(configuration: configuration)
                await fourth.shutdown()
            }
            await second.shutdown()
        }
    }
}
