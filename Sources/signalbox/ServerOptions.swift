import ArgumentParser
import MailboxCore
import MailboxServer
import NIOCore

/// The flags that configure a mailbox server, shared by every command that hosts one.
struct ServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Address to listen on: HOST:PORT, [IPv6]:PORT, or :PORT for all interfaces.", valueName: "host:port"))
    var bind = "127.0.0.1:3000"

    @Option(help: ArgumentHelp("Seconds without a GET after which an inbox is deleted.", valueName: "seconds"))
    var inboxTimeout: Double = 60

    @Option(help: ArgumentHelp("Seconds after which an unfetched message is deleted (0: never).", valueName: "seconds"))
    var messageTimeout: Double = 60

    @Option(help: ArgumentHelp("Most messages one inbox holds.", valueName: "count"))
    var inboxCapacity = 100

    @Option(help: ArgumentHelp("Largest message accepted, in bytes.", valueName: "bytes"))
    var maxBodySize = 65_536

    @Option(help: ArgumentHelp("Most inboxes the server holds.", valueName: "count"))
    var maxInboxes = 100_000

    @Option(help: ArgumentHelp("Most message bytes queued in all inboxes together.", valueName: "bytes"))
    var maxBytes = 268_435_456

    @Flag(inversion: .prefixedNo, help: "Let an empty GET wait for a message (long polling).")
    var longPolling = true

    @Option(help: ArgumentHelp("Longest a GET waits for a message.", valueName: "seconds"))
    var longPollTimeout: Double = 25

    @Flag(help: "Answer cross-origin requests from browsers (CORS).")
    var cors = false

    @Option(help: ArgumentHelp("Certificate chain (PEM) for HTTPS; needs --tls-key.", valueName: "path"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("Private key (PEM) for HTTPS; needs --tls-cert.", valueName: "path"))
    var tlsKey: String?

    @Option(name: .customLong("public"), help: ArgumentHelp("Directory of static files to serve at /.", valueName: "dir"))
    var publicDirectory: String?

    @Flag(inversion: .prefixedNo, help: "Serve the browser peer page at / (--public serves a directory instead).")
    var pages = true

    @Option(help: ArgumentHelp("Seconds after which a connection that sends nothing is closed (a waiting long poll is exempt).", valueName: "seconds"))
    var idleTimeout: Double = 60

    @Option(help: ArgumentHelp("Most connections open at once; more are closed as they arrive.", valueName: "count"))
    var maxConnections = 10_000

    @Option(help: ArgumentHelp("Event loop threads (default: one per core).", valueName: "count"))
    var threads = System.coreCount

    func validate() throws {
        guard BindAddress(parsing: bind) != nil else {
            throw ValidationError("--bind must be HOST:PORT (e.g. 127.0.0.1:3000, 0.0.0.0:3000, [::1]:3000), not '\(bind)'")
        }
        try Self.requirePositive(inboxTimeout, "--inbox-timeout")
        guard messageTimeout.isFinite, messageTimeout >= 0, messageTimeout <= Self.longestTimeout else {
            throw ValidationError("--message-timeout must be 0 (never) or a number of seconds, not \(messageTimeout)")
        }
        try Self.requirePositive(longPollTimeout, "--long-poll-timeout")
        try Self.requirePositive(idleTimeout, "--idle-timeout")
        for (value, flag) in [(inboxCapacity, "--inbox-capacity"), (maxBodySize, "--max-body-size"),
                              (maxInboxes, "--max-inboxes"), (maxBytes, "--max-bytes"),
                              (maxConnections, "--max-connections"), (threads, "--threads")] where value < 1 {
            throw ValidationError("\(flag) must be at least 1, not \(value)")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("HTTPS needs both --tls-cert and --tls-key")
        }
    }

    /// The server configuration these flags describe.
    var configuration: ServerConfiguration {
        let address = BindAddress(parsing: bind)!
        return ServerConfiguration(
            host: address.host,
            port: address.port,
            mailbox: MailboxConfiguration(
                inboxTimeout: .seconds(inboxTimeout),
                messageTimeout: .seconds(messageTimeout),
                inboxCapacity: inboxCapacity,
                maxInboxes: maxInboxes,
                maxBytes: maxBytes),
            maxBodySize: maxBodySize,
            longPolling: longPolling,
            longPollTimeout: .seconds(longPollTimeout),
            cors: cors,
            tls: tlsCert.map { TLSFiles(certificateChainPath: $0, privateKeyPath: tlsKey!) },
            publicDirectory: publicDirectory,
            peerPages: pages,
            idleTimeout: .seconds(idleTimeout),
            maxConnections: maxConnections,
            threads: threads)
    }

    /// About 115 days: longer timers are certainly a typo.
    private static let longestTimeout: Double = 10_000_000

    private static func requirePositive(_ seconds: Double, _ flag: String) throws {
        guard seconds.isFinite, seconds > 0, seconds <= longestTimeout else {
            throw ValidationError("\(flag) must be a number of seconds above 0, not \(seconds)")
        }
    }
}
