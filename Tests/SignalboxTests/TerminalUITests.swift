import Foundation
import MailboxCore
import MailboxServer
import Testing
import TestSupport

/// The real binary in tmux against a live server: what a person sees and can do.
@Suite(.serialized) struct TerminalUITests {
    @Test func aMessageArrivesTheCountdownMovesHelpShowsAndQuitRestoresTheShell() async throws {
        // Without long polling the inbox counts down between polls, so the countdown shows.
        let server = try await startServer(ServerConfiguration(longPolling: false, threads: 1))
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
        try await eventually("the countdown to move from \(countdown(away) ?? "nothing")", within: .seconds(4)) {
            countdown(try tmux.screen()) != countdown(away)
        }

        try tmux.press("?")
        try await tmux.waitFor("show or hide this help")
        try tmux.press("Escape")
        try await tmux.waitFor("OFFER")

        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
        try tmux.run("echo shell-is-back-$((40 + 2))")
        let after = try await tmux.waitFor("shell-is-back-42")
        #expect(!after.contains("OFFER"))  // the alternate screen is gone
        try tmux.run("stty -a | grep -o ' echo ' ; stty -a | grep -o ' icanon '")
        let stty = try await tmux.waitFor(" icanon")
        #expect(stty.contains(" echo"))
    }

    @Test func aSignalQuitsAndRestoresTheTerminal() async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let tmux = try Tmux()
        defer {
            tmux.kill()
            Task { await server.shutdown() }
        }
        try tmux.run("\(RunningCommand.executable.path) --server \(server.url) --user carol")
        try await tmux.waitFor("long-poll waiting")
        let pkill = try runProgram(["pkill", "-TERM", "-f", "signalbox --server \(server.url)"])
        #expect(pkill.status == 0)
        try await tmux.waitUntilGone("q quit")
        try tmux.run("echo back-$((1 + 1))")
        try await tmux.waitFor("back-2")
    }
}

/// `signalbox` alone hosts a mailbox and shows everything on it.
@Suite(.serialized) struct HostUITests {
    @Test func theHostShowsAHandshakeWhileThePeersReceiveEverything() async throws {
        let port = try freePort()
        let url = "http://127.0.0.1:\(port)"
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) --bind 127.0.0.1:\(port) --user host")
        try await tmux.waitFor("signalbox host")

        let alice = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "a"]
        let bob = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        #expect(try await RunningCommand.run(["receive"], environment: alice).status == 1)  // opens alice's inbox
        #expect(try await RunningCommand.run(["receive"], environment: bob).status == 1)
        let offer = #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#
        let answer = #"{"type":"answer","sdp":"v=0\r\na=setup:active\r\n"}"#
        let candidate = #"{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host","sdpMid":"0"}"#
        #expect(try await RunningCommand.run(["send", "--to", "alice", offer], environment: bob).status == 0)
        #expect(try await RunningCommand.run(["send", "--to", "alice", candidate], environment: bob).status == 0)
        #expect(try await RunningCommand.run(["send", "--to", "bob", answer], environment: alice).status == 0)
        #expect(try await RunningCommand.run(["send", "--to", "bob", candidate], environment: alice).status == 0)

        // While they wait, the host shows both inboxes, the messages and their countdowns, and
        // the log tells the story.
        // Both inboxes hold two messages: the screen must get there (snapshots lag the log a bit).
        try await tmux.waitFor(all: [
            " alice ", " bob ", "OFFER", "ANSWER", "CANDIDATE", "idle, expires in",
            "bob sent an offer to alice", "alice sent an answer to bob", "alice sent an ICE candidate to bob",
        ], where: { screen in screen.split(separator: "\n").filter { $0.contains("2/100") }.count == 2 })

        // The peers receive everything, in order: the host view took nothing.
        var toAlice: [String] = []
        var toBob: [String] = []
        for (environment, bodies) in [(alice, [offer, candidate]), (bob, [answer, candidate])] {
            for _ in bodies {
                let received = try await RunningCommand.run(["receive", "--json"], environment: environment)
                #expect(received.status == 0)
                let object = try JSONSerialization.jsonObject(with: Data(received.printed.utf8)) as? [String: Any]
                if environment == alice { toAlice.append(object?["body"] as? String ?? "") } else { toBob.append(object?["body"] as? String ?? "") }
            }
        }
        #expect(toAlice == [offer, candidate])
        #expect(toBob == [answer, candidate])
        try await tmux.waitFor("alice received bob's ICE candidate")

        // alice and bob still have inboxes here: stopping the server asks first.
        try tmux.press("q")
        try await tmux.waitFor("stop the server?")
        try tmux.press("y")
        // The question's footer has no "q quit" to wait for: wait for the UI's title to go.
        try await tmux.waitUntilGone("signalbox host")
        try tmux.run("echo host-gone-$((6 * 7))")
        try await tmux.waitFor("host-gone-42")
    }

    @Test func aBusyPortIsNamedAndNoStackTraceShows() async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        defer { Task { await server.shutdown() } }
        let (status, printed) = try await RunningCommand.run(["--bind", "127.0.0.1:\(server.port)"])
        #expect(status == 1)
        #expect(printed.contains("port \(server.port) on 127.0.0.1 is already in use"))
        #expect(!printed.contains("Fatal"))
    }

    /// The server runs inside the UI's process, so a fault in it (a Swift trap raises SIGILL)
    /// takes the UI down too: the person must still get a working shell back, not a raw,
    /// echo-less terminal stuck on the alternate screen.
    @Test func aCrashWhileHostingStillRestoresTheTerminal() async throws {
        let port = try freePort()
        let tmux = try Tmux()
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) --bind 127.0.0.1:\(port) --user host")
        try await tmux.waitFor("signalbox host")
        let pkill = try runProgram(["pkill", "-ILL", "-f", "signalbox --bind 127.0.0.1:\(port)"])
        #expect(pkill.status == 0)
        try await tmux.waitUntilGone("q quit")
        // Wait on the shell, not on a clock: the crash report may still be printing, and what
        // is typed meanwhile reaches the shell only once the process is gone.
        var shellIsBack = false
        for attempt in 1...10 where !shellIsBack {
            try tmux.run("echo shell-is-back-$((40 + \(attempt)))")
            shellIsBack = (try? await tmux.waitFor("shell-is-back-\(40 + attempt)", within: .seconds(3))) != nil
        }
        #expect(shellIsBack)
        try tmux.run("clear; stty -a | grep -o -e ' echo ' -e ' icanon '; echo terminal-checked-$((6 * 7))")
        let after = try await tmux.waitFor("terminal-checked-42")
        #expect(after.contains(" icanon\n"), "\(after)")
        #expect(after.contains(" echo\n"), "\(after)")
        #expect(!after.contains("signalbox host"))  // the alternate screen is gone
    }

    private func freePort() throws -> Int {
        let socket = try BlockingListener()
        return socket.port
    }
}

/// Finds a free port by binding port 0 and closing at once.
struct BlockingListener {
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw CommandFailure("no free port") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }
}
