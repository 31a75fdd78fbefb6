/// Something the person can ask for with a key.
public enum Action: Equatable, Sendable {
    case quit, help, close
    case previous, next, first, last, pageUp, pageDown
    case inspect
    case nextPeer, previousPeer, newPeer
    case compose, reply, offerTemplate, answerTemplate, candidateTemplate, composeInEditor
    case copy, save
    case switchView
    case togglePause, retryNow
    case filter, clearFilter, followPeer, focusLog, accept
    /// The composer's editing keys.
    case cursorLeft, cursorRight, lineStart, lineEnd, deleteBackward, deleteForward, deleteWord, deleteToLineStart, newline
    case banner
    case toggleStepMode, releaseOldest, releaseAll, holdInbox, sequenceDiagram
    case explain
    case playDemoAgain
}

/// A key and what it does: one table drives both the key handling and the help screen.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    /// How the help and the footer name the keys, e.g. "j/↓".
    public let label: String
    public let action: Action
    public let summary: String
    /// Shown in the footer's hints (the rest only in the help).
    public let hint: Bool

    init(_ keys: [Key], _ label: String, _ action: Action, _ summary: String, hint: Bool = false) {
        self.keys = keys
        self.label = label
        self.action = action
        self.summary = summary
        self.hint = hint
    }
}

public enum KeyTable {
    /// The keys of the message log.
    public static let browsing: [KeyBinding] = [
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit", hint: true),
        KeyBinding([.character("?")], "?", .help, "show or hide this help", hint: true),
        KeyBinding([.character("v")], "v", .switchView, "switch host / peer view", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "previous message"),
        KeyBinding([.character("j"), .down], "j/↓", .next, "next message"),
        KeyBinding([.pageUp], "pgup", .pageUp, "a page of messages up"),
        KeyBinding([.pageDown], "pgdn", .pageDown, "a page of messages down"),
        KeyBinding([.character("g"), .home], "g/home", .first, "first message"),
        KeyBinding([.character("G"), .end], "G/end", .last, "follow the newest"),
        KeyBinding([.enter], "⏎", .inspect, "inspect the message", hint: true),
        KeyBinding([.tab, .right], "tab", .nextPeer, "next peer", hint: true),
        KeyBinding([.backTab, .left], "⇧tab", .previousPeer, "previous peer"),
        KeyBinding([.character("n")], "n", .newPeer, "add a peer by name", hint: true),
        KeyBinding([.character("c")], "c", .compose, "write to the selected peer", hint: true),
        KeyBinding([.character("r")], "r", .reply, "reply to the sender"),
        KeyBinding([.character("o")], "o", .offerTemplate, "start from an offer"),
        KeyBinding([.character("a")], "a", .answerTemplate, "start from an answer"),
        KeyBinding([.character("d")], "d", .candidateTemplate, "start from a candidate"),
        KeyBinding([.character("e")], "e", .composeInEditor, "write in $EDITOR"),
        KeyBinding([.character("y")], "y", .copy, "copy to the clipboard", hint: true),
        KeyBinding([.character("s")], "s", .save, "save to a file", hint: true),
        KeyBinding([.character("p")], "p", .togglePause, "pause / resume polling", hint: true),
        KeyBinding([.character("R")], "R", .retryNow, "retry the server now"),
        KeyBinding([.character("/")], "/", .filter, "filter: peer, type, text", hint: true),
        KeyBinding([.character("f")], "f", .followPeer, "follow one peer's messages"),
        KeyBinding([.escape], "esc", .clearFilter, "show all messages again"),
    ]

