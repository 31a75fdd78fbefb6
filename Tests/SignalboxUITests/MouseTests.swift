import Foundation
import SignalboxUI
import Testing

/// Clicks and the wheel act on what the renderer drew where they land.
@Suite struct MouseTests {
    let start = Date(timeIntervalSince1970: 1_764_079_200)

    func withMessages(_ count: Int, width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(identity: "alice", server: "http://s", now: start, width: width, height: height,
                             timeZone: TimeZone(identifier: "UTC")!)
        for index in 1...count {
            let sender = index % 2 == 0 ? "carol" : "bob"
            _ = update(&state, .received(sender: sender, body: Array("message \(index)".utf8), contentType: nil,
                                         at: start.addingTimeInterval(Double(index))))
        }
        return state
    }

    func click(_ x: Int, _ y: Int, in state: inout AppState) -> [Effect] {
        update(&state, .input(.mouse(MouseEvent(.press(.left), x: x, y: y))))
    }

    func wheel(_ kind: MouseEvent.Kind, _ x: Int, _ y: Int, in state: inout AppState) {
        _ = update(&state, .input(.mouse(MouseEvent(kind, x: x, y: y))))
    }

    /// The row on which `text` is drawn.
    func row(of text: String, in state: AppState) -> Int? {
        render(state).lines.firstIndex { $0.contains(text) }
    }

    @Test func aClickSelectsAMessageAndASecondOpensIt() throws {
        var state = withMessages(5)
        let y = try #require(row(of: "message 2", in: state))
        #expect(click(40, y, in: &state) == [])
        #expect(state.selectedEntry == 1)
        _ = click(40, y, in: &state)
        #expect(state.mode == .inspecting(offset: 0))
    }

    @Test func aClickSelectsAPeer() throws {
        var state = withMessages(2)
        #expect(state.target?.name == "bob")
        let y = try #require(render(state).lines.firstIndex { $0.hasPrefix("  carol") })
        _ = click(3, y, in: &state)
        #expect(state.target?.name == "carol")
    }

    @Test func aClickOnAFooterHintRunsIt() throws {
        var state = withMessages(2)
        let footer = render(state).lines[23]
        let x = try #require(footer.range(of: "? help").map { footer.distance(from: footer.startIndex, to: $0.lowerBound) })
        _ = click(x + 2, 23, in: &state)
        #expect(state.mode == .help)
        _ = click(10, 10, in: &state)  // like any key, a click closes the help
        #expect(state.mode == .browsing)
    }

    @Test func theWheelScrollsTheListUnderIt() throws {
        var state = withMessages(20)
        let y = try #require(row(of: "message 20", in: state))
        wheel(.wheelUp, 40, y, in: &state)
        #expect(state.selectedEntry == 16)  // three lines up from the newest
        wheel(.wheelDown, 40, y, in: &state)
        #expect(state.selectedEntry == nil)  // back to following the newest
        wheel(.wheelUp, 40, 0, in: &state)  // outside the list nothing moves
        #expect(state.selectedEntry == nil)
    }

    @Test func inTheHostViewAClickSelectsAnInboxAndTheWheelScrollsTheLog() throws {
        var state = HostLogTests.hostingWithLog(lines: 30)
        let bob = try #require(render(state).lines.firstIndex { $0.hasPrefix(" bob ") })
        _ = click(5, bob, in: &state)
        #expect(state.host?.selectedInbox == 1)
        let log = try #require(row(of: "event 30", in: state))
        wheel(.wheelUp, 5, log, in: &state)
        #expect(state.host?.logScroll == 3)
        #expect(row(of: "event 30", in: state) == nil)
        _ = click(5, log, in: &state)
        #expect(state.host?.logFocused == true)
    }

    @Test func theWheelScrollsTheInspector() {
        var state = withMessages(1)
        let entry = state.log[0]
        state.log[0] = LogEntry(id: entry.id, time: entry.time, peer: entry.peer, direction: entry.direction,
                                body: Array((1...60).map { "line \($0)" }.joined(separator: "\n").utf8), contentType: entry.contentType)
        _ = update(&state, .input(.key(.enter)))
        wheel(.wheelDown, 10, 10, in: &state)
        #expect(state.mode == .inspecting(offset: 3))
    }
}
