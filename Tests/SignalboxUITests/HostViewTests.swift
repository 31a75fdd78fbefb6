import Foundation
import SignalboxUI
import Testing

/// The host view at known instants, as golden text.
@Suite struct HostViewTests {
    static let start = Date(timeIntervalSince1970: 1_764_079_200)  // 14:00:00 UTC

    static func hosting(width: Int, height: Int) -> AppState {
        var state = AppState(identity: "peer-x7k2", server: "http://127.0.0.1:3000", now: start, width: width, height: height,
                             timeZone: TimeZone(identifier: "UTC")!)
        state.host = HostState(join: JoinInfo(
            urls: ["http://192.168.1.20:3000", "http://10.0.0.5:3000"], hint: [],
            settings: ["inbox 60 s", "message 60 s", "capacity 100", "body 65.5 KB", "long poll 25 s"]))
        state.view = .host
        var totals = HostTotals()
        totals.inboxes = 3
        totals.messages = 2
        totals.bytes = 290
        totals.requestsPerSecond = 4.5
        totals.deliveries = 7
        totals.expiries = 1
        totals.authenticationFailures = 1
        let inboxes = [
            HostInbox(owner: "alice", messages: [
                HostMessage(sender: "bob", size: 226, kind: .offer, expiresAt: start.addingTimeInterval(51)),
                HostMessage(sender: "bob", size: 64, kind: .candidate, expiresAt: start.addingTimeInterval(8)),
            ], capacity: 100, expiresAt: start.addingTimeInterval(42), inboxTimeout: .seconds(60)),
            HostInbox(owner: "bob", messages: [], capacity: 100, expiresAt: nil, inboxTimeout: .seconds(60)),
            HostInbox(owner: "名前🦊", messages: [], capacity: 100, expiresAt: start.addingTimeInterval(3), inboxTimeout: .seconds(60)),
        ]
        _ = update(&state, .hostPage(inboxes: inboxes, totals: totals))
        for (seconds, text) in [(-9, "bob opened an inbox"), (-8, "bob sent an offer to alice"),
                                (-2, "wrong password for alice from 192.168.1.33"), (-1, "carol's inbox expired after 60 s idle")] {
            _ = update(&state, .hostBatch(HostBatch(log: [HostLogLine(time: start.addingTimeInterval(Double(seconds)), text: text)])))
        }
        return state
    }

    @Test func fullHostViewAt80x24() throws {
        try expectSnapshot(render(Self.hosting(width: 80, height: 24)), named: "host-80x24")
    }

    @Test func compactHostViewAt40x12() throws {
        try expectSnapshot(render(Self.hosting(width: 40, height: 12)), named: "host-40x12")
    }

    @Test func countdownsAndTheWaitingPollShowAtKnownValues() {
        var state = Self.hosting(width: 80, height: 24)
        var text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("idle, expires in 42 s"))
        #expect(text.contains("expires in 51 s"))
        #expect(text.contains("expires in 8 s"))
        #expect(text.contains("⟳ long poll waiting"))
        _ = update(&state, .tick(Self.start.addingTimeInterval(8)))
        text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("idle, expires in 34 s"))
        #expect(text.contains("expires in 0 s"))
        #expect(state.needsTick)
    }

    @Test func vSwitchesViewsAndBothStayLive() {
        var state = Self.hosting(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("v"))))
        #expect(state.view == .peer)
        _ = update(&state, .received(sender: "alice", body: Array("hi".utf8), contentType: nil, at: Self.start))
        _ = update(&state, .hostBatch(HostBatch(log: [HostLogLine(time: Self.start, text: "alice sent a message to peer-x7k2")])))
        #expect(render(state).lines.joined().contains("TEXT"))
        _ = update(&state, .input(.key(.character("v"))))
        #expect(state.view == .host)
        #expect(render(state).lines.joined().contains("alice sent a message to peer-x7k2"))
    }

    @Test func inboxesAreSelectableAndTheJoinCommandCopies() {
        var state = Self.hosting(width: 80, height: 24)
        #expect(state.host?.selectedInbox == "alice")
        _ = update(&state, .input(.key(.character("j"))))
        #expect(state.host?.selectedInbox == "bob")
        #expect(update(&state, .input(.key(.character("y")))) == [.copy("signalbox --server http://192.168.1.20:3000")])
    }

    @Test func aPeerOnlyUIHasNoHostView() {
        var state = PeerViewTests.handshake(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("v"))))
        #expect(state.view == .peer)
        #expect(state.notice?.contains("to host") == true)
    }
}

/// The host view shows only its own: nothing of the peer view's modes or status leaks in.
@Suite struct HostViewIsolationTests {
    @Test func thePeerInspectorsStatusLineStaysInThePeerView() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("v"))))
        _ = update(&state, .received(sender: "alice", body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8), contentType: "application/json", at: HostViewTests.start))
        _ = update(&state, .received(sender: "alice", body: Array("hi".utf8), contentType: nil, at: HostViewTests.start))
        _ = update(&state, .input(.key(.character("k"))))
        #expect(render(state).lines[22].contains("offer"))  // the peer view's status line
        _ = update(&state, .input(.key(.character("v"))))
        #expect(state.view == .host)
        let lines = render(state).lines
        #expect(!lines[22].contains("offer"), "\(lines[22])")
        #expect(!lines[22].contains("application/json"))
    }

    @Test func aPasteInTheHostViewDoesNotOpenThePeersComposer() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        state.selectedPeer = nil
        _ = update(&state, .received(sender: "alice", body: Array("hi".utf8), contentType: nil, at: HostViewTests.start))
        _ = update(&state, .input(.paste("pasted text")))
        #expect(state.mode == .browsing)
        #expect(!render(state).lines.joined().contains("pasted text"))
        _ = update(&state, .input(.key(.character("j"))))
        #expect(state.host?.selectedInbox == "bob")  // keys still drive the host view
    }
}
