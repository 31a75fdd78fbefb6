import MailboxCore
import Foundation

/// Times and countdowns as the UI shows them, computed at render time from timestamps.
enum Clock {
    /// "14:03:22" in the given time zone.
    static func time(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return [parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0]
            .map { $0 < 10 ? "0\($0)" : "\($0)" }
            .joined(separator: ":")
    }

    /// Whole seconds left until `deadline`, rounded up, never negative.
    static func secondsUntil(_ deadline: Date, from now: Date) -> Int {
        max(0, Int(deadline.timeIntervalSince(now).rounded(.up)))
    }

    static func seconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds)
    }

    /// Countdowns at or under this many seconds are drawn as a warning.
    static let warningSeconds = 10

    /// The style of a countdown with `remaining` seconds: `normal`, or a warning near the end.
    static func style(remaining: Int, normal: Style = .plain) -> Style {
        remaining > warningSeconds ? normal : Palette.warning
    }
}

