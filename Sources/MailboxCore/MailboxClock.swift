import Synchronization

/// Where the store reads the time. Inject a ``ManualClock`` in tests to drive every timer by hand.
public protocol MailboxClock: Sendable {
    var now: MailboxInstant { get }
}

/// The real monotonic clock, counted from the moment it was created.
public struct SystemClock: MailboxClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: MailboxInstant {
        MailboxInstant(nanoseconds: origin.duration(to: .now).wholeNanoseconds)
    }
}

/// A clock that moves only when told to: unit tests of timers run in microseconds.
public final class ManualClock: MailboxClock {
    private let nanoseconds: Atomic<UInt64>

    public init(now: MailboxInstant = MailboxInstant(nanoseconds: 0)) {
        nanoseconds = Atomic(now.nanoseconds)
    }

    public var now: MailboxInstant {
        MailboxInstant(nanoseconds: nanoseconds.load(ordering: .acquiring))
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        nanoseconds.add(duration.wholeNanoseconds, ordering: .releasing)
    }
}
