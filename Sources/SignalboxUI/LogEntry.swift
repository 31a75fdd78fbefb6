import Foundation

/// One message in the log: received from a peer, or sent by this user.
public struct LogEntry: Equatable, Sendable, Identifiable {
    public enum Direction: Equatable, Sendable {
        case received
        case sent(SendState)
    }

    /// What became of a sent message, as far as this UI can know. Whether one still queued
    /// may have expired unread is derived from its time and the server's message timeout.
    public enum SendState: Equatable, Sendable {
        case sending
        /// The server took it (200): it waits in the recipient's inbox from `time` on.
        case queued
        /// The recipient has written back since it was queued: it was most likely read.
        case repliedSince
        /// The hosted mailbox handed it to the recipient `after` it was queued (known exactly).
        case delivered(after: Duration)
        /// The hosted mailbox deleted it unread when its timeout passed (known exactly).
        case expiredUnread
        case failed(String)
    }

    public let id: Int
    /// When it was received, or when the server took it (for a sent message).
    public var time: Date
    /// The other party: the sender of a received message, the recipient of a sent one.
    public var peer: String
    public var direction: Direction
    // The body and its type are fixed, so that the kind worked out from them once cannot drift.
    public let body: [UInt8]
    public let contentType: String?
    public let kind: MessageKind

    public init(id: Int, time: Date, peer: String, direction: Direction, body: [UInt8], contentType: String?) {
        self.id = id
        self.time = time
        self.peer = peer
        self.direction = direction
        self.body = body
        self.contentType = contentType
        self.kind = MessageKind(body: body, contentType: contentType)
    }

    /// A sent message whose fate is not known yet: the server has it, or is about to.
    var isAwaitingFate: Bool {
        direction == .sent(.sending) || direction == .sent(.queued)
    }
}
