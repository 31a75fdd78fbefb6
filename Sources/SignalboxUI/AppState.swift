import Foundation

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
    var nextEntryID = 1

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
        return log[min(selectedEntry ?? log.count - 1, log.count - 1)]
    }

    /// Where the composer sends to.
    public var target: Peer? {
        selectedPeer.map { peers[$0] }
    }

    /// Whether something on screen counts down, so the runtime must tick once a second. A
    /// held long poll keeps the inbox alive, so then nothing moves and the UI sleeps; the host
    /// view counts down as long as it shows inboxes.
    public var needsTick: Bool {
        if view == .host, let host, !host.inboxes.isEmpty { return true }
        switch connection {
        case .retrying: return true
        case .polling: return inbox != nil
        case .connecting, .longPolling, .stopped: return false
        }
    }
}
