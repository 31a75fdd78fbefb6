import Foundation

/// A message taken from the caller's inbox.
public struct ReceivedMessage: Equatable, Sendable {
    /// The username that sent it (`X-From`).
    public var sender: String
    /// The bytes exactly as the sender posted them.
    public var body: [UInt8]
    /// The sender's `Content-Type`, if the server passed one on.
    public var contentType: String?
    /// When this client received it.
    public var receivedAt: Date
    /// How long it waited in the inbox (`X-Message-Age`), if the server says.
    public var age: Duration?

    public init(sender: String, body: [UInt8], contentType: String?, receivedAt: Date, age: Duration? = nil) {
        self.sender = sender
        self.body = body
        self.contentType = contentType
        self.receivedAt = receivedAt
        self.age = age
    }

    /// The body as text, if it is valid UTF-8.
    public var text: String? {
        String(validating: body, as: UTF8.self)
    }
}
