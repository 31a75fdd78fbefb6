import Foundation
import SignalboxUI
import Testing

/// The composer edits like a shell's line editor, takes new lines, and keeps its draft on Esc.
@Suite struct ComposerTests {
    let start = Date(timeIntervalSince1970: 1_764_079_200)

    func composingTo(_ peers: String...) -> AppState {
        var state = AppState(identity: "alice", server: "http://s", now: start, width: 80, height: 24,
                             timeZone: TimeZone(identifier: "UTC")!)
        for peer in peers { _ = update(&state, .received(sender: peer, body: Array("hi".utf8), contentType: nil, at: start)) }
        _ = update(&state, .input(.key(.character("c"))))
        return state
    }

    func press(_ keys: Key..., into state: inout AppState) -> [Effect] {
        keys.flatMap { update(&state, .input(.key($0))) }
    }

    func type(_ text: String, into state: inout AppState) {
        for character in text { _ = update(&state, .input(.key(.character(character)))) }
    }

    @Test func theDraftEditsAroundItsCursor() {
        var draft = Draft(text: "hello world")
        draft.apply(.left)
        draft.apply(.left)
        draft.apply(.insert("X"))
        #expect(draft.text == "hello worXld" && draft.cursor == 10)
        draft.apply(.lineStart)
        draft.apply(.deleteForward)
        #expect(draft.text == "ello worXld" && draft.cursor == 0)
        draft.apply(.lineEnd)
        draft.apply(.deleteWord)
        #expect(draft.text == "ello " && draft.cursor == 5)
        draft.apply(.deleteWord)
        #expect(draft.text == "" && draft.cursor == 0)
        draft.apply(.deleteBackward)
        draft.apply(.left)
        #expect(draft.text == "" && draft.cursor == 0)
    }

    @Test func lineKeysWorkOnTheCursorsLineOnly() {
        var draft = Draft(text: "first line\nsecond line")
        draft.apply(.lineStart)
        #expect(draft.cursor == 11)
        draft.apply(.left)
        draft.apply(.lineStart)
        #expect(draft.cursor == 0)
        draft.apply(.lineEnd)
        #expect(draft.cursor == 10)
        draft = Draft(text: "first line\nsecond line")
        draft.apply(.deleteToLineStart)
        #expect(draft.text == "first line\n")
    }

    @Test func keysMoveTheCursorAndTypingGoesWhereItIs() {
        var state = composingTo("bob")
        type("helo", into: &state)
        _ = press(.left, .character("l"), .home, .character(">"), .control("e"), .character("!"), into: &state)
        #expect(state.mode == .composing(text: ">hello!"))
        _ = press(.control("a"), .right, .delete, into: &state)
        #expect(state.mode == .composing(text: ">ello!"))
        _ = press(.end, into: &state)
        type(" world", into: &state)
        _ = press(.control("w"), into: &state)
        #expect(state.mode == .composing(text: ">ello! "))
        type("a b", into: &state)
        _ = press(.control("u"), into: &state)
        #expect(state.mode == .composing(text: ""))
    }

    @Test func altEnterAndCtrlJStartANewLineThatIsSent() {
        var state = composingTo("bob")
        type("line 1", into: &state)
        _ = press(.altEnter, into: &state)
        type("line 2", into: &state)
        _ = press(.control("j"), into: &state)
        type("3", into: &state)
        let effects = press(.enter, into: &state)
        #expect(effects == [.send(id: 2, to: "bob", body: Array("line 1\nline 2\n3".utf8), contentType: "text/plain; charset=utf-8")])
    }

    @Test func aPasteGoesInAtTheCursor() {
        var state = composingTo("bob")
        type("ac", into: &state)
        _ = press(.left, into: &state)
        _ = update(&state, .input(.paste("b\nb")))
        _ = press(.character("!"), into: &state)
        #expect(state.mode == .composing(text: "ab\nb!c"))
    }

    @Test func escapeKeepsTheDraftForTheNextComposeToTheSamePeer() {
        var state = composingTo("bob", "carol")
        #expect(state.target?.name == "bob")
        type("half an offer", into: &state)
        _ = press(.left, .left, .escape, into: &state)
        #expect(state.mode == .browsing)
        #expect(state.notice == "draft kept: c brings it back")
        // Another peer starts afresh; the draft waits for bob.
        _ = press(.tab, .character("c"), into: &state)
        #expect(state.mode == .composing(text: ""))
        _ = press(.escape, .backTab, .character("c"), into: &state)
        #expect(state.mode == .composing(text: "half an offer"))
        type("X", into: &state)
        #expect(state.mode == .composing(text: "half an offXer"))  // the cursor came back too
        _ = press(.enter, into: &state)
        _ = press(.character("c"), into: &state)
        #expect(state.mode == .composing(text: ""))  // sent: nothing kept
    }

    @Test func theCursorIsDrawnWhereItIs() {
        var state = composingTo("bob")
        type("one", into: &state)
        _ = press(.altEnter, into: &state)
        type("two", into: &state)
        _ = press(.left, .left, into: &state)
        let line = render(state).lines[22]
        #expect(line.hasPrefix("to bob › one↵t▏wo"), "\(line)")
    }
}
