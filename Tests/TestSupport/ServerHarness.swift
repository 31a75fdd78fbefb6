import MailboxClient
import MailboxCore
import MailboxServer

/// Starts a real server on loopback, on a free port unless `port` is given (a test that
/// restarts a server on the same port gives it).
public func startServer(
    _ configuration: ServerConfiguration = ServerConfiguration(), port: Int = 0, clock: any MailboxClock = SystemClock(),
    onEvent: (@Sendable (MailboxEvent) -> Void)? = nil
) async throws -> MailboxHTTPServer {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = port
    return try await MailboxHTTPServer.start(configuration: configuration, clock: clock, onEvent: onEvent)
}

/// Runs `body` against a real server on a free loopback port, and always stops the server.
public func withServer(
    _ configuration: ServerConfiguration = ServerConfiguration(),
    clock: any MailboxClock = SystemClock(),
    onEvent: (@Sendable (MailboxEvent) -> Void)? = nil,
    _ body: (MailboxHTTPServer) async throws -> Void
) async throws {
    let server = try await startServer(configuration, clock: clock, onEvent: onEvent)
    do {
        try await body(server)
        await server.shutdown()
    } catch {
        await server.shutdown()
        throw error
    }
}

extension MailboxHTTPServer {
    /// A client of this server.
    public func client(_ user: String, password: String = "pw") throws -> MailboxClient {
        try MailboxClient(server: url, username: user, password: password)
    }

    /// Polls the store until `condition` holds (e.g. a long-poll registered), for at most 20 s:
    /// long enough for a loaded machine, as the deadline only matters when the test fails.
    public func waitUntil(_ condition: (MailboxStatistics) -> Bool) async throws {
        try await eventually("the store's statistics to change, now \(store.statistics)", within: .seconds(20)) {
            condition(store.statistics)
        }
    }

    /// Waits until a long-poll is registered with the store.
    public func waitUntilWaiting() async throws {
        try await waitUntil { $0.waitingPolls > 0 }
    }
}

/// A test's own failure, with what it saw.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
