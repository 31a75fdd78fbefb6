import Glibc

/// Raw writes to the terminal, beside curses, for the escape sequences curses knows nothing
/// about (bracketed paste, OSC 52). Callers hold the curses lock and write only after a
/// refresh, when curses has flushed its own buffer, so the two byte streams never interleave.
enum TTY {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return  // the terminal is gone; nothing useful left to do
                }
            }
        }
    }

    static let enableBracketedPaste = "\u{1B}[?2004h"
    static let disableBracketedPaste = "\u{1B}[?2004l"
    /// Clicks and the wheel (1000), reported in the SGR encoding (1006), which has no limit on
    /// columns and tells a release from a press.
    static let enableMouse = "\u{1B}[?1000h\u{1B}[?1006h"
    static let disableMouse = "\u{1B}[?1006l\u{1B}[?1000l"
}
