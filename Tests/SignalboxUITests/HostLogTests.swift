import Foundation
import SignalboxUI
import Testing

/// The host's event log can be focused, scrolled and paged, and says which lines it shows.
@Suite struct HostLogTests {
    static func hostingWithLog(lines: Int, width: Int = 80, height: Int = 24) -> AppState {
        var state = HostViewTests.hosting(width: width, height: height)
        state.host?.log = []
        for line in 1...lines {
            _ = update(&state, .hostBatch(HostBatch(log: [HostLogLine(time: HostViewTests.start, text: "event \(line)")])))
        }
        return state
    }

    func press(_ keys: Key..., into state: inout AppState) {
        for key in keys { _ = update(&state, .input(.key(key))) }
    }

    func shownEvents(_ state: AppState) -> [Int] {
        render(state).lines.compactMap { line in
            line.range(of: "event ").flatMap { Int(line[$0.upperBound...].prefix { $0.isNumber }) }
        }
    }

    @Test func theLogFollowsTheNewestAndSaysWhereItIs() {
        let state = Self.hostingWithLog(lines: 40)
        let shown = shownEvents(state)
        #expect(shown.last == 40)
        #expect(render(state).lines.contains { $0.contains(" log \(41 - shown.count)-40/40 ") })
    }

    @Test func focusedTheLogScrollsByLineAndPageToItsEnds() {
        var state = Self.hostingWithLog(lines: 40)
        let rowsBefore = shownEvents(state).count
        press(.character("l"), into: &state)
        #expect(state.host?.logFocused == true)
        let rows = shownEvents(state).count
        #expect(rows > rowsBefore)  // focused, the log takes more room
        press(.character("k"), .up, into: &state)
        #expect(shownEvents(state).last == 38)
        press(.pageUp, into: &state)
        #expect(shownEvents(state).last == 38 - rows)
        #expect(render(state).lines.contains { $0.contains("↓ \(2 + rows) newer") })
        press(.home, into: &state)
        #expect(shownEvents(state).first == 1)
        press(.character("k"), into: &state)
        #expect(shownEvents(state).first == 1)  // the oldest stays the oldest
        press(.pageDown, .character("j"), into: &state)
        #expect(shownEvents(state).first == 2 + rows)
        press(.end, into: &state)
        #expect(shownEvents(state).last == 40)
        // Keys go back to the inboxes.
        press(.escape, into: &state)
        #expect(state.host?.logFocused == false)
        press(.character("j"), into: &state)
        #expect(state.host?.selectedInbox == "bob")
    }

    @Test func scrolledBackTheLogStaysStillAsLinesArrive() {
        var state = Self.hostingWithLog(lines: 40)
        press(.tab, .pageUp, into: &state)
        let shown = shownEvents(state)
        _ = update(&state, .hostBatch(HostBatch(log: [HostLogLine(time: HostViewTests.start, text: "event 41")])))
        #expect(shownEvents(state) == shown)
    }

    @Test func theFocusedLogAt80x24() throws {
        var state = Self.hostingWithLog(lines: 40)
        press(.character("l"), .character("k"), into: &state)
        try expectSnapshot(render(state), named: "host-log-focused-80x24")
    }

    @Test func theHelpListsTheLogsKeys() {
        var state = Self.hostingWithLog(lines: 3, width: 120, height: 60)
        press(.character("?"), into: &state)
        let help = render(state).lines.joined(separator: "\n")
        #expect(help.contains("Host log"))
        #expect(help.contains("a page older"))
    }
}
