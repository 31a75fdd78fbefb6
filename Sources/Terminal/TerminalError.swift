/// Why the terminal could not be opened.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (piped, redirected, or no tty at all).
    case notATerminal
    /// curses could not set up the terminal, typically because `$TERM` is unset or unknown.
    case cannotInitialize(term: String)
    /// Another `TerminalScreen` is open: curses drives one screen per process.
    case alreadyOpen

    public var description: String {
        switch self {
        case .notATerminal:
            "standard input and output must be a terminal to run the interface"
        case .cannotInitialize(let term):
            "cannot initialize the terminal (TERM=\(term.isEmpty ? "<unset>" : term)); "
                + "set TERM to a known terminal type such as xterm-256color"
        case .alreadyOpen:
            "the terminal screen is already open"
        }
    }
}
