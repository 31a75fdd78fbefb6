import ArgumentParser
import Foundation
import MailboxCore
import MailboxServer
import NIOCore

/// The flags that configure a mailbox server, shared by every command that hosts one.
struct ServerOptions: ParsableArguments {
    @Option(help: ServerEnvironment.help("Address to listen on: HOST:PORT, [IPv6]:PORT, or :PORT for all interfaces.", flag: "bind", valueName: "host:port"))
    var bind = "127.0.0.1:3000"

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Seconds without a GET after which an inbox is deleted.", flag: "inbox-timeout", valueName: "seconds"))
    var inboxTimeout: Double = 60

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Seconds after which an unfetched message is deleted (0: never).", flag: "message-timeout", valueName: "seconds"))
    var messageTimeout: Double = 60

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Most messages one inbox holds.", flag: "inbox-capacity", valueName: "count"))
    var inboxCapacity = 100

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Largest message accepted, in bytes.", flag: "max-body-size", valueName: "bytes"))
    var maxBodySize = 65_536

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Most inboxes the server holds.", flag: "max-inboxes", valueName: "count"))
    var maxInboxes = 100_000

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Most message bytes queued in all inboxes together.", flag: "max-bytes", valueName: "bytes"))
    var maxBytes = 268_435_456

    @Flag(inversion: .prefixedNo, help: ServerEnvironment.help("Let an empty GET wait for a message (long polling).", flag: "long-polling"))
    var longPolling = true

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Longest a GET waits for a message.", flag: "long-poll-timeout", valueName: "seconds"))
    var longPollTimeout: Double = 25

    @Flag(help: ServerEnvironment.help("Answer cross-origin requests from browsers (CORS).", flag: "cors"))
    var cors = false

    @Option(help: ServerEnvironment.help("Certificate chain (PEM) for HTTPS; needs --tls-key.", flag: "tls-cert", valueName: "path"))
    var tlsCert: String?

    @Option(help: ServerEnvironment.help("Private key (PEM) for HTTPS; needs --tls-cert.", flag: "tls-key", valueName: "path"))
    var tlsKey: String?

    @Flag(help: ServerEnvironment.help("Serve HTTPS with a certificate made at start for this machine's names and addresses (shows its SHA-256 fingerprint).", flag: "tls-self-signed"))
    var tlsSelfSigned = false

    @Option(name: .customLong("public"), help: ServerEnvironment.help("Directory of static files to serve at /.", flag: "public", valueName: "dir"))
    var publicDirectory: String?

    @Flag(inversion: .prefixedNo, help: ServerEnvironment.help("Serve the browser peer page at / (--public serves a directory instead).", flag: "pages"))
    var pages = true

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Seconds after which a connection that sends nothing is closed (a waiting long poll is exempt).", flag: "idle-timeout", valueName: "seconds"))
    var idleTimeout: Double = 60

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Most connections open at once; more are closed as they arrive.", flag: "max-connections", valueName: "count"))
    var maxConnections = 10_000

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Event loop threads (default: one per core).", flag: "threads", valueName: "count"))
    var threads: Int?

    @Option(help: ServerEnvironment.help("Write every store event to this file, made anew, as JSON lines (bodies in base64, never a password), for replay and export.", flag: "record", valueName: "file"))
    var record: String?

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Test fault: deliver each message this many milliseconds after it was posted, like a slow network.", flag: "delay", valueName: "ms"))
    var delay = 0

    @Option(parsing: .unconditional, help: ServerEnvironment.help("Test fault: accept this share of messages (0 to 100) and then discard them, as if lost.", flag: "drop-percent", valueName: "percent"))
    var dropPercent = 0

    func validate() throws {
        guard let address = BindAddress(parsing: bind) else {
            throw ValidationError("--bind must be HOST:PORT (e.g. 127.0.0.1:3000, 0.0.0.0:3000, [::1]:3000), not '\(bind)'")
        }
        if let problem = address.hostProblem {
            throw ValidationError("--bind \(bind): \(problem); give an address of this machine, e.g. 127.0.0.1 or 0.0.0.0 for every interface")
        }
        try Self.requirePositive(inboxTimeout, "--inbox-timeout")
        guard messageTimeout.isFinite, messageTimeout >= 0, messageTimeout <= Self.longestTimeout else {
            throw ValidationError("--message-timeout must be 0 (never) or a number of seconds, not \(messageTimeout)")
        }
        try Self.requirePositive(longPollTimeout, "--long-poll-timeout")
        try Self.requirePositive(idleTimeout, "--idle-timeout")
        for (value, flag) in [(inboxCapacity, "--inbox-capacity"), (maxBodySize, "--max-body-size"),
                              (maxInboxes, "--max-inboxes"), (maxBytes, "--max-bytes"),
                              (maxConnections, "--max-connections"), (threads ?? 1, "--threads")] where value < 1 {
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
        for (path, flag) in [(tlsCert, "--tls-cert"), (tlsKey, "--tls-key"), (record, "--record")] {
            if let path, let problem = Self.unreadable(path, flag == "--record" ? .directoryOf : .file) {
                throw ValidationError("\(flag) \(path): \(problem)")
            }
        }
        if let publicDirectory, let problem = Self.unreadable(publicDirectory, .directory) {
            throw ValidationError("--public \(publicDirectory): \(problem)")
        }
    }

    /// What a path must be.
    private enum Expected { case file, directory, directoryOf }

    /// Why `path` is not what a flag needs, in words, or nil if it is: a typo in a path is a
    /// usage error, named before the server starts.
    private static func unreadable(_ path: String, _ expected: Expected) -> String? {
        let checked = expected == .directoryOf ? (path as NSString).deletingLastPathComponent : path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: checked.isEmpty ? "." : checked, isDirectory: &isDirectory) else {
            return expected == .directoryOf ? "no such directory: \(checked)" : "no such file or directory"
        }
        switch expected {
        case .file where isDirectory.boolValue: return "is a directory, not a file"
        case .directory where !isDirectory.boolValue, .directoryOf where !isDirectory.boolValue: return "is not a directory"
        default: break
        }
        return access(checked.isEmpty ? "." : checked, R_OK) == 0 ? nil : "cannot be read (\(String(cString: strerror(errno))))"
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
            threads: threads ?? System.coreCount)
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
