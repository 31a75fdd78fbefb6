import MailboxClient
import MailboxCore
import MailboxServer

/// Starts a real server on a free loopback port (or the given one), for the client to talk to.
func startServer(_ configuration: ServerConfiguration = ServerConfiguration(), port: Int = 0) async throws -> MailboxHTTPServer {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = port
    configuration.threads = 1
    return try await MailboxHTTPServer.start(configuration: configuration)
}

/// Runs `body` with a live server, and always stops it.
func withLiveServer(
    _ configuration: ServerConfiguration = ServerConfiguration(),
    _ body: (MailboxHTTPServer) async throws -> Void
) async throws {
    let server = try await startServer(configuration)
    do {
        try await body(server)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

extension MailboxHTTPServer {
    func client(_ user: String, password: String = "pw") throws -> MailboxClient {
        try MailboxClient(server: url, username: user, password: password)
    }
}

/// Collects a poller's events until `stop` says enough, or 10 s pass.
func events(
    of poller: InboxPoller, until stop: @escaping @Sendable ([PollEvent]) -> Bool
) async throws -> [PollEvent] {
    try await withThrowingTaskGroup(of: [PollEvent]?.self) { group in
        group.addTask {
            var seen: [PollEvent] = []
            for await event in poller {
                seen.append(event)
                if stop(seen) { return seen }
            }
            return seen
        }
        group.addTask {
            try await Task.sleep(for: .seconds(10))
            return nil
        }
        let first = try await group.next()!
        group.cancelAll()
        guard let first else { throw ClientTestFailure("the poller did not produce the expected events in time") }
        return first
    }
}

struct ClientTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
