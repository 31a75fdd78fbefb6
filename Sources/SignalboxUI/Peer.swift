import Foundation

/// Someone seen in `X-From` or addressed by this user.
public struct Peer: Equatable, Sendable {
    public var name: String
    public var lastActivity: Date?
    public var received: Int = 0
    public var sent: Int = 0

    public init(name: String, lastActivity: Date? = nil) {
        self.name = name
        self.lastActivity = lastActivity
    }
}
