/// Every inbox on the hosted mailbox, by owner in the store's order (by UTF-8 bytes), with
/// what waits in each: enough to sort, filter, select and lay out the host view's list
/// without asking the store for more than the rows on screen. It is folded from the store's
/// events a batch at a time, and each page the store gives confirms the inboxes on it.
public struct InboxDirectory: Equatable, Sendable {
    /// Every owner, sorted.
    public private(set) var owners: [String] = []
    private var pending: [String: [PendingMessage]] = [:]

    public init() {}

    public var count: Int { owners.count }

    public func contains(_ owner: String) -> Bool {
        pending[owner] != nil
    }

    /// What waits in `owner`'s inbox, oldest first; empty if there is no such inbox.
    public func messages(of owner: String) -> [PendingMessage] {
        pending[owner] ?? []
    }

    /// Applies the changes in their order. Owners that came or went are merged into the
    /// sorted list once for the whole batch: a burst of 20,000 new inboxes costs one pass
    /// over the list and one sort of the newcomers, not 20,000 insertions.
    public mutating func apply(_ changes: [InboxChange]) {
        var opened: [String] = []
        var anyClosed = false
        for change in changes {
            switch change {
            case .opened(let owner):
                guard pending[owner] == nil else { continue }
                pending[owner] = []
                opened.append(owner)
            case .closed(let owner):
                anyClosed = pending.removeValue(forKey: owner) != nil || anyClosed
            case .queued(let owner, let message):
                guard var queue = pending[owner], !queue.contains(where: { $0.id == message.id }) else { continue }
                queue.append(message)
                pending[owner] = queue
            case .returned(let owner, let message):
                guard var queue = pending[owner], !queue.contains(where: { $0.id == message.id }) else { continue }
                queue.insert(message, at: 0)
                pending[owner] = queue
            case .left(let owner, let id):
                guard let index = pending[owner]?.firstIndex(where: { $0.id == id }) else { continue }
                pending[owner]?.remove(at: index)
            }
        }
        relist(opened: opened, anyClosed: anyClosed)
    }

    /// Takes the store's word for the inboxes on a page: they exist, with these messages.
    /// Returns whether that changed anything.
    @discardableResult
    public mutating func confirm(_ inboxes: [HostInbox]) -> Bool {
        var opened: [String] = []
        var changed = false
        for inbox in inboxes {
            let messages = inbox.messages.map { PendingMessage(id: $0.id, sender: $0.sender, kind: $0.kind, size: $0.size) }
            guard pending[inbox.owner] != messages else { continue }
            if pending[inbox.owner] == nil { opened.append(inbox.owner) }
            pending[inbox.owner] = messages
            changed = true
        }
        relist(opened: opened, anyClosed: false)
        return changed
    }

    /// The position in `list` (sorted as `owners` is) of `owner`, or of the first owner after it.
    public static func position(of owner: String, in list: [String]) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(list[middle], owner) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The store's order of owners.
    public static func precedes(_ first: String, _ second: String) -> Bool {
        first.utf8.lexicographicallyPrecedes(second.utf8)
    }

    private mutating func relist(opened: [String], anyClosed: Bool) {
        if anyClosed { owners.removeAll { pending[$0] == nil } }
        // An owner opened and closed within the batch is in neither; one closed and opened
        // again is in both, once.
        let newcomers = opened.filter { pending[$0] != nil }.sorted(by: Self.precedes)
        guard !newcomers.isEmpty else { return }
        if let last = owners.last, !Self.precedes(last, newcomers[0]) {
            owners = Self.merged(owners, newcomers)
        } else {
            owners += Self.merged([], newcomers)  // the common case of growing names ("peer-1", "peer-2", ...)
        }
    }

    /// `owners` and `newcomers`, both sorted, as one sorted list without repeats.
    private static func merged(_ owners: [String], _ newcomers: [String]) -> [String] {
        var merged: [String] = []
        merged.reserveCapacity(owners.count + newcomers.count)
        var old = 0
        for newcomer in newcomers {
            while old < owners.count, precedes(owners[old], newcomer) {
                merged.append(owners[old])
                old += 1
            }
            if old < owners.count, owners[old] == newcomer { continue }
            if merged.last == newcomer { continue }
            merged.append(newcomer)
        }
        merged += owners[old...]
        return merged
    }
}

/// A change to the set of inboxes or to what waits in one, as the store told it.
public enum InboxChange: Equatable, Sendable {
    case opened(owner: String)
    /// The inbox expired, with everything in it.
    case closed(owner: String)
    /// A message was posted to it (and waits, unless a later change says it left).
    case queued(owner: String, PendingMessage)
    /// A message whose answer could not be written is back at the head of the queue.
    case returned(owner: String, PendingMessage)
    /// A message left the queue: delivered, expired or dropped.
    case left(owner: String, id: UInt64)
}

/// A message waiting in an inbox, as the directory keeps it.
public struct PendingMessage: Equatable, Sendable {
    /// The store's number for the message.
    public var id: UInt64
    public var sender: String
    public var kind: MessageKind
    public var size: Int

    public init(id: UInt64, sender: String, kind: MessageKind, size: Int) {
        self.id = id
        self.sender = sender
        self.kind = kind
        self.size = size
    }
}
