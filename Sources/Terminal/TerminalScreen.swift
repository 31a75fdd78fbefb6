import CNCurses
import Dispatch
import Foundation
import SignalboxUI

/// The ncurses screen: draws `Grid`s, delivers keys, pastes, resizes and quit signals, and
/// gives the terminal back on every exit path.
///
/// Use it from one task or thread; it runs its own input thread, and every curses call from
/// either side is serialized by a lock.
public final class TerminalScreen {
    private let session: CursesSession
    private let stream: AsyncStream<TerminalInput>
    private let continuation: AsyncStream<TerminalInput>.Continuation
    private let reader: InputReader
    private var painter: CellPainter
    private var signalSources: [any DispatchSourceSignal] = []
    private var readerStarted = false
    /// Whether the terminal reports clicks and the wheel (off with `--no-mouse`).
    private let mouse: Bool
    private var closed = false
    /// Whether the locale the person chose is UTF-8; when it is not (`LANG=C`), their terminal
    /// may draw UTF-8 as mojibake, so the UI should draw in ASCII.
    public let localeIsUTF8: Bool

    /// What the terminal shows now, so that `draw` writes only the cells that changed.
    private var lastGrid: Grid?
    private var lastScreenSize = ScreenDiff.Size(width: 0, height: 0)
    private var needsFullRedraw = true

    /// SIGINT, SIGTERM and SIGHUP become `.interrupt`, so the app quits through its normal path.
    private static let quitSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private init(session: CursesSession, painter: CellPainter, localeIsUTF8: Bool, mouse: Bool) {
        self.session = session
        self.painter = painter
        self.localeIsUTF8 = localeIsUTF8
        self.mouse = mouse
        (stream, continuation) = AsyncStream.makeStream(of: TerminalInput.self, bufferingPolicy: .unbounded)
        reader = InputReader(session: session, continuation: continuation)
    }

    deinit {
        close()
    }

    /// Takes over the terminal: full screen, raw keys (Ctrl-C arrives as `.control("c")`),
    /// hidden cursor, instant Escape, bracketed paste, and with `mouse` clicks and the wheel.
    /// `useColors` false (for `NO_COLOR`) keeps to attributes; colors are also off when the
    /// terminal has none.
    public static func open(useColors: Bool, mouse: Bool = true) throws -> TerminalScreen {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError.notATerminal
        }
        guard !TerminalRestorer.isArmed else { throw TerminalError.alreadyOpen }
        let localeIsUTF8 = selectLocale()
        TerminalRestorer.saveModes()
        // Ignored before newterm, so that ncurses does not install its own handlers for them
        // (they would end curses and exit behind the app's back); dispatch sources report them.
        for signal in quitSignals {
            Glibc.signal(signal, SIG_IGN)
        }
        guard sb_newterm() != nil else {
            for signal in quitSignals {
                Glibc.signal(signal, SIG_DFL)
            }
            throw TerminalError.cannotInitialize(term: ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        TerminalRestorer.arm()
        _ = raw()
        _ = noecho()
        _ = nonl()
        _ = sb_keypad(true)
        _ = curs_set(0)
        _ = set_escdelay(25)
        // No-delay reads: the input thread waits with poll() instead, outside the curses lock.
        sb_timeout(0)
        var colorsEnabled = false
        var defaultColors = false
        if useColors, has_colors() {
            colorsEnabled = start_color() == sb_ok()
            defaultColors = colorsEnabled && use_default_colors() == sb_ok()
        }
        TTY.write(TTY.enableBracketedPaste)
        if mouse {
            _ = sb_disable_mouse_key()
            TTY.write(TTY.enableMouse)
        }

        let screen = TerminalScreen(
            session: CursesSession(),
            painter: CellPainter(colorsEnabled: colorsEnabled, defaultColorsAvailable: defaultColors),
            localeIsUTF8: localeIsUTF8, mouse: mouse)
        screen.installQuitSignalSources()
        return screen
    }

    /// Takes the environment's locale and says whether its charset is UTF-8. When it is not,
    /// the UI draws only ASCII, which every charset shows alike; character types still come
    /// from C.UTF-8, so that keys and pastes a UTF-8 terminal sends anyway decode whole.
    private static func selectLocale() -> Bool {
        _ = setlocale(LC_ALL, "")
        guard let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" else {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
            return false
        }
        return true
    }

    private func installQuitSignalSources() {
        for signal in Self.quitSignals {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
            source.setEventHandler { [session, continuation] in
                // While $EDITOR runs, Ctrl-C belongs to the editor, not to us.
                if signal == SIGINT, session.state.isSuspended { return }
                continuation.yield(.interrupt)
            }
            source.resume()
            signalSources.append(source)
        }
    }

