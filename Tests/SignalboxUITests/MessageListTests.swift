import Foundation
import SignalboxUI
import Testing

/// The message list: which row the keys act on, paging, and where in the list one is.
@Suite struct MessageListTests {
    static let start = PeerViewTests.start

    /// A peer who has received `count` text messages, on a screen of the given size.
    static func withMessages(_ count: Int, width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(identity: "alice", server: "http://s", now: start, width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
        for index in 1...count {
            _ = update(&state, .received(sender: "bob", body: Array("message \(index)".utf8), contentType: nil, at: start))
        }
        return state
    }

    static func row(containing text: String, in grid: Grid) -> Int? {
        grid.lines.firstIndex { $0.contains(text) }
    }

    /// Following the newest, ⏎ opens the newest: that row must look selected, badge included.
    @Test(arguments: [(80, 24), (40, 12)])
    func theRowEnterActsOnIsHighlightedAlsoWhenFollowing(width: Int, height: Int) throws {
        var state = PeerViewTests.handshake(width: width, height: height)
        #expect(state.selectedEntry == nil)
        var grid = render(state)
        let newest = try #require(Self.row(containing: "ff 00 13 37", in: grid))
        let badgeColumn = try #require(grid.lines[newest].firstRange(of: width >= 80 ? "BINARY" : "BIN").map {
            grid.lines[newest].distance(from: grid.lines[newest].startIndex, to: $0.lowerBound)
        })
        #expect((0..<width).filter { grid[$0, newest].style.reverse }.count > width / 2)
        #expect(grid[badgeColumn, newest].style.reverse, "the type cell of the selected row lost its reverse video")
        let older = try #require(Self.row(containing: "udp 192.168.1.2", in: grid))
        #expect(!grid[0, older].style.reverse)

        _ = update(&state, .input(.key(.character("k"))))
        grid = render(state)
        let selected = try #require(Self.row(containing: "pwned", in: grid))
        #expect(grid[width - 1, selected].style.reverse)
        #expect(!grid[width - 1, newest].style.reverse)
    }

    @Test func pageKeysAndHomeEndMoveThroughTheList() {
        var state = Self.withMessages(100)
        let page = render(state).lines.filter { $0.contains("message ") }.count
        #expect(page > 5)
        _ = update(&state, .input(.key(.pageUp)))
        #expect(state.selectedEntry == 99 - page)
        _ = update(&state, .input(.key(.pageUp)))
        #expect(state.selectedEntry == 99 - 2 * page)
        _ = update(&state, .input(.key(.home)))
        #expect(state.selectedEntry == 0)
        _ = update(&state, .input(.key(.pageDown)))
        #expect(state.selectedEntry == page)
        _ = update(&state, .input(.key(.end)))
        #expect(state.selectedEntry == nil)
        _ = update(&state, .input(.key(.home)))
        for _ in 0..<200 { _ = update(&state, .input(.key(.pageDown))) }
        #expect(state.selectedEntry == nil)  // paging past the end follows the newest again
        for _ in 0..<200 { _ = update(&state, .input(.key(.pageUp))) }
        #expect(state.selectedEntry == 0)
        // The page shown holds the selected message.
        #expect(render(state).lines.contains { $0.contains("message 1 ") })
    }

    @Test func theListSaysWhereInItOneIs() {
        var state = Self.withMessages(1000)
        #expect(render(state).lines[3].contains("Messages  1000/1000"))
        _ = update(&state, .input(.key(.home)))
        _ = update(&state, .input(.key(.pageDown)))
        let position = "\((state.selectedEntry ?? 0) + 1)/1000"
        #expect(render(state).lines[3].contains("Messages  \(position)"))
        // The compact list has no title: the position ends the peer line.
        var compact = Self.withMessages(12, width: 40, height: 12)
        _ = update(&compact, .input(.key(.character("k"))))
        #expect(render(compact).lines[2].hasSuffix("11/12"))
    }

    @Test func compactBadgesAreReadable() {
        let grid = render(PeerViewTests.handshake(width: 40, height: 12))
        let text = grid.lines.joined(separator: "\n")
        for badge in ["OFR", "CAND", "TXT", "BIN"] { #expect(text.contains(" \(badge) "), "no \(badge)") }
        #expect(!text.contains("OFFE"))
        #expect(!text.contains("BINA"))
        let host = render(HostViewTests.hosting(width: 40, height: 12)).lines.joined(separator: "\n")
        #expect(host.contains(" OFR "))
        #expect(!host.contains("OFFE"))
    }

    @Test(arguments: [(39, 12), (80, 11), (20, 6), (12, 4)])
    func belowTheMinimumTheScreenSaysWhatItNeeds(width: Int, height: Int) {
        var state = PeerViewTests.handshake(width: width, height: height)
        var text = render(state).lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("window too small: 40x12 at least, this is \(width)x\(height)"), "\(text)")
        state = HostViewTests.hosting(width: width, height: height)
        text = render(state).lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(text.contains("40x12 at least"))
    }

    @Test func atTheMinimumTheUIDraws() {
        let text = render(PeerViewTests.handshake(width: 40, height: 12)).lines.joined()
        #expect(!text.contains("too small"))
        #expect(text.contains("bob"))
    }
}
