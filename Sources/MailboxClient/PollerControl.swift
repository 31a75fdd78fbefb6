import Synchronization

/// Lets a person steer a running ``InboxPoller``: pause it (it stops asking, so the server's
/// idle timer runs down), resume it, or cut short a wait before the next retry.
public final class PollerControl: Sendable {
    private struct State {
        var paused = false
        /// Counts every request from outside, so a waiter can tell whether one came since.
        var generation = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = LockedValue(State())

    public init() {}

    public var isPaused: Bool {
        state.withLock { $0.paused }
    }

    /// Stops asking for messages; a waiting long poll is ended.
    public func pause() {
        change { $0.paused = true }
    }

    /// Asks again at once.
    public func resume() {
        change { $0.paused = false }
    }

    /// Ends the wait before the next retry (or the next short poll) now.
    public func retryNow() {
        change { _ in }
    }

    var generation: Int {
        state.withLock { $0.generation }
    }

    /// Returns once something was asked after `generation`, or when the task is cancelled.
    func changed(since generation: Int) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.generation == generation, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    private func change(_ body: (inout State) -> Void) {
        let waiters = state.withLock { state in
            body(&state)
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }
}
