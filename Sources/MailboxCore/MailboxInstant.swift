/// A point on a monotonic timeline, in nanoseconds since the clock's origin.
///
/// The store keeps time as plain integers so that deadlines compare and heap-sort cheaply.
public struct MailboxInstant: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// An instant later than every real one: the deadline of something that does not expire.
    public static let distantFuture = MailboxInstant(nanoseconds: .max)

    public static func < (lhs: MailboxInstant, rhs: MailboxInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// This instant moved `duration` later, saturating at `distantFuture`.
    public static func + (lhs: MailboxInstant, rhs: Duration) -> MailboxInstant {
        let (sum, overflow) = lhs.nanoseconds.addingReportingOverflow(rhs.wholeNanoseconds)
        return overflow ? .distantFuture : MailboxInstant(nanoseconds: sum)
    }

    /// The time from `earlier` to this instant, or zero if `earlier` is later.
    public func duration(since earlier: MailboxInstant) -> Duration {
        guard nanoseconds > earlier.nanoseconds else { return .zero }
        return .nanoseconds(Int64(clamping: nanoseconds - earlier.nanoseconds))
    }

    /// The seconds from `other` to this instant: negative when `other` is later. How a
    /// reader turns instants into wall-clock dates: `date.addingTimeInterval(instant.seconds(since: now))`.
    public func seconds(since other: MailboxInstant) -> Double {
        self >= other ? duration(since: other).seconds : -other.duration(since: self).seconds
    }

    public var description: String {
        "\(Double(nanoseconds) / 1e9)s"
    }
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to zero for negative durations.
    public var wholeNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (scaled, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return scaled &+ UInt64(attoseconds / 1_000_000_000)
    }

    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole milliseconds as decimal seconds without trailing zeros ("60", "1.5", "0.013"), as
    /// the protocol writes them: the server's timeout and age headers, a client's `?wait=`.
    public var decimalSeconds: String {
        let milliseconds = wholeNanoseconds / 1_000_000
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction > 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
