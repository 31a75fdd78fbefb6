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

/// A key and what it does: one table drives the key handling, the footer and the help screen.
public struct KeyBinding: Sendable {
    /// No keys: the row stands for "any other key" (it is shown, and never matches).
    public let keys: [Key]
    /// How the help and the footer name the keys, e.g. "j/↓".
    public let label: String
    public let action: Action
    /// What the help says it does.
    public let summary: String
    /// What the footer's hint and the composer line call it: "copy join", "keep draft".
    public let short: String
    /// Shown in the footer's hints (the rest only in the help).
    public let hint: Bool

    init(_ keys: [Key], _ label: String, _ action: Action, _ summary: String, _ short: String, hint: Bool = false) {
        self.keys = keys
        self.label = label
        self.action = action
        self.summary = summary
        self.short = short
        self.hint = hint
    }
}

public enum KeyTable {
    /// The keys of the message log.
    public static let browsing: [KeyBinding] = [
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit", "quit", hint: true),
        KeyBinding([.character("?")], "?", .help, "show or hide this help", "help", hint: true),
        KeyBinding([.character("v")], "v", .switchView, "switch host / peer view", "view", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "previous message", "up"),
        KeyBinding([.character("j"), .down], "j/↓", .next, "next message", "down"),
        KeyBinding([.pageUp], "pgup", .pageUp, "a page of messages up", "older"),
        KeyBinding([.pageDown], "pgdn", .pageDown, "a page of messages down", "newer"),
        KeyBinding([.character("g"), .home], "g/home", .first, "first message", "first"),
        KeyBinding([.character("G"), .end], "G/end", .last, "follow the newest", "newest"),
        KeyBinding([.enter], "⏎", .inspect, "inspect the message", "inspect", hint: true),
        KeyBinding([.tab, .right], "tab", .nextPeer, "next peer", "peer", hint: true),
        KeyBinding([.backTab, .left], "⇧tab", .previousPeer, "previous peer", "prev peer"),
        KeyBinding([.character("n")], "n", .newPeer, "add a peer by name", "new peer", hint: true),
        KeyBinding([.character("c")], "c", .compose, "write to the selected peer", "compose", hint: true),
        KeyBinding([.character("r")], "r", .reply, "reply to the sender", "reply"),
        KeyBinding([.character("o")], "o", .offerTemplate, "start from an offer", "offer"),
        KeyBinding([.character("a")], "a", .answerTemplate, "start from an answer", "answer"),
        KeyBinding([.character("d")], "d", .candidateTemplate, "start from a candidate", "candidate"),
        KeyBinding([.character("e")], "e", .composeInEditor, "write in $EDITOR", "$EDITOR"),
        KeyBinding([.character("y")], "y", .copy, "copy to the clipboard", "copy", hint: true),
        KeyBinding([.character("s")], "s", .save, "save to a file", "save", hint: true),
        KeyBinding([.character("p")], "p", .togglePause, "pause / resume polling", "pause", hint: true),
        KeyBinding([.character("R")], "R", .retryNow, "retry the server now", "retry"),
        KeyBinding([.character("/")], "/", .filter, "filter: peer, type, text", "filter", hint: true),
        KeyBinding([.character("f")], "f", .followPeer, "follow one peer's messages", "follow"),
        KeyBinding([.escape], "esc", .clearFilter, "show all messages again", "show all"),
    ]

