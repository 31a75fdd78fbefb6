import Foundation
import MailboxCore
import MailboxServer
import Testing
import TestSupport

/// Where the locale is not UTF-8, or with `--ascii`, the real binary writes nothing but ASCII:
/// a terminal that is not UTF-8 would draw UTF-8 as mojibake (`Â·`, `ââââ`).
@Suite(.serialized) struct ASCIITerminalTests {
    @Test(arguments: [
        (80, 24, "LANG=C LC_ALL=C ", ""),
        (40, 12, "LANG=C LC_ALL=C ", ""),
        (80, 24, "", " --ascii"),
    ])
    func theScreenIsPlainASCII(width: Int, height: Int, locale: String, flag: String) async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let tmux = try Tmux(width: width, height: height)
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        try tmux.run("\(locale)\(RunningCommand.executable.path) --server \(server.url) --user 'carol 名前'\(flag)")
        let waiting = width >= 80 ? "* long-poll waiting" : "* waiting"
        try await tmux.waitFor(waiting)
        let offer = #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#
        let sent = try await RunningCommand.run(
            ["send", "--server", server.url, "--user", "bob 🦊", "--to", "carol 名前", offer],
            environment: ["SIGNALBOX_PASSWORD": "pw"])
        #expect(sent.status == 0)
        let screen = try await tmux.waitFor(width >= 80 ? "OFFER" : "OFR")
        Self.expectPlainASCII(screen)
        #expect(screen.contains(waiting))
        #expect(screen.contains(#"carol \u{540D}"#), "the user's name, escaped:\n\(screen)")
        #expect(screen.split(separator: "\n").allSatisfy { $0.count <= width })

        try tmux.press("?")
        let help = try await tmux.waitFor(width >= 80 ? "scroll down" : "v more")
        Self.expectPlainASCII(help)
        try tmux.press("Escape")
        // The help must be gone before Enter: an Escape and an Enter read together are Alt-Enter.
        try await tmux.waitUntilGone(width >= 80 ? "scroll a page" : "v more")
        try tmux.press("Enter")
        Self.expectPlainASCII(try await tmux.waitFor("(SDP below)"))

        try tmux.press("Escape")
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    private static func expectPlainASCII(_ screen: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let foreign = screen.unicodeScalars.filter { !$0.isASCII }
        #expect(foreign.isEmpty, "not ASCII: \(String(String.UnicodeScalarView(foreign)))\n\(screen)", sourceLocation: sourceLocation)
        #expect(!screen.contains("Â") && !screen.contains("â"), sourceLocation: sourceLocation)
    }
}
