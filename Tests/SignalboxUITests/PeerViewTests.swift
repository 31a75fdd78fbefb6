import Foundation
import SignalboxUI
import Testing

/// The peer view at known instants, compared with golden text snapshots.
@Suite struct PeerViewTests {
    static let start = Date(timeIntervalSince1970: 1_764_079_200)  // 14:00:00 UTC

    /// A handshake in progress, seen by a user whose name is CJK and emoji.
    static func handshake(width: Int, height: Int) -> AppState {
        var state = AppState(identity: "名前🦊", server: "http://127.0.0.1:3000", now: start, width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
        var events: [Event] = [
            .connectionChanged(.polling(interval: .seconds(1))),
            .inboxRefreshed(InboxStatus(refreshedAt: start, inboxTimeout: .seconds(60), messageTimeout: .seconds(60), pending: 1)),
            .received(sender: "bob", body: Array(#"{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:actpass\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"}"#.utf8), contentType: "application/json", at: start.addingTimeInterval(2)),
            .received(sender: "bob", body: Array(#"{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host","sdpMid":"0","sdpMLineIndex":0}"#.utf8), contentType: "application/json", at: start.addingTimeInterval(3)),
            .received(sender: "mallory", body: Array("hi \u{1B}[2J\u{1B}]0;pwned\u{7} there".utf8), contentType: "text/plain", at: start.addingTimeInterval(4)),
            .received(sender: "ユーザー👩‍💻", body: [0xFF, 0x00, 0x13, 0x37], contentType: nil, at: start.addingTimeInterval(5)),
        ]
        events.append(.tick(start.addingTimeInterval(18)))
        for event in events { _ = update(&state, event) }
        return state
    }

    @Test func fullLayoutAt80x24() throws {
        try expectSnapshot(render(Self.handshake(width: 80, height: 24)), named: "peer-80x24")
    }

    @Test func compactLayoutAt40x12() throws {
        try expectSnapshot(render(Self.handshake(width: 40, height: 12)), named: "peer-40x12")
    }

    @Test func wideLayoutAt120x30() throws {
        try expectSnapshot(render(Self.handshake(width: 120, height: 30)), named: "peer-120x30")
    }

    @Test func helpScreenListsTheKeyTable() throws {
        var state = Self.handshake(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("?"))))
        let grid = render(state)
        try expectSnapshot(grid, named: "help-80x24")
        let text = grid.lines.joined(separator: "\n")
        for binding in KeyTable.browsing.prefix(10) where binding.action != .switchView {
            #expect(text.contains(binding.summary), "help lacks \(binding.summary)")
        }
    }

    @Test func inspectorShowsTheOfferBySection() throws {
        var state = Self.handshake(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("g"))))
        _ = update(&state, .input(.key(.enter)))
        try expectSnapshot(render(state), named: "inspector-offer-80x24")
    }

    @Test func inspectorShowsBinaryAsHex() throws {
        var state = Self.handshake(width: 80, height: 24)
        _ = update(&state, .input(.key(.enter)))
        let text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("00000000  ff 00 13 37"))
    }

    @Test func nothingRawFromTheNetworkReachesAnyCell() {
        for (width, height) in [(80, 24), (40, 12)] {
            let grid = render(Self.handshake(width: width, height: height))
            for cell in grid.cells {
                #expect(cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
            }
            #expect(grid.lines.allSatisfy { DisplayWidth.of($0) == width })
        }
    }

    @Test func theCountdownMovesWithTheClock() {
        var state = Self.handshake(width: 80, height: 24)
        #expect(render(state).lines[1].contains("expires in 42 s"))
        _ = update(&state, .tick(Self.start.addingTimeInterval(50)))
        #expect(render(state).lines[1].contains("expires in 10 s"))
        _ = update(&state, .tick(Self.start.addingTimeInterval(61)))
        #expect(render(state).lines[1].contains("expired"))
        _ = update(&state, .connectionChanged(.longPolling(until: Self.start.addingTimeInterval(86))))
        #expect(render(state).lines[1].contains("kept alive"))
        #expect(render(state).lines[0].contains("long-poll waiting · 25 s left"))
    }
}
