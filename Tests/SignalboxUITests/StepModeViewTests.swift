import Foundation
import SignalboxUI
import Testing

/// Step mode and holding in the host view: the keys ask the mailbox, the screen shows what
/// is held.
@Suite struct StepModeViewTests {
    static let start = HostViewTests.start

    func press(_ key: Key, into state: inout AppState) -> [Effect] {
        update(&state, .input(.key(key)))
    }

    /// The host view in step mode: bob's offer delivered before it, his candidate held for
    /// alice while her long poll waits, and carol's inbox held by the presenter.
    static func stepping(width: Int = 80, height: Int = 24) -> AppState {
        var state = HostViewTests.hosting(width: width, height: height)
        var totals = state.host!.totals
        totals.stepMode = true
        totals.heldMessages = 1
        let inboxes = [
            HostInbox(owner: "alice", messages: [
                HostMessage(sender: "bob", size: 64, kind: .candidate, expiresAt: nil, isHeld: true),
            ], capacity: 100, expiresAt: nil, inboxTimeout: .seconds(60), hasWaitingPoll: true),
            HostInbox(owner: "bob", messages: [], capacity: 100, expiresAt: start.addingTimeInterval(40), inboxTimeout: .seconds(60)),
            HostInbox(owner: "carol", messages: [
                HostMessage(sender: "bob", size: 226, kind: .offer, expiresAt: start.addingTimeInterval(30)),
            ], capacity: 100, expiresAt: nil, inboxTimeout: .seconds(60), hasWaitingPoll: false, isHeld: true),
        ]
        _ = update(&state, .hostBatch(HostBatch(changes: [.closed(owner: "名前🦊")])))
        _ = update(&state, .hostPage(inboxes: inboxes, totals: totals))
        return state
    }

    @Test func stepModeAt80x24() throws {
        try expectSnapshot(render(Self.stepping()), named: "host-step-80x24")
    }

    @Test func heldMessagesAndInboxesShowAsHeld() {
        let text = render(Self.stepping()).lines.joined(separator: "\n")
        #expect(text.contains("STEP MODE · 1 held · space releases"))
        #expect(text.contains("⏸ 1 held"))
        #expect(text.contains("⟳ long poll waiting"))
        #expect(text.contains("⏸ held: no GET sees it"))
        #expect(text.contains("⏸ deliveries held"))
        #expect(text.contains("idle timer paused"))
        #expect(text.contains("expires in 30 s"))  // a held inbox's messages still age
    }

    @Test func sSwitchesStepModeOnAndOff() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        #expect(press(.character("s"), into: &state) == [.host(.setStepMode(true))])
        #expect(render(state).lines[0].contains("STEP MODE"))
        #expect(press(.character("s"), into: &state) == [.host(.setStepMode(false))])
        #expect(!render(state).lines[0].contains("STEP MODE"))
    }

    @Test func spaceReleasesTheOldestAndAReleasesAll() {
        var state = Self.stepping()
        #expect(press(.character(" "), into: &state) == [.host(.releaseOldest)])
        #expect(press(.character("A"), into: &state) == [.host(.releaseAll)])
    }

    @Test func hHoldsAndLetsThroughTheSelectedInbox() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = press(.down, into: &state)  // bob
        #expect(press(.character("h"), into: &state) == [.host(.setHold(owner: "bob", held: true))])
        #expect(render(state).lines.joined().contains("⏸ deliveries held"))
        #expect(press(.character("h"), into: &state) == [.host(.setHold(owner: "bob", held: false))])
    }

    @Test func hWithNoInboxSaysSo() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = update(&state, .hostBatch(HostBatch(changes: state.host!.directory.owners.map { .closed(owner: $0) })))
        #expect(press(.character("h"), into: &state).isEmpty)
        #expect(state.notice?.contains("no inbox") == true)
    }

    @Test func theKeysComeFromTheHostTableAndItsHelp() {
        let actions: [Action] = [.toggleStepMode, .releaseOldest, .releaseAll, .holdInbox]
        for action in actions {
            #expect(KeyTable.hosting.contains { $0.action == action })
        }
        var state = Self.stepping()
        _ = press(.character("?"), into: &state)
        let help = render(state).lines.joined(separator: "\n")
        for binding in KeyTable.hosting {
            #expect(help.contains(binding.summary), "help lacks \(binding.summary)")
        }
    }
}
