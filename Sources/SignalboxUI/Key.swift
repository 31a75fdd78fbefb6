/// A key the person pressed, as the terminal backend reports it.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("c")`.
    case control(Character)
    case enter, escape, tab, backTab, backspace, delete
    /// Alt (or Meta) with Enter: the terminal sends ESC then CR.
    case altEnter
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

/// What the terminal backend delivers to the UI.
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    /// Text pasted in one go (bracketed paste), kept whole, newlines included.
    case paste(String)
    case resize(width: Int, height: Int)
    /// A click or a wheel turn (SGR mouse reporting; off with `--no-mouse`).
    case mouse(MouseEvent)
}
