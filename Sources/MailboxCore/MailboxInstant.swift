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
}
