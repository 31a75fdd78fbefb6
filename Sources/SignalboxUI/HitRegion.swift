/// A stretch of one screen row and what it shows, as the renderer drew it.
public struct HitRegion: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var target: HitTarget
}

/// Something on screen that a click or the wheel can act on.
public enum HitTarget: Hashable, Sendable {
    /// A row of the message list: the index into the log.
    case message(Int)
    /// A row of the peers panel: the index into the peers.
    case peer(Int)
    /// An inbox of the host view, or one of its pending messages: the inbox's owner.
    case inbox(String)
    /// A key hint in the footer: clicking it presses the key.
    case key(Key)
    /// The message list and the host's event log, where the wheel scrolls.
    case messageList, hostLog
}
