import Foundation

/// One message in the log: received from a peer, or sent by this user.
public struct LogEntry: Equatable, Sendable, Identifiable {
    public enum Direction: Equatable, Sendable {
        case received
        case sent(SendState)
    }

    public enum SendState: Equatable, Sendable {
        case sending
        case delivered
        case failed(String)
    }

    public let id: Int
    public var time: Date
    /// The other party: the sender of a received message, the recipient of a sent one.
    public var peer: String
    public var direction: Direction
    public var body: [UInt8]
    public var contentType: String?
    public var kind: MessageKind

    public init(id: Int, time: Date, peer: String, direction: Direction, body: [UInt8], contentType: String?) {
        self.id = id
        self.time = time
        self.peer = peer
        self.direction = direction
        self.body = body
        self.contentType = contentType
        self.kind = MessageKind(body: body, contentType: contentType)
    }
}
