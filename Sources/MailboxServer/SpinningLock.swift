#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pthread mutex that spins briefly before it sleeps (glibc's adaptive mutex). The store's
/// lock is held for about a microsecond at a time, far less than the sleep and wake-up a
/// plain mutex costs a waiter, which showed up as the latency tail under load.
/// ThreadSanitizer sees it, as it sees every pthread mutex.
final class SpinningLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        #if canImport(Glibc)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        let created = pthread_mutex_init(mutex, &attributes)
        precondition(created == 0, "pthread_mutex_init failed: \(created)")
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
