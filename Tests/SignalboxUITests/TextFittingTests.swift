import Foundation
import SignalboxUI
import Testing

/// Text that matters is never cut: it wraps, or gives way by priority; whatever is cut ends
/// in an ellipsis. And counts agree with their nouns.
@Suite struct TextFittingTests {
    static func text(_ grid: Grid) -> String {
        grid.lines.joined(separator: "\n")
    }

    static func hosting(width: Int, height: Int, hint: [String] = [], settings: [String]? = nil) -> AppState {
        var state = HostViewTests.hosting(width: width, height: height)
        state.host?.join.hint = hint
        if let settings { state.host?.join.settings = settings }
        return state
    }

    @Test func theJoinURLKeepsItsPortAt40x12() {
        let text = Self.text(render(HostViewTests.hosting(width: 40, height: 12)))
        #expect(text.contains("join http://192.168.1.20:3000"))
    }

    @Test func aWaitingPollFitsTheCompactInboxRow() {
        var state = HostViewTests.hosting(width: 40, height: 12)
        _ = update(&state, .input(.key(.character("j"))))
        let lines = render(state).lines
        #expect(lines.contains { $0.hasPrefix(" bob ") && $0.contains("⟳ long poll") && !$0.contains("…") }, "\(lines.joined(separator: "\n"))")
    }

    @Test func aURLTooLongForTheLineWrapsWhole() {
        var state = HostViewTests.hosting(width: 40, height: 12)
        let url = "https://signalbox-test.internal.example.com:30000"
        state.host?.join.urls = [url]
        let lines = render(state).lines
        #expect(lines.joined().replacingOccurrences(of: " ", with: "").contains(url))
    }

    @Test func theLANHintKeepsItsCommandAt80Columns() {
        let state = Self.hosting(width: 80, height: 24, hint: ["only this machine can join", "to open it to your LAN: signalbox --bind 0.0.0.0:3000"])
        let lines = render(state).lines
        #expect(lines.contains { $0.contains("to open it to your LAN: signalbox --bind 0.0.0.0:3000") })
        #expect(lines.contains { $0.contains("only this machine can join") })
    }

    @Test func theCurlHintIsWholeAt120Columns() throws {
        let curl = "curl -u NAME:PASSWORD 'http://192.168.1.20:3000/inbox'"
        let state = Self.hosting(width: 120, height: 30, settings: ["inbox 60 s", "message 60 s", "capacity 100", "body 65.5 KB", "long poll 25 s", curl])
        let grid = render(state)
        #expect(grid.lines.contains { $0.contains(curl) })
        try expectSnapshot(grid, named: "host-120x30")
    }

    @Test func aSaveErrorIsReadWholeAt80Columns() {
        var state = PeerViewTests.handshake(width: 80, height: 24)
        let error = "cannot save /home/someone/projects/signalbox/captures/2026-12-01/message-12.json: No such file or directory"
        _ = update(&state, .saveFinished(path: "/home/someone/projects/signalbox/captures/2026-12-01/message-12.json", error: "No such file or directory"))
        #expect(state.notice == error)
        let words = Self.text(render(state)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains(error))
    }

    @Test func aLongUsernameEndsInAnEllipsisAndTheServerStaysWhole() {
        let name = String(repeating: "very-long-username-", count: 6)
        for glyphs in [Glyphs.unicode, .ascii] {
            var state = AppState(identity: name, server: "http://127.0.0.1:3000", now: PeerViewTests.start, width: 80, height: 24)
            state.glyphs = glyphs
            _ = update(&state, .received(sender: name, body: Array("hi".utf8), contentType: nil, at: PeerViewTests.start))
            let lines = render(state).lines
            let ellipsis = glyphs.isASCII ? "..." : "…"
            #expect(lines[0].contains(ellipsis + " @ http://127.0.0.1:3000"), "\(lines[0])")
            #expect(lines.filter { $0.contains("very-long") }.allSatisfy { $0.contains(ellipsis) }, "\(lines.joined(separator: "\n"))")
            _ = update(&state, .input(.key(.enter)))
            #expect(render(state).lines[2].contains(ellipsis))
        }
    }

    /// Where one types, the end shows, and the ellipsis says where the start went.
    @Test func aLongTypedTextShowsItsEndAfterAnEllipsis() {
        var state = PeerViewTests.handshake(width: 40, height: 12)
        _ = update(&state, .input(.key(.character("s"))))
        for character in "/home/someone/projects/signalbox/captures/today/offer.sdp" {
            _ = update(&state, .input(.key(.character(character))))
        }
        let line = render(state).lines[10]
        #expect(line.hasPrefix("save to › …"), "\(line)")
        #expect(line.contains("captures/today/offer.sdp▏"), "\(line)")
        _ = update(&state, .input(.key(.escape)))
        _ = update(&state, .input(.key(.character("c"))))
        for character in String(repeating: "0123456789", count: 8) + "the end" {
            _ = update(&state, .input(.key(.character(character))))
        }
        let composer = render(state).lines[10]
        #expect(composer.contains("› …"), "\(composer)")
        #expect(composer.hasSuffix("the end▏"), "\(composer)")
    }

    @Test func cutTextEndsInAnEllipsis() {
        var grid = Grid(width: 10, height: 2)
        #expect(grid.write("hello world", x: 2, y: 0) == 8)
        #expect(grid.write("abcdef", x: 0, y: 1, maxWidth: 3) == 3)
        #expect(grid.lines == ["  hello w…", "ab…       "])
    }

    @Test func countsAgreeWithTheirNouns() {
        #expect(Plural.of(1, "inbox", "inboxes") == "1 inbox")
        #expect(Plural.of(0, "inbox", "inboxes") == "0 inboxes")
        #expect(Plural.of(2, "peer") == "2 peers")
        var state = HostViewTests.hosting(width: 80, height: 24)
        var totals = HostTotals()
        totals.inboxes = 1
        totals.messages = 1
        totals.authenticationFailures = 1
        _ = update(&state, .hostBatch(HostBatch(changes: [.closed(owner: "bob"), .closed(owner: "名前🦊")])))
        _ = update(&state, .hostPage(inboxes: [state.host!.page["alice"]!], totals: totals))
        var text = Self.text(render(state))
        #expect(text.contains(" 1 inbox · 1 message (0 B) · 0 delivered · 0 expired · 1 wrong password "))
        totals.authenticationFailures = 2
        _ = update(&state, .hostPage(inboxes: [state.host!.page["alice"]!], totals: totals))
        text = Self.text(render(state))
        #expect(text.contains("1 inbox · 1 message"))
        #expect(text.contains("2 wrong passwords"))
        state.width = 40
        state.height = 12
        #expect(Self.text(render(state)).contains("1 inbox · 1 msg ·"))
    }
}
