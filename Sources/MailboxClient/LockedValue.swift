import Foundation

/// A value behind a pthread mutex (NSLock). Not `Synchronization.Mutex`: ThreadSanitizer, which
/// CI runs over every test, cannot see its futexes and reports every use as a race.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
