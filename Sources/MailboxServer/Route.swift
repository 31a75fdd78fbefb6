import NIOHTTP1

/// Where a request goes, decided from its method and path alone.
enum Route: Equatable {
    case receive
    case send
    case preflight
    case health
    case staticFile(path: String)
    case methodNotAllowed(allow: String)
    case notFound

    static let inboxPath = "/inbox"
    static let healthPath = "/healthz"

    init(method: HTTPMethod, path: Substring, servesStaticFiles: Bool) {
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
