import Foundation

/// What the host view shows of the mailbox this process serves, as plain values the runtime
/// fills from the store's snapshots and events.
public struct HostState: Equatable, Sendable {
    /// Every inbox on the server, folded from the store's events in batches.
    public private(set) var directory = InboxDirectory()
    /// The owners the view lists: the directory's, narrowed by `filter`.
    public private(set) var listed: [String] = []
    /// The inboxes on screen as the store last gave them (countdowns, waiting polls, held
    /// messages), by owner: a page of the store, not all of it.
    public var page: [String: HostInbox] = [:]
    public var totals = HostTotals()
    public var join: JoinInfo
    /// The live event log, oldest first, in plain words.
    public var log: [HostLogLine] = []
    /// The owner of the selected inbox, whose pending messages are listed under it. A name,
    /// not a position, so that it stays on the same inbox as others come and go.
    public var selectedInbox: String?
    /// The keys scroll the event log instead of moving among the inboxes (`l`, tab).
    public var logFocused = false
    /// How many lines the log is scrolled back from its newest; 0 follows the newest.
    public var logScroll = 0
    /// The test faults the mailbox injects ("delay 200 ms, drop 10 %"), shown loudly; nil
    /// when none is on.
    public var faults: String?
    /// What `signalbox demo` plays ("alice calls bob"), when it runs; its keys join the host view's.
    public var demo: String?
    /// Every recent message and its fate, for the sequence diagram.
    public var trace = MessageTrace()
    /// The sequence diagram of the selected inbox is on screen instead of the lists.
    public var showsDiagram = false
    /// Arrows the diagram is scrolled back from the newest; 0 follows the newest.
    public var diagramScroll = 0

    public init(join: JoinInfo) {
        self.join = join
    }

    /// The most log lines kept.
    static let logLimit = 500

    /// The view lists only the inboxes matching this (`/`; empty lists all).
    public var filter: String {
        get { filterText }
        set {
            filterText = newValue
            relist()
        }
    }
    private var filterText = ""

    /// Folds what the store told since the last batch into the directory, keeping the
    /// selection on its inbox, or when that inbox is gone on the one after it.
    public mutating func apply(_ changes: [InboxChange]) {
        guard !changes.isEmpty else { return }
        directory.apply(changes)
        for case .closed(let owner) in changes { page[owner] = nil }
        relist()
    }

    /// Shows the store's page of the inboxes on screen; they exist, as the page says.
    public mutating func show(page inboxes: [HostInbox], totals: HostTotals) {
        let changed = directory.confirm(inboxes)
        page = Dictionary(inboxes.map { ($0.owner, $0) }, uniquingKeysWith: { _, last in last })
        self.totals = totals
        if changed { relist() }  // a page per key press must not cost a pass over a filtered list
    }

    /// The inbox under the selection: its owner, if it still exists.
    public var selectedOwner: String? {
        selectedInbox.flatMap { directory.contains($0) ? $0 : nil }
    }

    /// The position in `listed` where the selection is, or where it would be.
    func selectedPosition() -> Int? {
        guard let selected = selectedInbox else { return nil }
        return InboxDirectory.position(of: selected, in: listed)
    }

    /// Narrows the directory by the filter (a pass over every owner only when one is set)
    /// and keeps the selection on a listed inbox.
    private mutating func relist() {
        listed = filterText.isEmpty ? directory.owners : directory.owners.filter { owner in
            Filter.matches(owner: owner, messages: directory.messages(of: owner), filterText)
        }
        guard !listed.isEmpty else {
            selectedInbox = nil
            return
        }
        guard let selected = selectedInbox else {
            selectedInbox = listed[0]
            return
        }
        let position = InboxDirectory.position(of: selected, in: listed)
        if position == listed.count || listed[position] != selected {
            selectedInbox = listed[min(position, listed.count - 1)]
        }
    }
}

/// One inbox on the server.
public struct HostInbox: Equatable, Sendable {
    public var owner: String
    public var messages: [HostMessage]
    public var capacity: Int
    /// When it expires if its owner does not ask again; nil while a long poll waits on it.
    public var expiresAt: Date?
    public var inboxTimeout: Duration
    public var hasWaitingPoll: Bool
    /// Deliveries to it are held by the host.
    public var isHeld: Bool

    /// - Parameter hasWaitingPoll: by default, whether `expiresAt` is nil (only a waiting
    ///   poll stops the idle timer while the host holds nothing).
    public init(
        owner: String, messages: [HostMessage], capacity: Int, expiresAt: Date?, inboxTimeout: Duration,
        hasWaitingPoll: Bool? = nil, isHeld: Bool = false
    ) {
        self.owner = owner
        self.messages = messages
        self.capacity = capacity
        self.expiresAt = expiresAt
        self.inboxTimeout = inboxTimeout
        self.hasWaitingPoll = hasWaitingPoll ?? (expiresAt == nil)
        self.isHeld = isHeld
    }
}

/// A message waiting in an inbox.
public struct HostMessage: Equatable, Sendable {
    /// The store's number for the message.
    public var id: UInt64
    public var sender: String
    public var size: Int
    public var kind: MessageKind
    /// When it expires on its own; nil if messages do not expire, or while it is held.
    public var expiresAt: Date?
    /// Held by the host (step mode): no GET sees it until it is released.
    public var isHeld: Bool

    public init(sender: String, size: Int, kind: MessageKind, expiresAt: Date?, isHeld: Bool = false, id: UInt64 = 0) {
        self.id = id
        self.sender = sender
        self.size = size
        self.kind = kind
        self.expiresAt = expiresAt
        self.isHeld = isHeld
    }
}

/// The server's totals.
public struct HostTotals: Equatable, Sendable {
    public var inboxes = 0
    public var messages = 0
    public var bytes = 0
    public var requestsPerSecond = 0.0
    public var deliveries = 0
    public var expiries = 0
    public var authenticationFailures = 0
    /// Messages dropped on purpose (`--drop-percent`) so far.
    public var dropped = 0
    /// Whether the host holds every new message (step mode).
    public var stepMode = false
    /// Messages held now.
    public var heldMessages = 0

    public init() {}
}

/// How others join this mailbox.
public struct JoinInfo: Equatable, Sendable {
    /// The URLs peers use: every non-loopback address when bound to all interfaces.
    public var urls: [String]
    /// Advice, e.g. how to open a loopback-only server to the LAN, in parts that are kept
    /// whole on a line when it wraps ("; " between them).
    public var hint: [String]
    /// The server's timers and limits, each kept whole on a line when they wrap.
    public var settings: [String]
    /// The SHA-256 fingerprint of a certificate made at start (`--tls-self-signed`), for
    /// people to compare with what their browser warns about.
    public var fingerprint: String?
    /// The first URL's page as a QR code, for a phone's camera; nil if it could not be made.
    public var qrCode: QRMatrix?

    public init(urls: [String], hint: [String], settings: [String], fingerprint: String? = nil, qrCode: QRMatrix? = nil) {
        self.urls = urls
        self.hint = hint
        self.settings = settings
        self.fingerprint = fingerprint
        self.qrCode = qrCode
    }

    /// The page a browser joins from: the first URL's `/`, which the QR code holds.
    public var pageURL: String { (urls.first ?? "") + "/" }

    /// A command a peer can copy to join.
    public var command: String { "signalbox --server \(urls.first ?? "URL")" }
}

/// One line of the host's event log.
public struct HostLogLine: Equatable, Sendable {
    public var time: Date
    public var text: String

    public init(time: Date, text: String) {
        self.time = time
        self.text = text
    }
}
