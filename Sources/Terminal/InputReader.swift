import CNCurses
import Foundation
import SignalboxUI

/// The thread that reads keys with `wget_wch` and yields them as `TerminalInput`s.
///
/// It waits for input with `poll` outside the curses lock (curses is in no-delay mode), then
/// drains everything available under the lock, so drawing is never blocked by a wait for keys.
/// The poll timeout also bounds how late a resize is noticed (curses reports KEY_RESIZE from
/// inside `wget_wch`) and how long closing takes for the thread to stop.
final class InputReader: @unchecked Sendable {
    private let session: CursesSession
    private let continuation: AsyncStream<TerminalInput>.Continuation
    /// Told once when the terminal is gone (its other side closed).
    private let onHangUp: @Sendable () -> Void

    /// Poll timeout: how late a resize or a close can be noticed.
    private static let pollMilliseconds: Int32 = 100
    /// A paste whose end marker has not come after this long is delivered as it is.
    private static let pasteSilence: Duration = .seconds(1)
    /// Reads per lock hold, so that a flood of input cannot starve drawing.
    private static let maximumReadsPerDrain = 8192

    init(session: CursesSession, continuation: AsyncStream<TerminalInput>.Continuation, onHangUp: @escaping @Sendable () -> Void) {
        self.session = session
        self.continuation = continuation
        self.onHangUp = onHangUp
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "signalbox-terminal-input"
        thread.start()
    }

    private func run() {
        var decoder = InputDecoder()
        var keypadOn = true
        var lastInput = ContinuousClock.now
        var hungUp = false
        while true {
            let state = session.state
            guard state.isOpen else { break }
            if state.isSuspended {
                // Another program owns the terminal: reading now would steal its keys.
                usleep(50_000)
                continue
            }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Self.pollMilliseconds)
            if ready > 0, descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
                // The terminal is gone. SIGHUP may follow, or may not (a process outside the
                // terminal's foreground group): say so once, and do not spin on a dead descriptor.
                if !hungUp {
                    hungUp = true
                    onHangUp()
                }
                usleep(100_000)
            }
            var inputs: [TerminalInput] = []
            let keepReading = session.withLock { () -> Bool in
                guard session.isOpenUnlocked else { return false }
                guard !session.isSuspendedUnlocked else { return true }
                var readAny = false
                for _ in 0..<Self.maximumReadsPerDrain {
                    var character: wint_t = 0
                    let result = sb_get_wch(&character)
                    if result == sb_err() {
                        // Only a real "nothing more" may decide that a held ESC was the key.
                        inputs += decoder.feed(.idle)
                        break
                    }
                    readAny = true
                    if result == sb_key_code_yes() {
                        if Int32(character) == sb_key_resize() {
                            var width: Int32 = 0
                            var height: Int32 = 0
                            sb_screen_size(&width, &height)
                            inputs += decoder.feed(.resize(width: Int(width), height: Int(height)))
                        } else {
                            inputs += decoder.feed(.keyCode(Int32(character)))
                        }
                    } else {
                        inputs += decoder.feed(.character(UInt32(character)))
                    }
                    if decoder.isPasting == keypadOn {
                        // Inside a paste, bytes must come through untranslated: no escape-delay
                        // waits, no pasted ESC sequence turned into an arrow key.
                        keypadOn = !decoder.isPasting
                        _ = sb_keypad(keypadOn)
                    }
                }
                let now = ContinuousClock.now
                if readAny {
                    lastInput = now
                } else if decoder.isPasting, now - lastInput > Self.pasteSilence {
                    inputs += decoder.finishPaste()
                    keypadOn = true
                    _ = sb_keypad(true)
                }
                return true
            }
            for input in inputs {
                continuation.yield(input)
            }
            if !keepReading { break }
        }
    }
}
