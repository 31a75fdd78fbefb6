import Foundation
import Testing

/// `signalbox --step` in a real terminal: the presenter holds each message until a key.
@Suite(.serialized) struct StepModeUITests {
    @Test func aHeldMessageReachesNobodyUntilSpaceReleasesIt() async throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) --step --bind 127.0.0.1:0 --user host")
        let started = try await tmux.waitFor("STEP MODE")
        let url = try #require(started.firstMatch(of: /http:\/\/127\.0\.0\.1:\d+/)?.0)
        let alice = ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "a"]
        let bob = ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        let offer = #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#

        #expect(try await RunningCommand.run(["receive"], environment: alice).status == 1)  // opens alice's inbox
        #expect(try await RunningCommand.run(["send", "--to", "alice", offer], environment: bob).status == 0)
        try await tmux.waitFor(all: ["1 held", "⏸ held: no GET sees it", "held until you release it"])
        let waited = try await RunningCommand.run(["receive", "--wait", "3"], environment: alice)
        #expect(waited.status == 1, "\(waited.printed)")

        // A receiver waiting now is answered by the release itself.
        let receiver = Task { try await RunningCommand.run(["receive", "--wait", "20"], environment: alice) }
        try await tmux.waitFor("⟳ long poll waiting")
        try tmux.press("Space")
        let received = try await receiver.value
        #expect(received.status == 0)
        #expect(received.printed.contains(offer))
        try await tmux.waitFor("released bob's offer to alice")

        // Switched off, step mode holds nothing more.
        try tmux.press("s")
        try await tmux.waitUntilGone("STEP MODE")
        #expect(try await RunningCommand.run(["send", "--to", "alice", "hello"], environment: bob).status == 0)
        let live = try await RunningCommand.run(["receive", "--wait", "3"], environment: alice)
        #expect(live.status == 0)
        #expect(live.printed.contains("hello"))

        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    @Test func holdingAnInboxFreezesItAndReleasingLetsItsQueueThrough() async throws {
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) --bind 127.0.0.1:0 --user host")
        let started = try await tmux.waitFor("signalbox host")
        let url = try #require(started.firstMatch(of: /http:\/\/127\.0\.0\.1:\d+/)?.0)
        let alice = ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "a"]
        let bob = ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        #expect(try await RunningCommand.run(["receive"], environment: alice).status == 1)
        // The inboxes are listed by name, alice then host: wait for the list itself (not the log
        // line that comes before it), then select the first.
        try await tmux.waitFor(all: ["host"], where: { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix(" alice ") && $0.contains("0/100") }
        })
        try tmux.press("k")
        try tmux.press("h")
        try await tmux.waitFor("deliveries to alice are held")
        #expect(try await RunningCommand.run(["send", "--to", "alice", "one"], environment: bob).status == 0)
        #expect(try await RunningCommand.run(["receive", "--wait", "2"], environment: alice).status == 1)
        try tmux.press("h")
        try await tmux.waitFor("deliveries to alice resume")
        let received = try await RunningCommand.run(["receive", "--wait", "3"], environment: alice)
        #expect(received.status == 0)
        #expect(received.printed.contains("one"))
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    @Test func stepNeedsAHostedMailbox() async throws {
        let (status, printed) = try await RunningCommand.run(["--step", "--server", "http://127.0.0.1:9"])
        #expect(status == 2)
        #expect(printed.contains("--step"), "\(printed)")
    }
}
