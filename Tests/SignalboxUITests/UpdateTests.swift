import Foundation
import SignalboxUI
import Testing

/// Keys and results in, state and effects out.
@Suite struct UpdateTests {
    let start = Date(timeIntervalSince1970: 1_764_079_200)

    func fresh() -> AppState {
        AppState(identity: "alice", server: "http://s", now: start, width: 80, height: 24, timeZone: TimeZone(identifier: "UTC")!)
    }

    func press(_ keys: Key..., into state: inout AppState) -> [Effect] {
        keys.flatMap { update(&state, .input(.key($0))) }
    }

    func type(_ text: String, into state: inout AppState) {
        for character in text { _ = update(&state, .input(.key(.character(character)))) }
    }

    @Test func aNewPeerCanBeAddedAndWrittenTo() {
        var state = fresh()
        #expect(press(.character("c"), into: &state).isEmpty)
        #expect(state.notice?.contains("press n") == true)
        _ = press(.character("n"), into: &state)
        type("bob", into: &state)
        _ = press(.enter, into: &state)
        #expect(state.target?.name == "bob")
        _ = press(.character("c"), into: &state)
        type("hello", into: &state)
        _ = press(.backspace, into: &state)
        let effects = press(.enter, into: &state)
        #expect(effects == [.send(id: 1, to: "bob", body: Array("hell".utf8), contentType: "text/plain; charset=utf-8")])
        #expect(state.log.last?.direction == .sent(.sending))
        _ = update(&state, .sendFinished(id: 1, at: start, error: nil))
        #expect(state.log.last?.direction == .sent(.queued))
        #expect(state.mode == .browsing)
    }

    @Test func aFailedSendIsMarkedAndExplained() {
        var state = fresh()
        _ = update(&state, .received(sender: "bob", body: Array("hi".utf8), contentType: nil, at: start))
        _ = press(.character("c"), into: &state)
        type("x", into: &state)
        _ = press(.enter, into: &state)
        _ = update(&state, .sendFinished(id: 2, at: start, error: "bob's inbox is full"))
        #expect(state.log.last?.direction == .sent(.failed("bob's inbox is full")))
        #expect(state.notice == "not sent to bob: bob's inbox is full")
    }

    @Test func templatesFillTheComposerWithJSONThatSendsAsJSON() throws {
        var state = fresh()
        _ = update(&state, .received(sender: "bob", body: Array("hi".utf8), contentType: nil, at: start))
        _ = press(.character("o"), into: &state)
        guard case .composing(let text) = state.mode else {
            Issue.record("the offer template did not open the composer")
            return
        }
        #expect(MessageKind(body: Array(text.utf8), contentType: nil) == .offer)
        let effects = press(.enter, into: &state)
        guard case .send(_, "bob", _, "application/json") = effects.first else {
            Issue.record("unexpected \(effects)")
            return
        }
        _ = press(.character("a"), into: &state)
        guard case .composing(let answer) = state.mode else { return }
        #expect(MessageKind(body: Array(answer.utf8), contentType: nil) == .answer)
        _ = press(.escape, .character("d"), into: &state)
        guard case .composing(let candidate) = state.mode else { return }
        #expect(MessageKind(body: Array(candidate.utf8), contentType: nil) == .candidate)
    }

    @Test func aPasteArrivesWholeInTheComposer() {
        var state = fresh()
        _ = update(&state, .received(sender: "bob", body: Array("hi".utf8), contentType: nil, at: start))
        let sdp = String(repeating: "a=candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host\r\n", count: 100)
        _ = update(&state, .input(.paste(sdp)))
        #expect(state.mode == .composing(text: sdp))
        let effects = press(.enter, into: &state)
        #expect(effects.count == 1)
        if case .send(_, _, let body, _) = effects.first { #expect(body.count == sdp.utf8.count) }
    }

    @Test func theEditorContinuesAndReturnsToTheComposer() {
        var state = fresh()
        _ = update(&state, .received(sender: "bob", body: Array("hi".utf8), contentType: nil, at: start))
        #expect(press(.character("e"), into: &state) == [.openEditor("")])
        _ = update(&state, .editorFinished("long body\nline 2"))
        #expect(state.mode == .composing(text: "long body\nline 2"))
        #expect(press(.control("o"), into: &state) == [.openEditor("long body\nline 2")])
    }

    @Test func copyAndSaveActOnTheSelectedMessage() {
        var state = fresh()
        _ = update(&state, .received(sender: "bob", body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8), contentType: nil, at: start))
        _ = update(&state, .received(sender: "bob", body: [0xFF, 0x01], contentType: nil, at: start))
        #expect(press(.character("y"), into: &state) == [.copy("/wE=")])
        _ = press(.character("k"), into: &state)
        #expect(press(.character("y"), into: &state) == [.copy(#"{"type":"offer","sdp":"v=0"}"#)])
        _ = press(.character("s"), into: &state)
        #expect(state.mode == .prompting(.savePath, text: "message-1.json"))
        #expect(press(.enter, into: &state) == [.save(path: "message-1.json", body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8))])
        _ = update(&state, .saveFinished(path: "message-1.json", error: nil))
        #expect(state.notice == "saved to message-1.json")
    }

    @Test func quitKeysAskToQuit() {
        var state = fresh()
        #expect(press(.character("q"), into: &state) == [.quit])
        #expect(press(.control("c"), into: &state) == [.quit])
        _ = press(.character("?"), into: &state)
        #expect(press(.character("q"), into: &state).isEmpty)  // q closes the help first
    }

    @Test func receivingAddsThePeerAndSelectsTheFirst() {
        var state = fresh()
        _ = update(&state, .received(sender: "bob", body: [1], contentType: nil, at: start))
        _ = update(&state, .received(sender: "carol", body: [1], contentType: nil, at: start))
        #expect(state.peers.map(\.name) == ["bob", "carol"])
        #expect(state.target?.name == "bob")
        _ = press(.tab, into: &state)
        #expect(state.target?.name == "carol")
        _ = press(.character("k"), .character("r"), into: &state)
        #expect(state.target?.name == "bob")
    }

    @Test(arguments: [
        (#"{"type":"offer","sdp":"v=0"}"#, MessageKind.offer),
        (#"{"type":"answer","sdp":"v=0"}"#, .answer),
        (#"{"sdp":{"type":"answer","sdp":"v=0"}}"#, .answer),
        (#"{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"0"}"#, .candidate),
        (#"{"ice":{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host"}}"#, .candidate),
        (#"{"type":"bye"}"#, .bye),
        ("v=0\r\na=setup:actpass\r\n", .offer),
        ("v=0\r\na=setup:active\r\n", .answer),
        ("v=0\r\na=setup:passive\r\n", .answer),
        // Nothing says which role this SDP plays: calling it an answer would be a guess.
        ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", .sdp),
        (#"{"sdp":"v=0\r\na=setup:actpass\r\n"}"#, .offer),
        ("candidate:1 1 udp 1 1.2.3.4 5 typ host", .candidate),
        ("hello", .text),
        (#"{"hello":1}"#, .text),
    ])
    func messagesAreRecognised(body: String, kind: MessageKind) {
        #expect(MessageKind(body: Array(body.utf8), contentType: nil) == kind)
    }
}
