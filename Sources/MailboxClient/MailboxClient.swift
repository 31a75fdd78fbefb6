import AsyncHTTPClient
import Foundation
import MailboxCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Talks to any mailbox server that speaks the protocol: Signalbox's, or the Go reference
/// (emad-elsaid/inbox), whose answers it understands without any of Signalbox's extra headers.
///
/// Errors thrown are ``MailboxClientError``, or `CancellationError` when the task is cancelled.
public struct MailboxClient: Sendable {
    /// The server's base URL, e.g. `http://127.0.0.1:3000`.
    public let server: String
    public let username: String
    private let authorization: String
    private let httpClient: HTTPClient

    /// The timers to assume when a server does not advertise its own.
    public var fallbackTimeouts = ServerTimeouts()
    /// How long past the wait it asked for a GET may take before the client stops waiting: a
    /// server that holds every GET (as the reference does) then counts as "no message".
    public var grace: Duration = .seconds(2)
    /// How long a send may take.
    public var sendTimeout: Duration = .seconds(30)
    /// The largest answer accepted.
    public static let maximumMessageSize = 16 << 20

    /// - Parameters:
    ///   - server: `http://host:port` or `https://...`; `host:port` alone means HTTP.
    ///   - httpClient: share one client per process, so that connections are kept and reused.
    public init(server: String, username: String, password: String, httpClient: HTTPClient = MailboxClient.sharedHTTPClient) throws {
        self.server = try Self.normalized(server)
        try Self.validate(username: username)
        self.username = username
        self.authorization = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        self.httpClient = httpClient
    }

    /// The HTTP client every `MailboxClient` shares unless given another. Unlike
    /// `HTTPClient.shared` it reports a refused connection at once instead of retrying until the
    /// request's deadline, so that a poller can say the server is away and back off.
    public static let sharedHTTPClient = makeHTTPClient(tls: nil)

    /// An HTTP client that also trusts the certificate authority (or self-signed certificate)
    /// in the PEM file at `path`, for a server whose certificate the system does not trust.
    /// Verification stays on: only this one extra root is added. Like the shared client it
    /// lives as long as the process, one per file.
    public static func httpClient(trustingCertificateAt path: String) throws -> HTTPClient {
        try trustingClient(key: "file " + path, name: path) { try NIOSSLCertificate.fromPEMFile(path) }
    }

    /// The same for a certificate in memory (PEM), such as the one a hosting process made.
    public static func httpClient(trustingCertificatePEM pem: String) throws -> HTTPClient {
        try trustingClient(key: pem, name: "the certificate in memory") {
            try NIOSSLCertificate.fromPEMBytes(Array(pem.utf8))
        }
    }

    /// One client per file or certificate (`key`); `name` says which in errors.
    private static func trustingClient(key: String, name: String, roots: () throws -> [NIOSSLCertificate]) throws -> HTTPClient {
        do {
            return try trustingClients.withLock { clients in
                if let client = clients[key] { return client }
                let roots = try roots()
                guard !roots.isEmpty else { throw MailboxClientError.invalidServer(name, reason: "no certificate in it") }
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.additionalTrustRoots = [.certificates(roots)]
                let client = makeHTTPClient(tls: tls)
                clients[key] = client
                return client
            }
        } catch let error as MailboxClientError {
            throw error
        } catch {
            throw MailboxClientError.invalidServer(name, reason: "cannot read the CA certificate: \(error)")
        }
    }

    private static let trustingClients = Mutex<[String: HTTPClient]>([:])

    private static func makeHTTPClient(tls: TLSConfiguration?) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.tlsConfiguration = tls
        configuration.timeout.connect = .seconds(5)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    // MARK: - Receiving

