import Foundation
import MailboxCore

/// Everything the peer view shows, and nothing the renderer could derive: countdowns and
/// badges are computed from timestamps and bodies when drawing.
public struct AppState: Equatable, Sendable {
    public var identity: String
    public var server: String
    public var now: Date
    /// For showing times: tests pin it to UTC.
    public var timeZone: TimeZone
    public var width: Int
    public var height: Int

    public var connection = ConnectionStatus.connecting
    /// The inspector explains the message line by line (`x`) instead of showing it as sent.
    public var explains = false
    /// Whether the person asked to pause polling (`p`); the poller confirms with `.paused`.
    public var pollingPaused = false
    public var inbox: InboxStatus?
    public var peers: [Peer] = []
    public var selectedPeer: Int?
    public var log: [LogEntry] = []
    /// Index into `log`; nil follows the newest message.
    public var selectedEntry: Int?
    public var mode = Mode.browsing
    /// A short note in the status line: "copied", "saved to …", an error.
    public var notice: String?
    /// The mailbox this process hosts, if it hosts one.
    public var host: HostState?
    /// Which view is on screen.
    public var view = View.peer
    /// Unicode, or ASCII for a terminal that is not UTF-8.
    public var glyphs = Glyphs.unicode
    /// How far the help is scrolled, in lines.
    public var helpOffset = 0
    var nextEntryID = 1

    /// The message list shows only messages matching this (`/`; empty shows all).
    public var filter = ""
    /// The message list shows only the selected peer's conversation (`f`).
    public var followsPeer = false
    /// The composer's cursor, as characters between it and the end of the text, so that text
    /// put in whole (a template, the editor's) leaves it at the end.
    public var composerCursor = 0
    /// A draft put aside with Esc, restored by the next `c` to the same peer.
    public var keptDraft: Draft.Kept?
    /// `q` asked whether to stop a server others use; the next key answers.
    public var confirmingQuit = false
    /// The newest message seen while the list followed the newest: later ones are "new".
    var seenThrough = 0

    /// What the keyboard is doing.
    public enum Mode: Equatable, Sendable {
        case browsing
        case help
        /// The host's join banner: the page's QR code, large.
        case banner
        /// The selected message in full, scrolled by `offset` lines.
        case inspecting(offset: Int)
        /// Writing a message to the selected peer.
        case composing(text: String)
        /// Typing a line: a new peer's name, or a path to save to.
        case prompting(Prompt, text: String)
    }

    public enum View: Equatable, Sendable {
        case peer
        case host
    }

    public enum Prompt: Equatable, Sendable {
        case newPeer
        case savePath
        /// `/`: the filter of the message list, or of the host view's inboxes.
        case filter
    }

    public init(identity: String, server: String, now: Date, width: Int, height: Int, timeZone: TimeZone = .current) {
        self.identity = identity
        self.server = server
        self.now = now
        self.width = width
        self.height = height
        self.timeZone = timeZone
    }

    /// The message the inspector and the copy/save keys act on.
    public var currentEntry: LogEntry? {
        guard !log.isEmpty else { return nil }
        if let selectedEntry { return log[min(selectedEntry, log.count - 1)] }
        guard !filter.isEmpty || followsPeer else { return log.last }
        return Filter.visibleEntries(in: self).last.map { log[$0] }
    }

    /// Where the composer sends to.
    public var target: Peer? {
        selectedPeer.map { peers[$0] }
    }

    /// Whether something on screen counts down, so the runtime must tick once a second: the
    /// long poll's wait, the inbox's idle timer (unless a held poll keeps it alive), a retry,
    /// a sent message's time in its recipient's inbox, or the host view's inboxes.
    public var needsTick: Bool {
        if view == .host, let host, host.directory.count > 0 { return true }
        if let inbox, inbox.messageTimeout > .zero, log.contains(where: {
            $0.direction == .sent(.queued) && now < $0.time.addingTimeInterval(inbox.messageTimeout.seconds + 1)
        }) {
            return true
        }
        switch connection {
        case .retrying, .longPolling: return true
        case .polling, .paused: return inbox != nil
        case .connecting, .stopped: return false
        }
    }
}
