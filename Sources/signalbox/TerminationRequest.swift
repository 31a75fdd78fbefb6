import Dispatch
import Foundation
import Synchronization
import Terminal

/// A request to end the UI (SIGTERM, SIGHUP, SIGINT, or the terminal closing) kept apart
/// from the UI's events, so that it never waits behind them: the event loop looks at it
/// before each event, and `wake` gets a loop going that waits for one. Should the process
/// still be running `deadline` after the request (the loop stuck in something long, such as
/// an editor), the request ends it itself: it gives the terminal back and dies of the signal,
/// which also closes the server's port.
final class TerminationRequest: Sendable {
    /// The signal asked for, 0 until one is.
    private let signal = Atomic<Int32>(0)
    private let deadline: Duration
    private let wake: @Sendable () -> Void

    init(deadline: Duration = .milliseconds(800), wake: @escaping @Sendable () -> Void) {
        self.deadline = deadline
        self.wake = wake
    }

    var isRequested: Bool { signal.load(ordering: .acquiring) != 0 }

    /// Asks the process to end for `reason`: a signal's name, or "the terminal closed".
    /// Only the first request counts.
    func request(_ reason: String) {
        let number = switch reason {
        case "SIGINT": SIGINT
        case "SIGTERM": SIGTERM
        default: SIGHUP
        }
        guard signal.compareExchange(expected: 0, desired: number, ordering: .acquiringAndReleasing).exchanged else { return }
        wake()
        DispatchQueue.global().asyncAfter(deadline: .now() + deadline.seconds) {
            TerminalScreen.restoreForExit()
            _ = Glibc.signal(number, SIG_DFL)
            _ = raise(number)
        }
    }
}
