import Foundation

/// The recent history of every message on the hosted mailbox, for the sequence diagram:
/// who sent what to whom, when, and what became of it. Fed from the store's events and
/// bounded, oldest first.
public struct MessageTrace: Equatable, Sendable {
    public private(set) var arrows: [TracedMessage] = []

    public init(arrows: [TracedMessage] = []) {
        self.arrows = arrows
    }

    /// The most arrows kept: far more than a screen shows, little memory.
    static let limit = 300

    /// Applies one change told by the store.
    public mutating func apply(_ change: TraceChange) {
        switch change {
        case .posted(let arrow):
            arrows.append(arrow)
            if arrows.count > Self.limit { arrows.removeFirst(arrows.count - Self.limit) }
        case .fate(let id, let fate):
            // The newest arrow with the id: ids are unique, and recent changes touch recent arrows.
            guard let index = arrows.lastIndex(where: { $0.id == id }) else { return }
            arrows[index].fate = fate
        }
    }

    /// The arrows to or from `peer`, and its lanes: the peer first, then everyone it
    /// exchanged messages with, in the order they first appear.
    public func conversation(of peer: String) -> (lanes: [String], arrows: [TracedMessage]) {
        let arrows = self.arrows.filter { $0.sender == peer || $0.recipient == peer }
        var lanes = [peer]
        for arrow in arrows {
            for name in [arrow.sender, arrow.recipient] where !lanes.contains(name) {
                lanes.append(name)
            }
        }
        return (lanes, arrows)
    }
}

/// One message as the diagram draws it.
public struct TracedMessage: Equatable, Sendable {
    /// The store's number for the message; 0 for a refused post, which never became one.
    public var id: UInt64
    public var sender: String
    public var recipient: String
    /// Nil for a refused post, whose body the store never kept.
    public var kind: MessageKind?
    public var size: Int
    public var postedAt: Date
    public var fate: MessageFate

    public init(id: UInt64, sender: String, recipient: String, kind: MessageKind?, size: Int, postedAt: Date, fate: MessageFate) {
        self.id = id
        self.sender = sender
        self.recipient = recipient
        self.kind = kind
        self.size = size
        self.postedAt = postedAt
        self.fate = fate
    }
}

/// What became of a message, drawn at its arrow's head.
public enum MessageFate: Equatable, Sendable {
    /// Held by the host (step mode, or its inbox held).
    case held
    /// Queued for its recipient; it expires at `expiresAt` (nil: messages do not expire).
    case waiting(expiresAt: Date?)
    /// Handed to its recipient this long after it was posted.
    case delivered(after: Duration)
    case expired
    /// Accepted and discarded on purpose (`--drop-percent`).
    case dropped
    /// The server refused it, e.g. "404 no inbox".
    case refused(String)
}

/// A change to the trace, made by the runtime from a store event.
public enum TraceChange: Equatable, Sendable {
    /// A new arrow: a message posted, or a post refused.
    case posted(TracedMessage)
    /// Message `id` met a new fate.
    case fate(id: UInt64, MessageFate)
}
