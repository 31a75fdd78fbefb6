/// Why the server could not start, in words a user can act on.
public enum ServerStartError: Error, CustomStringConvertible {
    /// `suggestion` is a nearby port that was free when the error was made.
    case addressInUse(host: String, port: Int, suggestion: Int?)
    case cannotBind(host: String, port: Int, reason: String)
    case tls(String)
    case publicDirectory(String)

    public var description: String {
        switch self {
        case .addressInUse(let host, let port, let suggestion?):
            "port \(port) on \(host) is already in use: stop the other server, or choose another port, e.g. --bind \(host):\(suggestion) (free just now)"
        case .addressInUse(let host, let port, nil):
            "port \(port) on \(host) is already in use: stop the other server, or choose another port with --bind"
        case .cannotBind(let host, let port, let reason):
            "cannot listen on \(host):\(port): \(reason)"
        case .tls(let reason):
            "cannot set up HTTPS: \(reason)"
        case .publicDirectory(let reason):
            "cannot serve static files: \(reason)"
        }
    }
}
