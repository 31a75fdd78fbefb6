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
    private let current: Mutex<MailboxInstant>

    public init(now: MailboxInstant = MailboxInstant(nanoseconds: 0)) {
        current = Mutex(now)
    }

    public var now: MailboxInstant {
        current.withLock { $0 }
    }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        current.withLock { $0 = $0 + duration }
    }
}
