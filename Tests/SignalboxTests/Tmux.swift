import Foundation
import TestSupport

/// A tmux session running a shell, driven with send-keys and read with capture-pane: the real
/// terminal UI, tested as a person uses it.
final class Tmux {
    let name: String

    init(width: Int = 80, height: Int = 24) throws {
        name = "signalbox-test-\(UUID().uuidString.prefix(8))"
        try Self.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                       "env", "-i", "HOME=\(NSHomeDirectory())", "PATH=/usr/bin:/bin", "TERM=xterm-256color", "SWIFT_BACKTRACE=interactive=no,symbolicate=off",
                       "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "PS1=$ ", "bash", "--norc", "--noprofile"])
    }

    /// Types `text` and presses Enter, as at the shell prompt.
    func run(_ command: String) throws {
        try Self.tmux(["send-keys", "-t", name, "-l", command])
        try Self.tmux(["send-keys", "-t", name, "Enter"])
    }

    /// Presses keys by tmux name: "q", "Escape", "C-c", "Tab", "?".
    func press(_ keys: String...) throws {
        try Self.tmux(["send-keys", "-t", name] + keys)
    }

    /// Writes these bytes to the program as the terminal would, e.g. a raw SGR mouse report.
    func send(bytes text: String) throws {
        try Self.tmux(["send-keys", "-t", name, "-H"] + text.utf8.map { String($0, radix: 16) })
    }

    /// A left click on the cell at 0-based `x`, `y`, as an SGR mouse report (mode 1006).
    func click(x: Int, y: Int) throws {
        try send(bytes: "\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m")
    }

    /// The screen as text.
    func screen() throws -> String {
        try Self.tmux(["capture-pane", "-p", "-t", name])
    }

    /// Waits (at most `limit`) until the screen shows `text`; returns the screen.
    @discardableResult
    func waitFor(_ text: String, within limit: Duration = .seconds(10)) async throws -> String {
        var last = ""
        for _ in 0..<Int(limit / .milliseconds(50)) {
            last = try screen()
            if last.contains(text) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure("the screen never showed '\(text)'; it shows:\n\(last)")
    }

    /// Waits (at most 10 s) until the screen shows every one of `texts` at once, and
    /// `condition` holds for it.
    @discardableResult
    func waitFor(all texts: [String], where condition: (String) -> Bool = { _ in true }) async throws -> String {
        var last = ""
        for _ in 0..<200 {
            last = try screen()
            if texts.allSatisfy(last.contains), condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure("the screen never showed all of \(texts); it shows:\n\(last)")
    }

    /// Waits (at most 10 s) until the screen no longer shows `text`, e.g. until the UI has
    /// quit, so that what is typed next reaches the shell.
    func waitUntilGone(_ text: String) async throws {
        for _ in 0..<200 {
            if !(try screen()).contains(text) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CommandFailure("the screen still shows '\(text)'")
    }

    func kill() {
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        let result = try runProgram(["tmux"] + arguments, timeout: .seconds(20))
        guard result.status == 0 else {
            throw CommandFailure("tmux \(arguments.joined(separator: " ")) failed: \(result.output)")
        }
        return result.output
    }
}
