import Foundation

/// How the UI is talking to the server, as the header shows it.
public enum ConnectionStatus: Equatable, Sendable {
    case connecting
    /// A GET is held open by the server until a message arrives.
    case longPolling
    /// The server answers at once; the UI asks again every `interval`.
    case polling(interval: Duration)
    /// Requests fail; the next try is at `retryAt`.
    case retrying(reason: String, retryAt: Date)
    /// Polling ended for good (e.g. the username is taken).
    case stopped(reason: String)
}
