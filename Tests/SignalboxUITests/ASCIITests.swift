import Foundation
import SignalboxUI
import Testing

/// Where the locale is not UTF-8 (`LANG=C`) or `--ascii` asks, every view draws in ASCII.
@Suite struct ASCIITests {
    /// Every view and overlay the UI has, at the sizes it supports.
    static func everyScreen(_ glyphs: Glyphs, base: (Int, Int) -> AppState, host hosting: (Int, Int) -> AppState, typing: String) -> [(String, AppState)] {
        var screens: [(String, AppState)] = []
        for (width, height) in [(80, 24), (40, 12), (120, 30)] {
            var peer = base(width, height)
            peer.glyphs = glyphs
            screens.append(("peer \(width)x\(height)", peer))
            var help = peer
            _ = update(&help, .input(.key(.character("?"))))
            screens.append(("help \(width)x\(height)", help))
            _ = update(&help, .input(.key(.pageDown)))
            screens.append(("help scrolled \(width)x\(height)", help))
            var offer = peer
            _ = update(&offer, .input(.key(.character("g"))))
            _ = update(&offer, .input(.key(.enter)))
            screens.append(("inspector \(width)x\(height)", offer))
            var binary = peer
            _ = update(&binary, .input(.key(.enter)))
            screens.append(("binary inspector \(width)x\(height)", binary))
            var composer = peer
            _ = update(&composer, .input(.key(.character("c"))))
            for character in typing { _ = update(&composer, .input(.key(.character(character)))) }
            screens.append(("composer \(width)x\(height)", composer))
            var prompt = peer
            _ = update(&prompt, .input(.key(.character("s"))))
            screens.append(("save prompt \(width)x\(height)", prompt))
            var notice = peer
            _ = update(&notice, .saveFinished(path: "/tmp/x", error: "File exists"))
            screens.append(("notice \(width)x\(height)", notice))
            var host = hosting(width, height)
            host.glyphs = glyphs
            screens.append(("host \(width)x\(height)", host))
            var hostHelp = host
            _ = update(&hostHelp, .input(.key(.character("?"))))
            screens.append(("host help \(width)x\(height)", hostHelp))
            // The classroom's screens: the diagram with every fate, step mode, the demo and
            // test faults in the header, held messages in the inbox list.
            for fates in [true, false] {
                var diagram = SequenceDiagramTests.diagram(width: width, height: height, fates: fates)
                diagram.glyphs = glyphs
                diagram.host?.faults = "delay 200 ms"
                diagram.host?.demo = "alice calls bob"
                screens.append(("diagram \(fates ? "with" : "without") fates \(width)x\(height)", diagram))
            }
            var stepping = StepModeViewTests.stepping(width: width, height: height)
            stepping.glyphs = glyphs
            screens.append(("step mode \(width)x\(height)", stepping))
        }
        var tiny = base(30, 8)
        tiny.glyphs = glyphs
        screens.append(("too small", tiny))
        return screens
    }

    @Test func noNonASCIICharacterReachesTheGridInAnyView() {
        for (name, state) in Self.everyScreen(.ascii, base: PeerViewTests.handshake, host: HostViewTests.hosting, typing: "héllo 名前") {
            let grid = render(state)
            let bad = grid.cells.filter { !$0.text.unicodeScalars.allSatisfy(\.isASCII) }.map(\.text)
            #expect(bad.isEmpty, "\(name) draws \(bad)")
            #expect(grid.lines.allSatisfy { $0.count == state.width }, "\(name) is not \(state.width) columns wide")
        }
    }

    /// With ASCII names on the network, nothing on screen needs escaping: every symbol the UI
    /// draws has an ASCII form, rather than ending up as `\u{2500}`.
    @Test func theUIsOwnSymbolsHaveASCIIFormsAndAreNotEscaped() {
        for (name, state) in Self.everyScreen(.ascii, base: Self.plainHandshake, host: Self.plainHosting, typing: "hello") {
            let text = render(state).lines.joined(separator: "\n")
            #expect(!text.contains("\\u{"), "\(name):\n\(text)")
        }
    }

    @Test func nonASCIITextFromTheNetworkIsShownEscaped() throws {
        var state = PeerViewTests.handshake(width: 80, height: 24)
        state.glyphs = .ascii
        let grid = render(state)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains(#"\u{540D}\u{524D}\u{1F98A}"#))  // 名前🦊, the user's own name
        try expectSnapshot(grid, named: "peer-80x24-ascii")
    }

    @Test func compactAndHostViewsInASCII() throws {
        var peer = PeerViewTests.handshake(width: 40, height: 12)
        peer.glyphs = .ascii
        try expectSnapshot(render(peer), named: "peer-40x12-ascii")
        var host = HostViewTests.hosting(width: 80, height: 24)
        host.glyphs = .ascii
        try expectSnapshot(render(host), named: "host-80x24-ascii")
    }

    @Test func cutTextEndsInThreeDotsInASCII() {
        var grid = Grid(width: 10, height: 1, glyphs: .ascii)
        grid.write("abcdefghijkl", x: 0, y: 0)
        #expect(grid.lines == ["abcdefg..."])
    }

    /// The host view of ``HostViewTests`` with ASCII names only.
    static func plainHosting(width: Int, height: Int) -> AppState {
        var state = HostViewTests.hosting(width: width, height: height)
        var carol = state.host!.page["名前🦊"]!
        carol.owner = "carol"
        _ = update(&state, .hostBatch(HostBatch(changes: [.closed(owner: "名前🦊")])))
        _ = update(&state, .hostPage(inboxes: [state.host!.page["alice"]!, state.host!.page["bob"]!, carol], totals: state.host!.totals))
        return state
    }

    /// The handshake of ``PeerViewTests`` between people with ASCII names.
    static func plainHandshake(width: Int, height: Int) -> AppState {
        let start = PeerViewTests.start
        var state = AppState(identity: "alice", server: "http://127.0.0.1:3000", now: start, width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
        let events: [Event] = [
            .connectionChanged(.polling(interval: .seconds(1))),
            .inboxRefreshed(InboxStatus(refreshedAt: start, inboxTimeout: .seconds(60), messageTimeout: .seconds(60), pending: 1)),
            .received(sender: "bob", body: Array(#"{"type":"offer","sdp":"v=0\r\ns=-\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=setup:actpass\r\n"}"#.utf8), contentType: "application/json", at: start.addingTimeInterval(2)),
            .received(sender: "carol", body: Array("line one\nline two".utf8), contentType: "text/plain", at: start.addingTimeInterval(3)),
            .received(sender: "dave", body: Array(repeating: 0xFF, count: 20), contentType: nil, at: start.addingTimeInterval(5)),
            .tick(start.addingTimeInterval(18)),
        ]
        for event in events { _ = update(&state, event) }
        return state
    }
}
