/// The symbols the UI draws with: Unicode where the terminal's locale is UTF-8, plain ASCII
/// where it is not (`LANG=C`) or when asked (`--ascii`), as htop's `--no-unicode` does. A
/// grid made with `.ascii` also escapes every other non-ASCII character it is given, so that
/// nothing but ASCII reaches such a terminal.
public struct Glyphs: Hashable, Sendable {
    /// Whether only ASCII may be drawn.
    public let isASCII: Bool
    /// Ends a text that was cut.
    let ellipsis: String
    /// Between the parts of a status line: "1 pending · expires in 42 s".
    let separator: String
    let horizontalRule: Character
    let verticalRule: Character
    /// The remaining and the spent part of a countdown bar.
    let barFull: Character
    let barEmpty: Character
    /// Connection states: working, not yet, failed.
    let good: String
    let pending: String
    let bad: String
    /// A message received, being sent, sent.
    let received: String
    let sending: String
    let sent: String
    /// Marks the selected peer.
    let selector: String
    /// Ends a prompt's label: "to bob › ".
    let prompt: String
    /// Where typed text goes.
    let cursor: String
    /// A long poll held open.
    let waiting: String
    /// Points at messages below the list's window: "↓ 3 new".
    let newBelow: String
    /// A line break inside the composer's one-line view of a draft.
    let lineBreak: String
    /// A message or an inbox held by the presenter (step mode).
    let held: String
    /// Polling paused by the person.
    let paused: String
    /// "At most", before a countdown whose end may come sooner: "≤ 42 s".
    let atMost: String
    /// More lines above or below.
    let moreAbove: String
    let moreBelow: String
    /// The sequence diagram's arrowheads, and a peer writing to itself.
    let arrowRight: String
    let arrowLeft: String
    let loop: String
    /// Done well: "✓ delivered after 12 ms".
    let done: String
    /// A loud warning: test faults on.
    let warning: String
    /// Earlier lines scrolled away above.
    let above: String

    /// Box drawing, blocks, arrows and bullets, for a UTF-8 terminal.
    public static let unicode = Glyphs(
        isASCII: false, ellipsis: "…", separator: " · ", horizontalRule: "─", verticalRule: "│",
        barFull: "█", barEmpty: "░", good: "●", pending: "◌", bad: "✗",
        received: "←", sending: "…", sent: "→", selector: "›", prompt: " › ", cursor: "▏",
        waiting: "⟳", newBelow: "↓", lineBreak: "↵", held: "⏸", paused: "‖", atMost: "≤", moreAbove: "↑ more", moreBelow: "↓ more",
        arrowRight: "▶", arrowLeft: "◀", loop: "↺", done: "✓", warning: "⚠", above: "↑")

    /// Their ASCII stand-ins, for any other.
    public static let ascii = Glyphs(
        isASCII: true, ellipsis: "...", separator: " | ", horizontalRule: "-", verticalRule: "|",
        barFull: "#", barEmpty: "-", good: "*", pending: "o", bad: "x",
        received: "<", sending: "~", sent: ">", selector: ">", prompt: " > ", cursor: "_",
        waiting: "~", newBelow: "v", lineBreak: "\\n", held: "||", paused: "=", atMost: "<=", moreAbove: "^ more", moreBelow: "v more",
        arrowRight: ">", arrowLeft: "<", loop: "@", done: "+", warning: "!", above: "^")

    /// A key's name as the help and the footer show it: "k/↑", or "k/up" in ASCII.
    func key(_ label: String) -> String {
        guard isASCII else { return label }
        return label.reduce(into: "") { result, character in
            switch character {
            case "↑": result += "up"
            case "↓": result += "down"
            case "←": result += "left"
            case "→": result += "right"
            case "⏎": result += "enter"
            case "⇧": result += "S-"
            case "⌫": result += "bksp"
            default: result.append(character)
            }
        }
    }

    /// `text` as it may be drawn: control characters escaped always, and in ASCII every other
    /// non-ASCII character too.
    func displayable(_ text: String) -> String {
        SafeText.displayable(text, asciiOnly: isASCII)
    }
}
