import NIOHTTP1

/// What the server keeps of a request's head. The parser checks every header line and keeps
/// only the fields the mailbox uses: no header list is built per request.
struct RequestHead: Equatable {
    var method: HTTPMethod
    /// The request target in origin form (`/inbox?to=bob`), also for an absolute-form target.
    var target: String
    var version: HTTPVersion
    var authorization: String?
    /// More than one `Authorization` header: malformed credentials, answered like missing ones.
    var hasRepeatedAuthorization = false
    var contentType: String?
    var origin: String?
    var contentLength: Int?
    var isChunked = false
    var expectsContinue = false
    /// Whether the client keeps the connection open after the answer (HTTP/1.1 unless
    /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
    var keepAlive: Bool

    init(method: HTTPMethod, target: String, version: HTTPVersion) {
        self.method = method
        self.target = target
        self.version = version
        keepAlive = version == .http1_1
    }

    /// The path and the query (without `?`) of the target.
    var pathAndQuery: (path: Substring, query: Substring) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target[...], "") }
        return (target[..<mark], target[target.utf8.index(after: mark)...])
    }

    var path: Substring { pathAndQuery.path }
}