    /// The keys of the host view.
    public static let hosting: [KeyBinding] = [
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit and stop the server", "quit", hint: true),
        KeyBinding([.character("?")], "?", .help, "show or hide this help", "help", hint: true),
        KeyBinding([.character("v")], "v", .switchView, "switch to the peer view", "view", hint: true),
        KeyBinding([.escape], "esc", .clearFilter, "clear filter / switch view", "clear"),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "previous inbox", "up"),
        KeyBinding([.character("j"), .down], "j/↓", .next, "next inbox", "down"),
        KeyBinding([.character("y")], "y", .copy, "copy the join command", "copy join", hint: true),
        KeyBinding([.character("l"), .tab], "l/tab", .focusLog, "scroll the event log", "log", hint: true),
        KeyBinding([.character("/")], "/", .filter, "filter the inboxes", "filter", hint: true),
        KeyBinding([.character("b")], "b", .banner, "the page's QR code, large", "QR", hint: true),
        KeyBinding([.character("d")], "d", .sequenceDiagram, "sequence diagram on/off", "diagram", hint: true),
        KeyBinding([.character("s")], "s", .toggleStepMode, "step mode on or off", "step", hint: true),
        KeyBinding([.character(" ")], "space", .releaseOldest, "release the oldest held", "release", hint: true),
        KeyBinding([.character("A")], "A", .releaseAll, "release all held", "release all", hint: true),
        KeyBinding([.character("h")], "h", .holdInbox, "hold or free the inbox", "hold inbox", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "diagram: scroll back", "older"),
        KeyBinding([.pageDown], "pgdn", .pageDown, "diagram: scroll on", "newer"),
    ]

    /// The host view's keys in `signalbox demo`, besides those of ``hosting``.
    public static let demo: [KeyBinding] = [
        KeyBinding([.character("r")], "r", .playDemoAgain, "play the demo's handshake again", "again", hint: true),
    ]

    /// The keys of the host view, with the demo's when it runs one (first, so that the
    /// footer has room for them).
    static func hosting(_ host: HostState?) -> [KeyBinding] {
        host?.demo == nil ? hosting : demo + hosting
    }

    /// The keys of the host view's event log, once focused with `l` or tab.
    public static let hostLog: [KeyBinding] = [
        KeyBinding([.escape, .character("l"), .tab], "esc", .close, "back to the inboxes", "back", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "an older line", "up", hint: true),
        KeyBinding([.character("j"), .down], "j/↓", .next, "a newer line", "down", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "a page older", "older", hint: true),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "a page newer", "newer", hint: true),
        KeyBinding([.character("g"), .home], "home", .first, "the oldest line", "oldest"),
        KeyBinding([.character("G"), .end], "end", .last, "follow the newest", "newest"),
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit and stop the server", "quit"),
        KeyBinding([.character("?")], "?", .help, "show or hide this help", "help"),
    ]

    /// The keys of the inspector.
    public static let inspecting: [KeyBinding] = [
        KeyBinding([.escape, .character("q"), .enter], "esc", .close, "close the inspector", "back", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "scroll up", "up", hint: true),
        KeyBinding([.character("j"), .down], "j/↓", .next, "scroll down", "down", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "scroll a page up", "page up"),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "scroll a page down", "page down"),
        KeyBinding([.character("y")], "y", .copy, "copy to the clipboard", "copy", hint: true),
        KeyBinding([.character("s")], "s", .save, "save to a file", "save", hint: true),
        KeyBinding([.character("x")], "x", .explain, "explain it line by line", "explain", hint: true),
    ]

    /// The keys of the help screen; any other key closes it too.
    public static let help: [KeyBinding] = [
        KeyBinding([.character("j"), .down], "j/↓", .next, "scroll down", "down", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "scroll up", "up", hint: true),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "scroll a page down", "page down"),
        KeyBinding([.pageUp], "pgup", .pageUp, "scroll a page up", "page up"),
        KeyBinding([.escape, .character("?"), .character("q")], "esc", .close, "close (other keys too)", "close", hint: true),
    ]

    /// The keys of a one-line prompt (a peer's name, a path, the filter); other keys type.
    public static let prompting: [KeyBinding] = [
        KeyBinding([.enter], "⏎", .accept, "ok", "ok", hint: true),
        KeyBinding([.escape], "esc", .close, "cancel (the filter: clear it)", "back", hint: true),
        KeyBinding([.backspace, .delete], "⌫", .deleteBackward, "delete a character", "delete"),
        KeyBinding([.control("u")], "^U", .deleteToLineStart, "clear the line", "clear"),
    ]

    /// The answer to "stop the server?" (when others use it); any other key goes on serving.
    public static let confirmingQuit: [KeyBinding] = [
        KeyBinding([.character("q"), .character("y"), .control("c")], "q/y", .quit, "stop the server and quit", "stop", hint: true),
        KeyBinding([], "any key", .close, "go on serving", "go on", hint: true),
    ]

    /// The keys of the QR banner: any closes it.
    public static let banner: [KeyBinding] = [
        KeyBinding([], "any key", .close, "close", "close", hint: true),
    ]

    /// The keys of the composer; other keys type text.
    public static let composing: [KeyBinding] = [
        KeyBinding([.enter], "⏎", .compose, "send the message", "send", hint: true),
        KeyBinding([.escape], "esc", .close, "keep the draft for next c", "keep draft", hint: true),
        KeyBinding([.control("o")], "^O", .composeInEditor, "continue in $EDITOR", "editor", hint: true),
        KeyBinding([.altEnter, .control("j")], "alt-⏎/^J", .newline, "a new line", "newline", hint: true),
        KeyBinding([.left], "←", .cursorLeft, "cursor left", "left"),
        KeyBinding([.right], "→", .cursorRight, "cursor right", "right"),
        KeyBinding([.home, .control("a")], "home/^A", .lineStart, "to the start of the line", "start"),
        KeyBinding([.end, .control("e")], "end/^E", .lineEnd, "to the end of the line", "end"),
        KeyBinding([.backspace], "⌫", .deleteBackward, "delete before the cursor", "delete"),
        KeyBinding([.delete, .control("d")], "del/^D", .deleteForward, "delete under the cursor", "delete on"),
        KeyBinding([.control("w")], "^W", .deleteWord, "delete the word before", "delete word"),
        KeyBinding([.control("u")], "^U", .deleteToLineStart, "delete to the line's start", "clear"),
    ]

    static func action(for key: Key, in table: [KeyBinding]) -> Action? {
        table.first { $0.keys.contains(key) }?.action
    }

    /// The keys that act now, by the question, mode and view on screen: what `update`
    /// dispatches a key through, and what the footer shows.
    static func active(in state: AppState) -> [KeyBinding] {
        if state.confirmingQuit { return confirmingQuit }
        switch state.mode {
        case .help: return help
        case .banner: return banner
        case .inspecting: return inspecting
        case .composing: return composing
        case .prompting: return prompting
        case .browsing where state.view == .host && state.host != nil:
            return state.host?.logFocused == true ? hostLog : hosting(state.host)
        case .browsing: return browsing
        }
    }

    /// Whether the footer and the help show `binding`: a UI that hosts nothing has no host
    /// view to switch to (its `v` only says so).
    static func isShown(_ binding: KeyBinding, in state: AppState) -> Bool {
        binding.action != .switchView || state.host != nil
    }
}
