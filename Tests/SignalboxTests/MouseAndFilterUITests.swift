import Foundation
import MailboxServer
import Testing
import TestSupport
@testable import signalbox

/// The real binary in tmux: clicks and the wheel arrive as raw SGR mouse reports, and `/`
/// filters the message list.
@Suite(.serialized) struct MouseAndFilterUITests {
    /// A peer UI for alice holding an offer from bob and a text from carol.
    func aliceWithTwoMessages(_ body: (Tmux) async throws -> Void) async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let tmux = try Tmux()
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        try tmux.run("\(RunningCommand.executable.path) --server \(server.url) --user alice")
        try await tmux.waitFor("long-poll waiting")
        for (sender, message) in [("bob", #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#), ("carol", "hello from carol")] {
            let sent = try await RunningCommand.run(["send", "--server", server.url, "--user", sender, "--to", "alice", message])
            #expect(sent.status == 0)
        }
        try await tmux.waitFor(all: ["OFFER", "hello from carol"])
        try await body(tmux)
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    func row(of text: String, in screen: String) throws -> Int {
        guard let row = screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(where: { $0.contains(text) }) else {
            throw CommandFailure("no '\(text)' on the screen:\n\(screen)")
        }
        return row
    }

    @Test func clicksSelectMessagesAndPeersTheWheelScrollsAndAHintRuns() async throws {
        try await aliceWithTwoMessages { tmux in
            let screen = try tmux.screen()
            try tmux.click(x: 50, y: try row(of: "hello from carol", in: screen))
            try await tmux.waitFor("text · 16 B")  // the selected message's details
            try tmux.click(x: 50, y: try row(of: "OFFER", in: screen))
            try await tmux.waitFor("offer · ")
            try tmux.click(x: 4, y: try row(of: "  carol", in: screen))
            try await tmux.waitFor("› carol")
            // Down the list from the oldest: the wheel reaches the newest and follows it again.
            try tmux.send(bytes: "\u{1B}[<65;50;\(try row(of: "OFFER", in: screen) + 1)M")
            try await tmux.waitFor("c compose · o offer")
            let footer = try tmux.screen().split(separator: "\n").last.map(String.init) ?? ""
            let help = try #require(footer.range(of: "? help"))
            try tmux.click(x: footer.distance(from: footer.startIndex, to: help.lowerBound), y: 23)
            try await tmux.waitFor("show or hide this help")
            try tmux.press("Escape")
            try await tmux.waitFor("OFFER")
        }
    }

    @Test func noMouseLeavesTheMouseToTheTerminal() throws {
        #expect(try UICommand.parse(["--no-mouse"]).display.noMouse)
        #expect(try !UICommand.parse([]).display.noMouse)
    }

    @Test func slashFiltersTheMessagesAndEscapeShowsThemAll() async throws {
        try await aliceWithTwoMessages { tmux in
            try tmux.press("/")
            try await tmux.waitFor("filter messages ›")
            try tmux.run("carol")  // typed, then Enter keeps the filter
            try await tmux.waitFor(all: ["Messages  1/1  / carol", "hello from carol"], where: { !$0.contains("OFFER") })
            try tmux.press("Escape")
            try await tmux.waitFor(all: ["OFFER", "hello from carol"], where: { !$0.contains("/ carol") })
        }
    }
}
