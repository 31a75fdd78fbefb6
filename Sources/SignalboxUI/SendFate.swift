import Foundation
import MailboxCore

/// What became of a sent message, in words for its row and the inspector: its time left in
/// the recipient's inbox counting down, or how it ended. Computed at render time, so the
/// countdown moves with the clock.
struct SendFate: Equatable {
    let long: String
    let short: String
    let style: Style

    /// Nil for a received message.
    init?(of entry: LogEntry, in state: AppState) {
        guard case .sent(let sendState) = entry.direction else { return nil }
        let glyphs = state.glyphs
        let peer = Truncation.fitted(entry.peer, width: 16, glyphs: glyphs)
        switch sendState {
        case .sending:
            (long, short, style) = ("sending…", "sending", Palette.dim)
        case .queued:
            // Without word from the server, assume the default timeout, as the reference has.
            let timeout = state.inbox?.messageTimeout ?? .seconds(60)
            guard timeout > .zero else {
                (long, short, style) = ("in \(peer)'s inbox", "queued", Palette.dim)
                return
            }
            let remaining = Clock.secondsUntil(entry.time.addingTimeInterval(timeout.seconds), from: state.now)
            if remaining > 0 {
                (long, short) = ("in \(peer)'s inbox\(glyphs.separator)expires in \(glyphs.atMost) \(remaining) s", "\(glyphs.atMost) \(remaining) s")
                style = Clock.style(remaining: remaining, normal: Palette.dim)
            } else {
                (long, short, style) = ("may have expired unread", "expired?", Palette.dim)
            }
        case .repliedSince:
            (long, short, style) = ("read: \(peer) replied since", "read", Palette.good)
        case .delivered(let after):
            let delay = Self.text(of: after)
            (long, short, style) = ("delivered \(delay) after sending", "read \(delay)", Palette.good)
        case .expiredUnread:
            (long, short, style) = ("expired unread", "expired", Palette.bad)
        case .failed:
            (long, short, style) = ("not sent", "not sent", Palette.bad)
        }
    }

    /// "120 ms" under a second, "3 s" above.
    static func text(of duration: Duration) -> String {
        let seconds = duration.seconds
        return seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : "\(Int(seconds.rounded())) s"
    }
}
