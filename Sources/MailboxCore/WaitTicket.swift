/// Names one waiting long-poll, so that its owner can end the wait (timeout, client gone).
public struct WaitTicket: Hashable, Sendable {
    public let owner: Username
    @usableFromInline let serial: UInt64

    /// A ticket numbered by a store other than ``MailboxStore`` (one on a database).
    @inlinable
    public init(owner: Username, serial: UInt64) {
        self.owner = owner
        self.serial = serial
    }
}
