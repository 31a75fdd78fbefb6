import Foundation
import MailboxCore
import MailboxServer
import Testing
import TestSupport

/// The peer view in tmux tells the truth about the connection and the clock: the server going
/// away and coming back, a pause and its live countdown, a sent message's time and fate.
@Suite(.serialized) struct PeerTruthTests {
    let binary = RunningCommand.executable.path

    @Test func theHeaderSaysWhenTheServerIsAwayAndWhyAndReconnectsWhenItIsBack() async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let port = server.port
        let tmux = try Tmux()
        let restarted = Locked<MailboxHTTPServer?>(nil)
        defer {
            tmux.kill()
            Task {
                await server.shutdown()
                await restarted.value?.shutdown()
            }
        }
        try tmux.run("\(binary) --server \(server.url) --user dave")
        try await tmux.waitFor("long-poll waiting")
        #expect(try tmux.screen().contains("s left"))

        await server.shutdown()
        let away = try await tmux.waitFor("connection refused", within: .seconds(5))
        #expect(away.contains("retry in"))
        #expect(away.contains("cannot reach the server"))
        // While it retries, nothing calls a refused request a waiting long poll.
        for _ in 0..<30 {
            let screen = try tmux.screen()
            #expect(!screen.contains("long-poll waiting"), "\(screen)")
            #expect(!screen.contains("kept alive"), "\(screen)")
            try await Task.sleep(for: .milliseconds(100))
        }

        // Retries against a refused port stay short, so the return is seen at once.
        restarted.value = try await startServer(ServerConfiguration(threads: 1), port: port)
        try await tmux.waitFor("long-poll waiting", within: .seconds(5))
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    @Test func pausingLetsTheInboxCountDownToItsExpiryAndResumingOpensItAgain() async throws {
        let server = try await startServer(ServerConfiguration(
            mailbox: MailboxConfiguration(inboxTimeout: .seconds(4)), threads: 1))
        let tmux = try Tmux()
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        try tmux.run("\(binary) --server \(server.url) --user erin")
        try await tmux.waitFor("kept alive by the waiting poll")
        try tmux.press("p")
        let paused = try await tmux.waitFor("paused · expires in")
        #expect(paused.contains("‖ paused"))
        // The held poll was ended: nothing keeps the inbox alive now.
        try await server.waitUntil { $0.waitingPolls == 0 }
        try await tmux.waitFor("paused · expired")
        // The server deletes it too (its sweep may come a moment after the screen's zero).
        try await server.waitUntil { $0.inboxes == 0 }
        let refused = try await RunningCommand.run(
            ["send", "--server", server.url, "--user", "frank", "--to", "erin", "hello"],
            environment: ["SIGNALBOX_PASSWORD": "pw"])
        #expect(refused.printed.contains("erin has no inbox"))

        try tmux.press("p")
        try await tmux.waitFor("long-poll waiting")
        try await server.waitUntil { $0.inboxes == 2 }  // erin's open again, and frank's
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    @Test func aSentMessageIsStampedWhenSentAndItsFateIsShown() async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let tmux = try Tmux(width: 100, height: 24)
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        let bob = ["SIGNALBOX_SERVER": server.url, "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        #expect(try await RunningCommand.run(["receive"], environment: bob).status == 1)  // opens bob's inbox
        try tmux.run("\(binary) --server \(server.url) --user gina")
        // Let the long poll's answer grow old, as the screen counts it: a stamp taken from it
        // would be seconds off. Four values of the countdown are three seconds gone.
        let left = { (screen: String) in screen.firstMatch(of: /long-poll waiting · (\d+) s left/).flatMap { Int($0.1) } }
        _ = try await tmux.waitFor("long-poll waiting")
        var seen = Set<Int>()
        try await eventually("the long poll's countdown to run 3 s", within: .seconds(20)) {
            if let value = left(try tmux.screen()) { seen.insert(value) }
            return seen.count >= 4
        }
        try tmux.press("n")
        try tmux.run("bob")
        try tmux.press("c")
        let before = Date()
        try tmux.run("hello bob")
        let queued = try await tmux.waitFor("in bob's inbox · expires in ≤")
        let after = Date()
        let row = try #require(queued.split(separator: "\n").first { $0.contains("hello bob") })
        let stamps = [before, after].map { Self.utcTime($0) }
        #expect(row.contains(stamps[0]) || row.contains(stamps[1]), "\(row) is not stamped at \(stamps)")

        let received = try await RunningCommand.run(["receive"], environment: bob)
        #expect(received.status == 0)
        #expect(received.printed.contains("hello bob"))
        // bob writes back: that makes the delivery evident to gina.
        #expect(try await RunningCommand.run(["send", "--to", "gina", "hi gina"], environment: bob).status == 0)
        try await tmux.waitFor("read: bob replied since")
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    @Test func theHostKnowsExactlyWhetherItsPeersMessageWasDelivered() async throws {
        let tmux = try Tmux(width: 100, height: 24)
        let port = try BlockingListener().port
        let url = "http://127.0.0.1:\(port)"
        defer { tmux.kill() }
        try tmux.run("\(binary) --bind 127.0.0.1:\(port) --user host")
        try await tmux.waitFor("signalbox host")
        let bob = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        #expect(try await RunningCommand.run(["receive"], environment: bob).status == 1)
        try tmux.press("v")
        try await tmux.waitFor("Inbox")
        try tmux.press("n")
        try tmux.run("bob")
        try tmux.press("c")
        try tmux.run("hello from the host")
        try await tmux.waitFor("in bob's inbox")
        #expect(try await RunningCommand.run(["receive"], environment: bob).status == 0)
        try await tmux.waitFor("delivered")
        #expect(try tmux.screen().contains("after sending"))
        try tmux.press("q")
    }

    @Test func copySaysWhereItWentAndReachesTmuxOrTheCopyCommand() async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let tmux = try Tmux(width: 100, height: 24)
        let copied = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-copy-\(UUID().uuidString)")
        defer {
            tmux.kill()
            try? FileManager.default.removeItem(at: copied)
            Task { await server.shutdown() }
        }
        // tmux takes OSC 52 from the program into a paste buffer when set-clipboard is on.
        try Tmux.tmux(["set-option", "-s", "set-clipboard", "on"])
        try tmux.run("\(binary) --server \(server.url) --user hana")
        try await tmux.waitFor("long-poll waiting")
        let bob = ["SIGNALBOX_SERVER": server.url, "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        #expect(try await RunningCommand.run(["send", "--to", "hana", "copy me"], environment: bob).status == 0)
        try await tmux.waitFor("copy me")
        try tmux.press("y")
        try await tmux.waitFor("sent 7 B to the terminal's clipboard (OSC 52)")
        #expect(try Tmux.tmux(["show-buffer"]) == "copy me")
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")

        try tmux.run("SIGNALBOX_COPY='cat > \(copied.path)' \(binary) --server \(server.url) --user ines")
        try await tmux.waitFor("long-poll waiting")
        #expect(try await RunningCommand.run(["send", "--to", "ines", "copy me too"], environment: bob).status == 0)
        try await tmux.waitFor("copy me too")
        try tmux.press("y")
        try await tmux.waitFor("copied 11 B with $SIGNALBOX_COPY")
        #expect(try String(contentsOf: copied, encoding: .utf8) == "copy me too")
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }

    static func utcTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
    }
}

/// A value shared with a `defer`'s cleanup task.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
