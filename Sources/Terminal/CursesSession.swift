import Foundation

/// What the caller's thread, the input thread and the signal handlers share. curses is not
/// thread-safe, so every curses call, and every raw write to the terminal, is made while
/// holding `lock`; the flags are read and written under it too.
final class CursesSession: @unchecked Sendable {
    private let lock = NSLock()
    private var open = true
    private var suspended = false

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Whether curses is running (false once closed). Read and written only under the lock.
    var isOpenUnlocked: Bool {
        get { open }
        set { open = newValue }
    }

    /// Whether curses has handed the terminal to another program. Read and written only under
    /// the lock.
    var isSuspendedUnlocked: Bool {
        get { suspended }
        set { suspended = newValue }
    }

    /// The two flags, taken under the lock, for code that does not hold it.
    var state: (isOpen: Bool, isSuspended: Bool) {
        withLock { (open, suspended) }
    }
}
