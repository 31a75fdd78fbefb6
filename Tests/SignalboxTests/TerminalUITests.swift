import Foundation
import MailboxCore
import MailboxServer
import Testing

/// The real binary in tmux against a live server: what a person sees and can do.
@Suite(.serialized) struct TerminalUITests {
    @Test func aMessageArrivesTheCountdownMovesHelpShowsAndQuitRestoresTheShell() async throws {
        // Without long polling the inbox counts down between polls, so the countdown shows.
        let server = try await MailboxHTTPServer.start(
            configuration: ServerConfiguration(port: 0, longPolling: false, threads: 1))
        let tmux = try Tmux()
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        let binary = RunningCommand.executable.path
        try tmux.run("\(binary) --server \(server.url) --user 'alice 名前'")
        try await tmux.waitFor("polling every 1 s")
        try await tmux.waitFor("expires in")

        let sent = try await RunningCommand.run(
            ["send", "--server", server.url, "--user", "bob", "--to", "alice 名前", #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#],
            environment: ["SIGNALBOX_PASSWORD": "pw"])
        #expect(sent.status == 0)
        let withMessage = try await tmux.waitFor("OFFER")
        #expect(withMessage.contains("bob"))
        #expect(withMessage.contains("alice 名前"))

        // While the server is away nothing refreshes the inbox: its countdown runs down.
        await server.shutdown()
        let away = try await tmux.waitFor("retry in")
        let countdown = { (screen: String) in screen.split(separator: "\n").first { $0.contains("expires in") } }
        var moved = false
        for _ in 0..<40 where !moved {
            try await Task.sleep(for: .milliseconds(100))
            moved = countdown(try tmux.screen()) != countdown(away)
        }
        #expect(moved, "the countdown stayed at \(countdown(away) ?? "nothing")")

        try tmux.press("?")
        try await tmux.waitFor("show or hide this help")
        try tmux.press("Escape")
        try await tmux.waitFor("OFFER")

        try tmux.press("q")
        try tmux.run("echo shell-is-back-$((40 + 2))")
        let after = try await tmux.waitFor("shell-is-back-42")
        #expect(!after.contains("OFFER"))  // the alternate screen is gone
        try tmux.run("stty -a | grep -o ' echo ' ; stty -a | grep -o ' icanon '")
        let stty = try await tmux.waitFor(" icanon")
        #expect(stty.contains(" echo"))
    }

    @Test func aSignalQuitsAndRestoresTheTerminal() async throws {
        let server = try await MailboxHTTPServer.start(configuration: ServerConfiguration(port: 0, threads: 1))
        let tmux = try Tmux()
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        try tmux.run("\(RunningCommand.executable.path) --server \(server.url) --user carol")
        try await tmux.waitFor("long-poll waiting")
        let pkill = Process()
        pkill.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        pkill.arguments = ["pkill", "-TERM", "-f", "signalbox --server \(server.url)"]
        try pkill.run()
        pkill.waitUntilExit()
        #expect(pkill.terminationStatus == 0)
        try tmux.run("echo back-$((1 + 1))")
        try await tmux.waitFor("back-2")
    }
}
