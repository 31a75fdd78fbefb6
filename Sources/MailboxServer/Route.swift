import NIOHTTP1

/// Where a request goes, decided from its method and path alone.
enum Route: Equatable {
    case receive
    case send
    case preflight
    case health
    case staticFile(path: String)
    /// The embedded browser peer page.
    case peerPage
    case methodNotAllowed(allow: String)
    case notFound

    static let inboxPath = "/inbox"
    static let healthPath = "/healthz"

    /// - Parameters:
    ///   - servesStaticFiles: a `--public` directory is served at `/`.
    ///   - servesPeerPage: the embedded peer page is served at `/` (ignored with static files).
    init(method: HTTPMethod, path: Substring, servesStaticFiles: Bool, servesPeerPage: Bool) {
        switch path {
        case Self.inboxPath:
            switch method {
            case .GET: self = .receive
            case .POST: self = .send
            case .OPTIONS: self = .preflight
            default: self = .methodNotAllowed(allow: "GET, POST, OPTIONS")
            }
        case Self.healthPath:
            self = method == .GET || method == .HEAD ? .health : .methodNotAllowed(allow: "GET, HEAD")
        case "/" where servesPeerPage && !servesStaticFiles:
            self = method == .GET || method == .HEAD ? .peerPage : .methodNotAllowed(allow: "GET, HEAD")
        default:
            guard servesStaticFiles else {
                self = .notFound
                return
            }
            self = method == .GET || method == .HEAD
                ? .staticFile(path: String(path)) : .methodNotAllowed(allow: "GET, HEAD")
        }
    }
}