    /// The screen size in columns and rows, as curses knows it (updated on resize).
    public var size: (width: Int, height: Int) {
        session.withLock {
            var width: Int32 = 0
            var height: Int32 = 0
            sb_screen_size(&width, &height)
            return (Int(width), Int(height))
        }
    }

    /// Keys, pastes, resizes and quit signals, in order. Starts the input thread on first call;
    /// every call returns the same stream, which has a single consumer. Finishes on `close()`.
    public func inputs() -> AsyncStream<TerminalInput> {
        if !readerStarted, !closed {
            readerStarted = true
            reader.start()
        }
        return stream
    }

    /// Shows `grid`, writing only the cells that differ from the previous draw; a new grid
    /// or screen size (or a resume) repaints everything. Cells beyond the screen are clipped.
    public func draw(_ grid: Grid) {
        session.withLock {
            guard session.isOpenUnlocked else { return }
            guard !session.isSuspendedUnlocked else {
                // Shown on resume, which repaints the last grid.
                lastGrid = grid
                needsFullRedraw = true
                return
            }
            render(grid)
        }
    }

    /// Draws under the curses lock.
    private func render(_ grid: Grid) {
        var width: Int32 = 0
        var height: Int32 = 0
        sb_screen_size(&width, &height)
        let screen = ScreenDiff.Size(width: Int(width), height: Int(height))
        let full = ScreenDiff.needsFullRedraw(
            stale: needsFullRedraw, previous: lastGrid, previousScreen: lastScreenSize, grid: grid, screen: screen)
        if full {
            // wclear also makes the next refresh clear the terminal itself, wiping whatever
            // a resize or another program left there.
            _ = sb_clear()
        }
        ScreenDiff.forEachWrite(from: lastGrid, to: grid, screen: screen, full: full) { write in
            painter.paint(write.cell, x: write.x, y: write.y, screenWidth: screen.width, isLastCell: write.isLastCell)
        }
        _ = sb_refresh()
        lastGrid = grid
        lastScreenSize = screen
        needsFullRedraw = false
    }

    /// Asks the terminal to put `text` on the system clipboard with OSC 52, wrapped for tmux or
    /// screen when under one (``ClipboardSequence``); it prints nothing, so the screen is
    /// untouched. Terminals do not confirm it.
    public func sendToClipboard(_ text: String) {
        let bytes = ClipboardSequence.bytes(for: text, under: .detect(in: ProcessInfo.processInfo.environment))
        session.withLock {
            guard session.isOpenUnlocked, !session.isSuspendedUnlocked else { return }
            TTY.write(bytes)
        }
    }

    /// Hands the terminal to another program (`$EDITOR`): normal modes, main screen, cursor
    /// shown, no bracketed paste, no mouse reports. The input thread stops reading until `resume()`.
    public func suspend() {
        session.withLock {
            guard session.isOpenUnlocked, !session.isSuspendedUnlocked else { return }
            TTY.write(TTY.disableBracketedPaste + (mouse ? TTY.disableMouse : ""))
            _ = def_prog_mode()
            _ = endwin()
            session.isSuspendedUnlocked = true
        }
    }

    /// Takes the terminal back after `suspend()` and repaints the last grid in full.
    public func resume() {
        session.withLock {
            guard session.isOpenUnlocked, session.isSuspendedUnlocked else { return }
            _ = reset_prog_mode()
            session.isSuspendedUnlocked = false
            TTY.write(TTY.enableBracketedPaste + (mouse ? TTY.enableMouse : ""))
            needsFullRedraw = true
            if let grid = lastGrid {
                render(grid)
            } else {
                _ = sb_refresh()
            }
        }
    }

    /// Gives the terminal back to the shell and ends the input stream. Safe to call twice.
    public func close() {
        guard !closed else { return }
        closed = true
        session.withLock {
            guard session.isOpenUnlocked else { return }
            if !session.isSuspendedUnlocked {
                TTY.write(TTY.disableBracketedPaste)
                _ = endwin()
            }
            // endwin shows the cursor through terminfo; this covers terminals that lack cnorm.
            TTY.write(TTY.disableBracketedPaste + (mouse ? TTY.disableMouse : "") + "\u{1B}[?25h")
            session.isOpenUnlocked = false
            session.isSuspendedUnlocked = false
        }
        TerminalRestorer.disarm()
        for source in signalSources {
            source.cancel()
        }
        signalSources = []
        for signal in Self.quitSignals {
            Glibc.signal(signal, SIG_DFL)
        }
        continuation.finish()
    }
}
