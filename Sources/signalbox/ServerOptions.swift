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

    @Flag(help: "Serve HTTPS with a certificate made at start for this machine's names and addresses (shows its SHA-256 fingerprint).")
    var tlsSelfSigned = false

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

    @Option(help: ArgumentHelp("Write every store event to this file, made anew, as JSON lines (bodies in base64, never a password), for replay and export.", valueName: "file"))
    var record: String?

    @Option(help: ArgumentHelp("Test fault: deliver each message this many milliseconds after it was posted, like a slow network.", valueName: "ms"))
    var delay = 0

    @Option(help: ArgumentHelp("Test fault: accept this share of messages (0 to 100) and then discard them, as if lost.", valueName: "percent"))
    var dropPercent = 0

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
        guard !tlsSelfSigned || (tlsCert == nil && tlsKey == nil) else {
            throw ValidationError("--tls-self-signed makes its own certificate: give it or --tls-cert and --tls-key, not both")
        }
        guard delay >= 0, delay <= Self.longestDelay else {
            throw ValidationError("--delay must be a number of milliseconds from 0 to \(Self.longestDelay), not \(delay)")
        }
        if messageTimeout > 0, Double(delay) >= messageTimeout * 1000 {
            throw ValidationError(
                "--delay \(delay) ms is not shorter than --message-timeout \(messageTimeout.formatted()) s: every message would expire before it could be delivered")
        }
        guard (0...100).contains(dropPercent) else {
            throw ValidationError("--drop-percent must be from 0 to 100, not \(dropPercent)")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("HTTPS needs both --tls-cert and --tls-key")
        }
    }

    /// The recorder `--record` asks for, or nil; the error names the file.
    func makeRecorder() throws(RecordingError) -> EventRecorder? {
        try record.map { path throws(RecordingError) in try EventRecorder(path: path) }
    }

    /// The server configuration these flags describe; with `--tls-self-signed` this makes the
    /// certificate.
    func makeConfiguration() throws -> ServerConfiguration {
        let address = BindAddress(parsing: bind)!
        let tls: TLSIdentity? =
            if tlsSelfSigned { .selfSigned(try SelfSignedIdentity.forThisMachine()) }
            else { tlsCert.map { .files(TLSFiles(certificateChainPath: $0, privateKeyPath: tlsKey!)) } }
        return ServerConfiguration(
            host: address.host,
            port: address.port,
            mailbox: MailboxConfiguration(
                inboxTimeout: .seconds(inboxTimeout),
                messageTimeout: .seconds(messageTimeout),
                inboxCapacity: inboxCapacity,
                maxInboxes: maxInboxes,
                maxBytes: maxBytes,
                delay: .milliseconds(delay),
                dropPercent: dropPercent),
            maxBodySize: maxBodySize,
            longPolling: longPolling,
            longPollTimeout: .seconds(longPollTimeout),
            cors: cors,
            tls: tls,
            publicDirectory: publicDirectory,
            peerPages: pages,
            idleTimeout: .seconds(idleTimeout),
            maxConnections: maxConnections,
            threads: threads)
    }

    /// An hour: a longer delay is certainly a typo.
    private static let longestDelay = 3_600_000

    /// About 115 days: longer timers are certainly a typo.
    private static let longestTimeout: Double = 10_000_000

    private static func requirePositive(_ seconds: Double, _ flag: String) throws {
        guard seconds.isFinite, seconds > 0, seconds <= longestTimeout else {
            throw ValidationError("\(flag) must be a number of seconds above 0, not \(seconds)")
        }
    }
}
