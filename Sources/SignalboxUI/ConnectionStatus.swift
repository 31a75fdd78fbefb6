import Foundation

/// How the UI is talking to the server, as the header shows it.
public enum ConnectionStatus: Equatable, Sendable {
    case connecting
    /// The server has a GET that it holds until a message arrives, or until `until`.
    case longPolling(until: Date)
    /// The server answers at once; the UI asks again every `interval`.
    case polling(interval: Duration)
    /// Requests fail for `reason` (short: "connection refused …"); the next try is at `retryAt`.
    case retrying(reason: String, retryAt: Date)
    /// The person paused polling: nothing asks, so the server's idle timer runs down.
    case paused
    /// Polling ended for good (e.g. the username is taken).
    case stopped(reason: String)
}
