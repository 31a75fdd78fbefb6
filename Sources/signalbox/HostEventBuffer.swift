import Foundation
import MailboxCore

/// The store's events since the host view's feed last took them. The store tells events
/// under its own lock, so keeping one only appends to an array under a lock of its own; the
/// feed takes them all a few times a second and does the rest of the work off the store's
/// lock. (A pthread mutex, which ThreadSanitizer sees, like the store's.)
final class HostEventBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [(instant: MailboxInstant, event: MailboxEvent)] = []

    func append(_ event: MailboxEvent, at instant: MailboxInstant) {
        lock.lock()
        events.append((instant, event))
        lock.unlock()
    }

    /// Everything kept since the last call, oldest first.
    func take() -> [(instant: MailboxInstant, event: MailboxEvent)] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events = []
        events.reserveCapacity(min(taken.count, 4096))
        return taken
    }
}
