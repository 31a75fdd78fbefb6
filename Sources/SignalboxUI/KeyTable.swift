/// Something the person can ask for with a key.
public enum Action: Equatable, Sendable {
    case quit, help, close
    case previous, next, first, last, pageUp, pageDown
    case inspect
    case nextPeer, previousPeer, newPeer
    case compose, reply, offerTemplate, answerTemplate, candidateTemplate, composeInEditor
    case copy, save
    case switchView
    case toggleStepMode, releaseOldest, releaseAll, holdInbox, sequenceDiagram
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
        KeyBinding([.character("g"), .home], "g", .first, "first message"),
        KeyBinding([.character("G"), .end], "G", .last, "follow the newest"),
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
        KeyBinding([.character("y")], "y", .copy, "copy (OSC 52)", hint: true),
        KeyBinding([.character("s")], "s", .save, "save to a file", hint: true),
    ]

    /// The keys of the host view.
    public static let hosting: [KeyBinding] = [
        KeyBinding([.character("q"), .control("c")], "q", .quit, "quit and stop the server", hint: true),
        KeyBinding([.character("?")], "?", .help, "show or hide this help", hint: true),
        KeyBinding([.character("v"), .escape], "v", .switchView, "switch to the peer view", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "previous inbox", hint: true),
        KeyBinding([.character("j"), .down], "j/↓", .next, "next inbox", hint: true),
        KeyBinding([.character("y")], "y", .copy, "copy the join command", hint: true),
        KeyBinding([.character("d")], "d", .sequenceDiagram, "sequence diagram on/off", hint: true),
        KeyBinding([.character("s")], "s", .toggleStepMode, "step mode on or off", hint: true),
        KeyBinding([.character(" ")], "space", .releaseOldest, "release the oldest held", hint: true),
        KeyBinding([.character("A")], "A", .releaseAll, "release all held", hint: true),
        KeyBinding([.character("h")], "h", .holdInbox, "hold or free the inbox", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "diagram: scroll back"),
        KeyBinding([.pageDown], "pgdn", .pageDown, "diagram: scroll on"),
    ]

    /// The keys of the inspector.
    public static let inspecting: [KeyBinding] = [
        KeyBinding([.escape, .character("q"), .enter], "esc", .close, "close the inspector", hint: true),
        KeyBinding([.character("k"), .up], "k/↑", .previous, "scroll up", hint: true),
        KeyBinding([.character("j"), .down], "j/↓", .next, "scroll down", hint: true),
        KeyBinding([.pageUp], "pgup", .pageUp, "scroll a page up"),
        KeyBinding([.pageDown, .character(" ")], "pgdn", .pageDown, "scroll a page down"),
        KeyBinding([.character("y")], "y", .copy, "copy (OSC 52)", hint: true),
        KeyBinding([.character("s")], "s", .save, "save to a file", hint: true),
    ]

    /// The keys of the composer; other keys type text.
    public static let composing: [KeyBinding] = [
        KeyBinding([.enter], "⏎", .compose, "send the message", hint: true),
        KeyBinding([.escape], "esc", .close, "cancel", hint: true),
        KeyBinding([.control("e")], "^E", .composeInEditor, "continue in $EDITOR", hint: true),
    ]

    static func action(for key: Key, in table: [KeyBinding]) -> Action? {
        table.first { $0.keys.contains(key) }?.action
    }
}
