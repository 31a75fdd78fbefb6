import Foundation
import Testing
import TestSupport

/// The real binary hosting in tmux: a refusal decided in the HTTP layer reaches the host's log,
/// and the log can be focused and scrolled.
@Suite(.serialized) struct HostLogUITests {
    @Test func aTooLargeMessageIsLoggedWithItsReasonAndTheLogScrolls() async throws {
        let tmux = try Tmux()
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) --bind 127.0.0.1:0 --max-body-size 16 --user host")
        let screen = try await tmux.waitFor("signalbox host · http://127.0.0.1:")
        let url = try #require(screen.firstMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+/).map { String($0.output) })

        let oversized = try runProgram(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:a",
                                        "--data", String(repeating: "x", count: 17), "\(url)/inbox?to=bob"])
        #expect(oversized.output == "413")
        try await tmux.waitFor("refused POST /inbox as alice from 127.0.0.1 (413): message is 17+")

        try tmux.press("l")
        try await tmux.waitFor("log · scrolling 1-2/2")  // the host's own inbox opened first
        try tmux.press("Escape", "q")
        try await tmux.waitUntilGone("q quit")
    }
}