    /// Asks for the oldest message in this user's inbox (creating the inbox on first contact).
    ///
    /// With a `wait`, a server that long-polls holds the request until a message arrives or the
    /// wait ends; `.zero` asks for an answer at once. `onSent` is called once the request has
    /// been written to the server, so that a caller can tell a held request from one that is
    /// still connecting.
    public func receive(wait: Duration = .zero, onSent: @escaping @Sendable () -> Void = {}) async throws -> InboxReply {
        let answer: ReceiveDelegate.Answer
        do {
            var request = try HTTPClient.Request(url: "\(server)/inbox?wait=\(wait.decimalSeconds)", method: .GET)
            request.headers.add(name: "Authorization", value: authorization)
            request.headers.add(name: "Cache-Control", value: "no-store")
            let delegate = ReceiveDelegate(limit: Self.maximumMessageSize, onSent: onSent)
            let task = httpClient.execute(
                request: request, delegate: delegate, deadline: .now() + TimeAmount(wait + grace))
            answer = try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch let error as HTTPClientError where error == .deadlineExceeded && !Task.isCancelled {
            // The server held the GET past our wait: it has nothing for us (the reference does this).
            return InboxReply(message: nil, answeredAt: Date(), pending: nil, timeouts: fallbackTimeouts)
        } catch is ReceiveDelegate.TooLarge {
            throw MailboxClientError.refused(status: 200, reason: "the answer is larger than \(Self.maximumMessageSize) bytes")
        } catch {
            throw translated(error)
        }

        return try ServerAnswer.reply(
            status: answer.head.status.code, headers: answer.head.headers, body: answer.body, answeredAt: Date(),
            fallbackTimeouts: fallbackTimeouts, username: username)
    }

    // MARK: - Sending

    /// Puts `body` into `peer`'s inbox (creating this user's inbox on first contact).
    public func send(_ body: [UInt8], to peer: String, contentType: String? = nil) async throws {
        try Self.validate(username: peer)
        var request = HTTPClientRequest(url: "\(server)/inbox?to=\(Self.percentEncoded(peer))")
        request.method = .POST
        request.headers.add(name: "Authorization", value: authorization)
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.body = .bytes(ByteBuffer(bytes: body))

        let response: HTTPClientResponse
        let answer: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: TimeAmount(sendTimeout))
            answer = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw translated(error)
        }
        try ServerAnswer.checkSent(
            status: response.status.code, headers: response.headers, body: answer, username: username, peer: peer, size: body.count)
    }

    // MARK: - Answers and errors

    /// Turns what the HTTP stack threw into an error that names the server and says why.
    private func translated(_ error: any Error) -> any Error {
        if error is CancellationError || (error as? HTTPClientError) == .cancelled || Task.isCancelled {
            return CancellationError()
        }
        return MailboxClientError.unreachable(server: server, reason: Self.reason(for: error))
    }

    static func reason(for error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .connectTimeout:
            return "the connection timed out"
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            return "no answer in time"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "the server closed the connection"
        case let error as HTTPClientError where error == .connectTimeout || error == .tlsHandshakeTimeout:
            return "the connection timed out"
        case let error as NIOConnectionError:
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return "host not found"
            }
            if let first = error.connectionErrors.first {
                return reason(for: first.error)
            }
            return "cannot connect"
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return MailboxClientError.connectionRefused
        case let error as IOError where error.errnoCode == ECONNRESET || error.errnoCode == EPIPE:
            return "the connection was reset"
        case let error as ChannelError where error == .ioOnClosedChannel || error == .eof:
            return "the server closed the connection"
        case let error as NIOSSLError:
            return "TLS failed: \(error)"
        case let error as BoringSSLError:
            return "TLS failed: \(error)"
        case let error as SocketAddressError:
            return "host not found (\(error))"
        default:
            return "\(error)"
        }
    }

    // MARK: - Helpers

    static func normalized(_ server: String) throws -> String {
        var text = server.trimmingCharacters(in: .whitespaces)
        if !text.contains("://") { text = "http://" + text }
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw MailboxClientError.invalidServer(server, reason: "use http://HOST:PORT or https://HOST:PORT")
        }
        guard let host = url.host, !host.isEmpty else {
            throw MailboxClientError.invalidServer(server, reason: "no host name")
        }
        return text
    }

    /// The server's own rules for a username (``Username``), checked before any request.
    static func validate(username: String) throws {
        do {
            _ = try Username(validating: username)
        } catch {
            throw MailboxClientError.invalidUsername(username, reason: error.description)
        }
    }

    /// Percent-encodes everything but unreserved characters, so any username survives a query.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return encoded
    }
}
