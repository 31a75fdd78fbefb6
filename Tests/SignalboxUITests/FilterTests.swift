import Foundation
import SignalboxUI
import Testing

/// `/` narrows the message list and the host's inboxes; `f` follows one conversation.
@Suite struct FilterTests {
    let start = Date(timeIntervalSince1970: 1_764_079_200)

    func conversation() -> AppState {
        var state = AppState(identity: "alice", server: "http://s", now: start, width: 80, height: 24,
                             timeZone: TimeZone(identifier: "UTC")!)
        let messages: [(String, String)] = [
            ("bob", #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#),
            ("carol", "hello from carol"),
            ("bob", #"{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host"}"#),
            ("carol", "carol again"),
        ]
        for (index, (sender, body)) in messages.enumerated() {
            _ = update(&state, .received(sender: sender, body: Array(body.utf8), contentType: nil,
                                         at: start.addingTimeInterval(Double(index))))
        }
        return state
    }

    func press(_ keys: Key..., into state: inout AppState) {
        for key in keys { _ = update(&state, .input(.key(key))) }
    }

    func type(_ text: String, into state: inout AppState) {
        for character in text { _ = update(&state, .input(.key(.character(character)))) }
    }

    func screen(_ state: AppState) -> String { render(state).lines.joined(separator: "\n") }

    @Test func theFilterMatchesSenderTypeAndTextAsItIsTyped() {
        var state = conversation()
        press(.character("/"), into: &state)
        type("carol", into: &state)
        #expect(Filter.visibleEntries(in: state) == [1, 3])
        #expect(screen(state).contains("filter messages › carol"))
        press(.enter, into: &state)
        #expect(state.mode == .browsing)
        #expect(screen(state).contains("Messages  2/2  / carol"))
        #expect(!screen(state).contains("OFFER"))
        press(.character("/"), into: &state)
        press(.control("u"), into: &state)
        type("CANDIDATE", into: &state)  // a type, in any case
        #expect(Filter.visibleEntries(in: state) == [2])
        press(.enter, into: &state)
        press(.character("/"), .control("u"), into: &state)
        type("again", into: &state)  // text
        #expect(Filter.visibleEntries(in: state) == [3])
        press(.escape, into: &state)  // Esc in the prompt clears it
        #expect(state.filter.isEmpty)
        #expect(screen(state).contains("OFFER"))
    }

    @Test func escapeClearsAFilterAndNavigationStaysInsideIt() {
        var state = conversation()
        press(.character("/"), into: &state)
        type("bob", into: &state)
        press(.enter, .character("k"), into: &state)
        #expect(state.selectedEntry == 0)  // carol's message between is skipped
        press(.character("k"), .character("j"), into: &state)
        #expect(state.selectedEntry == nil)  // back on the newest shown
        #expect(state.currentEntry?.peer == "bob")
        press(.escape, into: &state)
        #expect(state.filter.isEmpty && Filter.visibleEntries(in: state).count == 4)
        #expect(!screen(state).contains("/ bob"))
    }

    @Test func nothingMatchingSaysSo() {
        var state = conversation()
        press(.character("/"), into: &state)
        type("zzz", into: &state)
        #expect(screen(state).contains("no message matches: esc shows all"))
    }

    @Test func followingAPeerShowsOnlyTheirsAndCountsWhatIsNew() {
        var state = conversation()
        #expect(state.target?.name == "bob")
        press(.character("f"), into: &state)
        #expect(Filter.visibleEntries(in: state) == [0, 2])
        #expect(screen(state).contains("Messages  2/2  only bob"))
        press(.character("k"), into: &state)
        #expect(state.selectedEntry == 0)
        for index in 0..<3 {
            _ = update(&state, .received(sender: index == 1 ? "carol" : "bob", body: Array("more \(index)".utf8),
                                         contentType: nil, at: start.addingTimeInterval(10)))
        }
        // bob's candidate was seen while following; two of the three new ones are bob's.
        #expect(screen(state).contains("↓ 2 new (G)"))
        press(.character("G"), into: &state)
        #expect(!screen(state).contains("new (G)"))
        press(.character("f"), into: &state)
        #expect(Filter.visibleEntries(in: state).count == 7)
    }

    @Test func theHostViewFiltersItsInboxes() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        press(.character("/"), into: &state)
        type("名前", into: &state)
        press(.enter, into: &state)
        #expect(state.host?.listed == ["名前🦊"])
        #expect(state.host?.selectedInbox == "名前🦊")
        let text = screen(state)
        #expect(text.contains("/ 名前 (esc clears)"))
        #expect(!render(state).lines.contains { $0.hasPrefix(" alice ") })
        press(.character("/"), .control("u"), into: &state)
        type("offer", into: &state)  // what waits in an inbox counts too
        #expect(state.host?.listed == ["alice"])
        press(.enter, .escape, into: &state)
        #expect(state.host?.filter == "" && state.view == .host)
        press(.escape, into: &state)
        #expect(state.view == .peer)  // with no filter, Esc switches views as before
    }
}