    /// The keys of the host view.
    public static let hosting: [KeyBinding] = [
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit and stop the server", hint: true),
        KeyBinding([.character("?")], "?", .help, "show or hide this help", hint: true),
        KeyBinding([.character("v")], "v", .switchView, "switch to the peer view", hint: true),
        KeyBinding([.escape], "esc", .clearFilter, "clear filter / switch view"),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "previous inbox"),
        KeyBinding([.character("j"), .down], "j/↓", .next, "next inbox"),
        KeyBinding([.character("y")], "y", .copy, "copy the join command", hint: true),
        KeyBinding([.character("l"), .tab], "l/tab", .focusLog, "scroll the event log", hint: true),
        KeyBinding([.character("/")], "/", .filter, "filter the inboxes", hint: true),
        KeyBinding([.character("b")], "b", .banner, "the page's QR code, large", hint: true),
        KeyBinding([.character("d")], "d", .sequenceDiagram, "sequence diagram on/off", hint: true),
        KeyBinding([.character("s")], "s", .toggleStepMode, "step mode on or off", hint: true),
        KeyBinding([.character(" ")], "space", .releaseOldest, "release the oldest held", hint: true),
        KeyBinding([.character("A")], "A", .releaseAll, "release all held", hint: true),
        KeyBinding([.character("h")], "h", .holdInbox, "hold or free the inbox", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "diagram: scroll back"),
        KeyBinding([.pageDown], "pgdn", .pageDown, "diagram: scroll on"),
    ]

    /// The host view's keys in `signalbox demo`, besides those of ``hosting``.
    public static let demo: [KeyBinding] = [
        KeyBinding([.character("r")], "r", .playDemoAgain, "play the demo's handshake again", hint: true),
    ]

    /// The keys of the host view, with the demo's when it runs one (first, so that the
    /// footer has room for them).
    static func hosting(_ host: HostState?) -> [KeyBinding] {
        host?.demo == nil ? hosting : demo + hosting
    }

    /// The keys of the host view's event log, once focused with `l` or tab.
    public static let hostLog: [KeyBinding] = [
        KeyBinding([.escape, .character("l"), .tab], "esc", .close, "back to the inboxes", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "an older line", hint: true),
        KeyBinding([.character("j"), .down], "j/↓", .next, "a newer line", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "a page older", hint: true),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "a page newer", hint: true),
        KeyBinding([.character("g"), .home], "home", .first, "the oldest line"),
        KeyBinding([.character("G"), .end], "end", .last, "follow the newest"),
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit and stop the server"),
        KeyBinding([.character("?")], "?", .help, "show or hide this help"),
    ]

    /// The keys of the inspector.
    public static let inspecting: [KeyBinding] = [
        KeyBinding([.escape, .character("q"), .enter], "esc", .close, "close the inspector", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "scroll up", hint: true),
        KeyBinding([.character("j"), .down], "j/↓", .next, "scroll down", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "scroll a page up"),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "scroll a page down"),
        KeyBinding([.character("y")], "y", .copy, "copy to the clipboard", hint: true),
        KeyBinding([.character("s")], "s", .save, "save to a file", hint: true),
        KeyBinding([.character("x")], "x", .explain, "explain it line by line", hint: true),
    ]

    /// The keys of the help screen; any other key closes it too.
    public static let help: [KeyBinding] = [
        KeyBinding([.character("j"), .down], "j/↓", .next, "scroll down", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "scroll up", hint: true),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "scroll a page down"),
        KeyBinding([.pageUp], "pgup", .pageUp, "scroll a page up"),
        KeyBinding([.escape, .character("?"), .character("q")], "esc", .close, "close (other keys too)", hint: true),
    ]

    /// The keys of a one-line prompt (a peer's name, a path, the filter); other keys type.
    public static let prompting: [KeyBinding] = [
        KeyBinding([.enter], "⏎", .accept, "ok", hint: true),
        KeyBinding([.escape], "esc", .close, "cancel (the filter: clear it)", hint: true),
        KeyBinding([.backspace, .delete], "⌫", .deleteBackward, "delete a character"),
        KeyBinding([.control("u")], "^U", .deleteToLineStart, "clear the line"),
    ]

    /// The answer to "stop the server?" (when others use it); any other key goes on serving.
    public static let confirmingQuit: [KeyBinding] = [
        KeyBinding([.character("q"), .character("y"), .control("c")], "q/y", .quit, "stop the server and quit", hint: true),
    ]

    /// The keys of the composer; other keys type text.
    public static let composing: [KeyBinding] = [
        KeyBinding([.enter], "⏎", .compose, "send the message", hint: true),
        KeyBinding([.escape], "esc", .close, "keep the draft for next c", hint: true),
        KeyBinding([.control("o")], "^O", .composeInEditor, "continue in $EDITOR", hint: true),
        KeyBinding([.altEnter, .control("j")], "alt-⏎/^J", .newline, "a new line", hint: true),
        KeyBinding([.left], "←", .cursorLeft, "cursor left"),
        KeyBinding([.right], "→", .cursorRight, "cursor right"),
        KeyBinding([.home, .control("a")], "home/^A", .lineStart, "to the start of the line"),
        KeyBinding([.end, .control("e")], "end/^E", .lineEnd, "to the end of the line"),
        KeyBinding([.backspace], "⌫", .deleteBackward, "delete before the cursor"),
        KeyBinding([.delete, .control("d")], "del/^D", .deleteForward, "delete under the cursor"),
        KeyBinding([.control("w")], "^W", .deleteWord, "delete the word before"),
        KeyBinding([.control("u")], "^U", .deleteToLineStart, "delete to the line's start"),
    ]

    static func action(for key: Key, in table: [KeyBinding]) -> Action? {
        table.first { $0.keys.contains(key) }?.action
    }
}
