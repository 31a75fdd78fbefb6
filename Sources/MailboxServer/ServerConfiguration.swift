import MailboxCore
import NIOCore

/// Everything `signalbox serve` can be told. Defaults follow DESIGN.md §1.
public struct ServerConfiguration: Sendable {
    /// The address to listen on; port 0 picks a free port (tests use it).
    public var host: String
    public var port: Int
    public var mailbox: MailboxConfiguration
    /// The largest message body accepted, in bytes.
    public var maxBodySize: Int
    /// Whether an empty GET waits for a message.
    public var longPolling: Bool
    /// How long an empty GET waits at most; a client may ask for less with `?wait=`.
    public var longPollTimeout: Duration
    /// Whether to answer browsers' cross-origin requests.
    public var cors: Bool
    /// The certificate and key to serve HTTPS with instead of HTTP.
    public var tls: TLSIdentity?
    /// A directory whose files are served at `/`.
    public var publicDirectory: String?
    /// Whether `/` serves the embedded browser peer page; a `publicDirectory` takes its place.
    public var peerPages: Bool
    /// The largest header section accepted, in bytes; larger ones are answered with 431.
    public var maxHeaderBytes: Int
    /// A connection that sends nothing for this long is closed, unless a long poll waits on it.
    public var idleTimeout: Duration
    /// The most connections open at once; more are closed as they arrive.
    public var maxConnections: Int
    /// Event loop threads.
    public var threads: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 3000,
        mailbox: MailboxConfiguration = MailboxConfiguration(),
        maxBodySize: Int = 65_536,
        longPolling: Bool = true,
        longPollTimeout: Duration = .seconds(25),
        cors: Bool = false,
        tls: TLSIdentity? = nil,
        publicDirectory: String? = nil,
        peerPages: Bool = true,
        maxHeaderBytes: Int = 16_384,
        idleTimeout: Duration = .seconds(60),
        maxConnections: Int = 10_000,
        threads: Int = System.coreCount
    ) {
        self.host = host
        self.port = port
        self.mailbox = mailbox
        self.maxBodySize = maxBodySize
        self.longPolling = longPolling
        self.longPollTimeout = longPollTimeout
        self.cors = cors
        self.tls = tls
        self.publicDirectory = publicDirectory
        self.peerPages = peerPages
        self.maxHeaderBytes = maxHeaderBytes
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.threads = threads
    }
}

/// Where an HTTPS server's certificate and key come from.
public enum TLSIdentity: Sendable, Equatable {
    /// PEM files (`--tls-cert`, `--tls-key`).
    case files(TLSFiles)
    /// A certificate made at start, in memory (`--tls-self-signed`).
    case selfSigned(SelfSignedIdentity)

    /// The made certificate's fingerprint, for people to check; nil for files.
    public var selfSignedFingerprint: String? {
        if case .selfSigned(let identity) = self { identity.fingerprint } else { nil }
    }
}

/// The PEM files of an HTTPS server.
public struct TLSFiles: Sendable, Equatable {
    public var certificateChainPath: String
    public var privateKeyPath: String

    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }
}
