import Foundation

/// Someone seen in `X-From` or addressed by this user.
public struct Peer: Equatable, Sendable {
    public var name: String
    public var lastActivity: Date?

    public init(name: String, lastActivity: Date? = nil) {
        self.name = name
        self.lastActivity = lastActivity
    }
}
