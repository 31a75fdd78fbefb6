import Foundation

/// Everything that can happen to the UI, as one typed stream: the runtime turns keys, poll
/// results, send results and clock ticks into these and feeds them to ``update(_:_:)``.
public enum Event: Equatable, Sendable {
    case input(TerminalInput)
    /// The clock moved (sent once a second while a countdown shows).
    case tick(Date)
    case connectionChanged(ConnectionStatus)
    /// The server answered a poll; the inbox was refreshed.
    case inboxRefreshed(InboxStatus)
    case received(sender: String, body: [UInt8], contentType: String?, at: Date)
    /// The server took the message (at `at`), or refused it (`error`).
    case sendFinished(id: Int, at: Date, error: String?)
    /// The external editor closed; nil if it failed or the text was left empty.
    case editorFinished(String?)
    /// A copy of `bytes` bytes went where `outcome` says.
    case copyFinished(bytes: Int, CopyOutcome)
    /// A message was saved to `path`, or could not be (`error`).
    case saveFinished(path: String, error: String?)
    /// The hosted mailbox's inboxes on screen (``hostPageOwners(_:shown:)``) as the store holds
    /// them now, and its totals: a page of the store, not all of it.
    case hostPage(inboxes: [HostInbox], totals: HostTotals)
    /// Everything that happened on the hosted mailbox since the last batch, in one event.
    case hostBatch(HostBatch)
}

/// Work the runtime performs for the UI; its outcome comes back as an ``Event``.
public enum Effect: Equatable, Sendable {
    case send(id: Int, to: String, body: [UInt8], contentType: String?)
    /// Put text on the clipboard (a copy command, or OSC 52).
    case copy(String)
    case save(path: String, body: [UInt8])
    /// Open `$EDITOR` on this text.
    case openEditor(String)
    /// Stop asking the server for messages (true), or start again (false).
    case pausePolling(Bool)
    /// Retry the server now instead of waiting out the backoff.
    case retryNow
    /// Act on the hosted mailbox (step mode, releasing, holding an inbox).
    case host(HostCommand)
    case quit
}
