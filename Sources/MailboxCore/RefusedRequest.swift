/// A request the HTTP front turned away with a 4xx or 5xx status before the store could act on
/// it, or that the store refused without an event of its own: missing or malformed
/// credentials, a bad query, a body over the limit, a wrong method or path.
public struct RefusedRequest: Equatable, Sendable {
    /// The HTTP status it got: 400, 401, 404, 405, 413, 503...
    public var status: Int
    /// "POST /inbox", or nil when the request could not be read far enough to say.
    public var request: String?
    /// Whose credentials it carried, when they could be read.
    public var caller: Username?
    /// Where it came from, when known.
    public var origin: String?
    /// Why, in the words the client was told.
    public var reason: String

    public init(status: Int, request: String?, caller: Username?, origin: String?, reason: String) {
        self.status = status
        self.request = request
        self.caller = caller
        self.origin = origin
        self.reason = reason
    }
}
