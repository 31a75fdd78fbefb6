/// What went wrong talking to a mailbox server, in words a user can act on.
public enum MailboxClientError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The server URL cannot be used.
    case invalidServer(String, reason: String)
    /// The username cannot be used (empty, too long, or with control characters).
    case invalidUsername(String, reason: String)
    /// 401: the inbox exists with another password.
    case unauthorized(username: String)
    /// 404: the peer has no inbox.
    case peerNotFound(peer: String)
    /// 413: the message is larger than the server accepts.
    case messageTooLarge(size: Int, limit: Int?)
    /// 503 on a send: the peer's inbox (or the server) holds all it can.
    case inboxFull(peer: String, retryAfter: Int?, reason: String)
    /// 400: the server says the request is wrong.
    case badRequest(reason: String)
    /// Any other refusal.
    case refused(status: Int, reason: String)
    /// The server could not be reached: connection refused, unknown host, TLS, timeout.
    case unreachable(server: String, reason: String)

    public var description: String {
        switch self {
        case .invalidServer(let server, let reason):
            "cannot use server '\(server)': \(reason)"
        case .invalidUsername(let name, let reason):
            "cannot use username '\(name)': \(reason)"
        case .unauthorized(let username):
            "the username \(username) is taken with another password"
        case .peerNotFound(let peer):
            "\(peer) has no inbox: they must poll once before you can send to them, or their inbox expired"
        case .messageTooLarge(let size, let limit):
            "the message is \(size) bytes; the server accepts at most \(limit.map { "\($0) bytes" } ?? "less")"
        case .inboxFull(let peer, let retryAfter, let reason):
            // The server's reason is worth adding only where it says more than "inbox full".
            "\(peer)'s inbox is full" + (reason.isEmpty || reason.hasSuffix("inbox is full") ? "" : " (\(reason))")
                + (retryAfter.map { "; try again in \($0) s" } ?? "")
        case .badRequest(let reason):
            "the server refused the request: \(reason)"
        case .refused(let status, let reason):
            "the server answered \(status)" + (reason.isEmpty ? "" : ": \(reason)")
        case .unreachable(let server, let reason):
            "cannot reach \(server): \(reason)" + (isRefusedConnection ? " (is the server running?)" : "")
        }
    }

    /// The reason given when nothing listens at the server's address.
    static let connectionRefused = "connection refused"

    /// Nothing listens at the server's address: the connection was refused at once, so trying
    /// again soon costs nothing and finds the server as soon as it is back.
    public var isRefusedConnection: Bool {
        if case .unreachable(_, Self.connectionRefused) = self { true } else { false }
    }

    /// The reason alone, short enough for a status line: "connection refused" rather than
    /// "cannot reach http://…: connection refused (is the server running?)".
    public var summary: String {
        switch self {
        case .unreachable(_, let reason): reason
        case .unauthorized: "401: the username is taken with another password"
        default: description
        }
    }

    /// Errors that retrying will not fix.
    public var isPermanent: Bool {
        switch self {
        case .invalidServer, .invalidUsername, .unauthorized: true
        default: false
        }
    }
}
