import CNCurses
import Glibc

/// Gives the terminal back to the shell however the process ends: through `exit` without
/// `close()` (an atexit handler) or through a crash signal. Both paths use only
/// async-signal-safe calls (`write`, `tcsetattr`, `sigaction`, `raise`) on memory prepared in
/// advance, because a crash handler cannot trust malloc, locks or curses.
enum TerminalRestorer {
    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

    /// Leave bracketed paste and mouse reporting, leave the alternate screen, show the cursor, reset attributes,
    /// and put the cursor keys back in normal mode (curses had switched them to application
    /// mode), so the shell gets a usable terminal.
    private static let resetSequence = "\u{1B}[?2004l\u{1B}[?1006l\u{1B}[?1000l\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\u{1B}[?1l\u{1B}>"

    // Allocated once, before any handler can run, and never freed: a handler only reads them.
    // (Static stores are initialized on first use; `arm` touches each one before installing
    // a handler, so a handler never triggers that initialization itself.)
    nonisolated(unsafe) private static let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) private static let previousActions: UnsafeMutablePointer<sigaction> = {
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        actions.initialize(repeating: sigaction(), count: 65)
        return actions
    }()
    nonisolated(unsafe) private static let resetBytes: UnsafeMutableBufferPointer<UInt8> = {
        let bytes = Array(resetSequence.utf8)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        return buffer
    }()
    nonisolated(unsafe) private static var haveSavedModes = false
    nonisolated(unsafe) private static var armed = false
    nonisolated(unsafe) private static var atexitRegistered = false

    /// Whether a screen is open: curses drives one screen per process.
    static var isArmed: Bool { armed }

    /// Remembers the terminal modes the shell had. Call before curses changes them.
    static func saveModes() {
        haveSavedModes = tcgetattr(STDIN_FILENO, savedModes) == 0
    }

    /// Installs the atexit and crash handlers. Called once curses owns the terminal.
    static func arm() {
        _ = resetBytes.count
        _ = previousActions
        armed = true
        if !atexitRegistered {
            atexitRegistered = true
            atexit { TerminalRestorer.restore() }
        }
        for signal in crashSignals {
            _ = sb_catch_signal(signal, crashHandler, previousActions + Int(signal))
        }
    }

    /// Removes the crash handlers after a normal close (the atexit handler stays, inert).
    static func disarm() {
        guard armed else { return }
        armed = false
        for signal in crashSignals {
            _ = sb_restore_signal(signal, previousActions + Int(signal))
        }
    }

    /// The emergency restore: async-signal-safe, and a no-op once the screen was closed.
    static func restore() {
        guard armed else { return }
        armed = false
        _ = write(STDOUT_FILENO, resetBytes.baseAddress, resetBytes.count)
        if haveSavedModes {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, savedModes)
        }
    }

    /// Restores the terminal, then raises the signal again under the action that was there
    /// before ours (the default, or Swift's backtracer), so the crash still prints its
    /// backtrace as it would have without us. Swift's backtracer returns, leaving the process
    /// alive, for a crash signal sent with kill(); so if we get control back, the signal is
    /// raised once more with the default action, which ends the process (and dumps core).
    private static let crashHandler: @convention(c) (Int32) -> Void = { signal in
        TerminalRestorer.restore()
        _ = sb_restore_signal(signal, TerminalRestorer.previousActions + Int(signal))
        _ = raise(signal)
        _ = Glibc.signal(signal, SIG_DFL)
        _ = raise(signal)
    }
}
