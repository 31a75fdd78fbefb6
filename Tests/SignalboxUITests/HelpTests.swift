import Foundation
import SignalboxUI
import Testing

/// The help screen: made from the key table, scrolled when it does not fit, and about the
/// view on screen.
@Suite struct HelpTests {
    static func text(_ state: AppState) -> String {
        render(state).lines.joined(separator: "\n")
    }

    /// At 40x12 the help does not fit: it says so, scrolls with j and pgdn, and every key of
    /// the table can be read.
    @Test func atTheSmallestSizeTheHelpScrollsThroughEveryKey() throws {
        var state = PeerViewTests.handshake(width: 40, height: 12)
        _ = update(&state, .input(.key(.character("?"))))
        #expect(state.mode == .help)
        try expectSnapshot(render(state), named: "help-40x12")
        #expect(Self.text(state).contains("↓ more"))
        var seen = Set<String>()
        var previous = ""
        for _ in 0..<100 {
            let text = Self.text(state)
            seen.formUnion(text.split(separator: "\n").map(String.init))
            if text == previous { break }
            previous = text
            _ = update(&state, .input(.key(.character("j"))))
        }
        #expect(state.mode == .help)
        let everything = seen.joined(separator: "\n")
        for binding in KeyTable.browsing + KeyTable.inspecting + KeyTable.composing + KeyTable.help where binding.action != .switchView {
            #expect(everything.contains(binding.summary), "the help never shows \(binding.summary)")
        }
        #expect(Self.text(state).contains("↑ more"))
        for _ in 0..<10 { _ = update(&state, .input(.key(.pageUp))) }
        #expect(state.helpOffset == 0)
        _ = update(&state, .input(.key(.pageDown)))
        #expect(state.helpOffset > 1)
        _ = update(&state, .input(.key(.up)))
        _ = update(&state, .input(.key(.down)))
        #expect(state.mode == .help)
    }

    @Test(arguments: [Key.escape, .character("?"), .character("q"), .character("x"), .enter])
    func escQuestionMarkQAndAnyOtherKeyClose(key: Key) {
        var state = PeerViewTests.handshake(width: 40, height: 12)
        _ = update(&state, .input(.key(.character("?"))))
        _ = update(&state, .input(.key(key)))
        #expect(state.mode == .browsing)
        #expect(update(&state, .input(.key(.character("?")))).isEmpty)
        #expect(state.helpOffset == 0)  // opens at the top again
    }

    /// In the host view, `?` shows the host's keys over the host view, not the peer's header.
    @Test func theHostViewsHelpIsAboutTheHostView() throws {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("?"))))
        let grid = render(state)
        try expectSnapshot(grid, named: "host-help-80x24")
        #expect(grid.lines[0].contains("signalbox host"))
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("Host view"))
        for binding in KeyTable.hosting { #expect(text.contains(binding.summary)) }
        #expect(!text.contains("peer-x7k2"))
        #expect(!text.contains("Inbox "))
        _ = update(&state, .input(.key(.escape)))
        #expect(render(state).lines.joined().contains("alice"))
        #expect(state.view == .host)
    }
}
