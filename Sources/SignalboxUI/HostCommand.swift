/// What the presenter asks of the hosted mailbox from the host view's keys; the runtime
/// performs it on the store.
public enum HostCommand: Equatable, Sendable {
    /// Step mode on (every new message held) or off (every held message released).
    case setStepMode(Bool)
    /// Release the oldest held message of the whole mailbox.
    case releaseOldest
    case releaseAll
    /// Freeze or thaw deliveries to one inbox.
    case setHold(owner: String, held: Bool)
    /// Play `signalbox demo`'s handshake once more.
    case playDemoAgain
}
