import Foundation

/// What an ``InboxPoller`` reports, in the order it happens.
public enum PollEvent: Equatable, Sendable {
    /// A message arrived (`reply.message` is set).
    case message(InboxReply)
    /// The server answered with nothing; `reply.answeredAt` is when the inbox was last refreshed.
    case empty(InboxReply)
    /// A request failed; the poller tries again after `retryIn`, or stops when it is nil
    /// (an error that retrying cannot fix, such as a wrong password).
    case failed(MailboxClientError, retryIn: Duration?)
    case stateChanged(PollerState)
}

/// How the poller is talking to the server.
public enum PollerState: Equatable, Sendable {
    /// No answer yet.
    case connecting
    /// The server has a GET that it holds until a message arrives, or until `until`.
    case longPolling(until: Date)
    /// The server answers at once, so the poller asks again every `interval`.
    case polling(interval: Duration)
    /// Requests are failing; the next try is after a growing, jittered delay.
    case backingOff(failures: Int)
    /// Paused on request: no request is out, so the server's idle timer runs down.
    case paused
    /// Cancelled, or ended by an error that retrying cannot fix.
    case stopped
}
