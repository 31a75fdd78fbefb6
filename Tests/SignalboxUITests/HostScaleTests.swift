import Foundation
import SignalboxUI
import Testing

/// The host view over many inboxes: bursts fold in as one update, the selection is a name,
/// filtering and moving work on the whole set, and a frame draws only the rows on screen.
@Suite struct HostScaleTests {
    func press(_ keys: Key..., into state: inout AppState) {
        for key in keys { _ = update(&state, .input(.key(key))) }
    }

    func hosting(_ owners: [String], width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(identity: "host", server: "http://127.0.0.1:3000", now: HostViewTests.start,
                             width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
        state.host = HostState(join: JoinInfo(urls: ["http://127.0.0.1:3000"], hint: [], settings: []))
        state.view = .host
        _ = update(&state, .hostBatch(HostBatch(changes: owners.map { .opened(owner: $0) })))
        return state
    }

    func inbox(_ owner: String) -> HostInbox {
        HostInbox(owner: owner, messages: [], capacity: 100, expiresAt: HostViewTests.start.addingTimeInterval(30),
                  inboxTimeout: .seconds(60))
    }

    @Test func aBurstOfTwentyThousandInboxesIsOneUpdateInTheStoresOrder() {
        let owners = (0..<20_000).map { "peer-\($0)" }
        var state = hosting(["zoe", "amy"])
        _ = update(&state, .hostBatch(HostBatch(changes: owners.shuffled().map { .opened(owner: $0) })))
        let host = state.host!
        #expect(host.directory.count == 20_002)
        #expect(host.listed == (owners + ["zoe", "amy"]).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(host.selectedInbox == "amy")  // the first selection stays where it was
    }

    @Test func inboxesThatComeAndGoWithinABatchAreListedOnceOrNotAtAll() {
        var state = hosting(["bob"])
        _ = update(&state, .hostBatch(HostBatch(changes: [
            .opened(owner: "carol"), .closed(owner: "carol"),
            .closed(owner: "bob"), .opened(owner: "bob"),
            .opened(owner: "dave"), .closed(owner: "dave"), .opened(owner: "dave"),
        ])))
        #expect(state.host?.listed == ["bob", "dave"])
    }

    @Test func theSelectionIsANameThatStaysOnItsInboxAsOthersComeAndGo() {
        var state = hosting(["bob", "carol", "erin"])
        press(.down, into: &state)
        #expect(state.host?.selectedInbox == "carol")
        _ = update(&state, .hostBatch(HostBatch(changes: [.opened(owner: "alice"), .opened(owner: "cat"), .closed(owner: "bob")])))
        #expect(state.host?.selectedInbox == "carol")
        #expect(state.host?.listed == ["alice", "carol", "cat", "erin"])
        // When the selected inbox goes, the selection moves to the one after it.
        _ = update(&state, .hostBatch(HostBatch(changes: [.closed(owner: "carol")])))
        #expect(state.host?.selectedInbox == "cat")
        press(.up, into: &state)
        #expect(state.host?.selectedInbox == "alice")
        _ = update(&state, .hostBatch(HostBatch(changes: ["alice", "cat", "erin"].map { .closed(owner: $0) })))
        #expect(state.host?.selectedInbox == nil)
    }

    @Test func theFilterAndTheKeysWorkOnTheWholeSetNotOnTheScreen() {
        var state = hosting((0..<50_000).map { "peer-\($0)" })
        press(.character("/"), into: &state)
        for character in "peer-4999" { press(.character(character), into: &state) }
        press(.enter, into: &state)
        // peer-4999 and peer-49990 ... peer-49999, in the store's order.
        #expect(state.host?.listed.count == 11)
        #expect(state.host?.selectedInbox == "peer-4999")
        for _ in 0..<20 { press(.down, into: &state) }
        #expect(state.host?.selectedInbox == "peer-49999")
        // What waits in an inbox matches too.
        _ = update(&state, .hostBatch(HostBatch(changes: [
            .queued(owner: "peer-0", PendingMessage(id: 1, sender: "peer-49990x", kind: .offer, size: 10)),
        ])))
        #expect(state.host?.listed.first == "peer-0")
        _ = update(&state, .hostBatch(HostBatch(changes: [.left(owner: "peer-0", id: 1)])))
        #expect(state.host?.listed.first == "peer-4999")
    }

    @Test func aFrameDrawsAndAsksForOnlyTheRowsOnScreen() {
        var state = hosting((0..<100_000).map { String(format: "peer-%06d", $0) }, width: 80, height: 24)
        for _ in 0..<500 { press(.down, into: &state) }
        let grid = render(state)
        let owners = hostPageOwners(state, shown: grid)
        #expect(owners.first == "peer-000500")
        #expect(owners.count < 24)
        #expect(owners == (500..<(500 + owners.count)).map { String(format: "peer-%06d", $0) })
        // Rows whose page has not come yet show their owner, and then the store's countdowns.
        #expect(grid.lines.contains { $0.hasPrefix(" peer-000501") && $0.contains("…") })
        var totals = HostTotals()
        totals.inboxes = 100_000
        _ = update(&state, .hostPage(inboxes: owners.map(inbox), totals: totals))
        let text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("100000 inboxes"))
        #expect(text.contains("idle, expires in 30 s"))
        #expect(state.host?.page.count == owners.count)  // the page, not the store
    }

    @Test func theListEndsWithItsLastRowsOnTheScreensLastLine() {
        var state = hosting((0..<100).map { String(format: "peer-%03d", $0) }, width: 80, height: 24)
        for _ in 0..<200 { press(.down, into: &state) }
        #expect(state.host?.selectedInbox == "peer-099")
        let owners = hostPageOwners(state, shown: render(state))
        #expect(owners.last == "peer-099")
        #expect(owners.count > 1)  // the rows before it fill the list, as before
    }

    @Test func aPageConfirmsItsInboxesAndAClickSelectsByName() {
        var state = hosting([])
        _ = update(&state, .hostPage(inboxes: [inbox("bob"), inbox("alice")], totals: HostTotals()))
        #expect(state.host?.listed == ["alice", "bob"])
        let grid = render(state)
        let row = grid.regions.first { $0.target == .inbox("bob") }!
        _ = update(&state, .input(.mouse(MouseEvent(.press(.left), x: row.x + 2, y: row.y))))
        #expect(state.host?.selectedInbox == "bob")
    }
}
