import Foundation
import SignalboxUI
import Testing

/// `q` asks before stopping a server that others use.
@Suite struct HostQuitTests {
    func press(_ keys: Key..., into state: inout AppState) -> [Effect] {
        keys.flatMap { update(&state, .input(.key($0))) }
    }

    @Test func quittingAServerOthersUseAsksFirst() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        #expect(press(.character("q"), into: &state) == [])
        #expect(state.notice?.hasPrefix("stop the server? 3 others use it (alice, bob, 名前🦊)") == true)
        #expect(render(state).lines.contains { $0.contains("stop the server?") })
        #expect(render(state).lines[23].hasPrefix(" q/y stop  any key go on"))
        #expect(press(.character("x"), into: &state) == [])  // anything else goes on
        #expect(state.notice == "still serving")
        #expect(press(.character("q"), .character("q"), into: &state) == [.quit])
        _ = press(.character("v"), .character("q"), into: &state)  // the peer view asks too
        #expect(press(.character("y"), into: &state) == [.quit])
        // The footer's hints can be clicked too: quit, then its answer (a click ends in a release).
        #expect(update(&state, .input(.mouse(MouseEvent(.press(.left), x: 2, y: 23)))) == [])
        _ = update(&state, .input(.mouse(MouseEvent(.release(.left), x: 2, y: 23))))
        #expect(state.confirmingQuit)
        #expect(update(&state, .input(.mouse(MouseEvent(.press(.left), x: 2, y: 23)))) == [.quit])
    }

    @Test func quittingAServerOnlyWeUseQuitsAtOnce() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = update(&state, .hostBatch(HostBatch(changes: state.host!.directory.owners.map { .closed(owner: $0) })))
        _ = update(&state, .hostPage(inboxes: [
            HostInbox(owner: state.identity, messages: [], capacity: 100, expiresAt: nil, inboxTimeout: .seconds(60)),
        ], totals: HostTotals()))
        #expect(press(.character("q"), into: &state) == [.quit])
    }

    @Test func aPeerOfAnotherServerQuitsAtOnce() {
        var state = AppState(identity: "alice", server: "http://s", now: HostViewTests.start, width: 80, height: 24)
        #expect(press(.character("q"), into: &state) == [.quit])
    }
}
