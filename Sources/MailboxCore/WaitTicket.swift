/// Names one waiting long-poll, so that its owner can end the wait (timeout, client gone).
public struct WaitTicket: Hashable, Sendable {
    public let owner: Username
    let serial: UInt64
}
