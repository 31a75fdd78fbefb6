import Foundation
import Testing
import TestSupport

/// Mistakes a new user makes on the command line: each gets exit status 2 and one sentence that
/// names what is wrong, not a raw error, a "missing value" for a value that is there, or the
/// usage text.
@Suite struct CommandLineErrorTests {
    @Test(arguments: [
        (["serve", "--inbox-timeout", "-1"], "--inbox-timeout must be a number of seconds above 0, not -1"),
        (["serve", "--message-timeout", "-5"], "--message-timeout must be 0 (never) or a number of seconds, not -5"),
        (["serve", "--inbox-capacity", "-3"], "--inbox-capacity must be at least 1, not -3"),
        (["receive", "--user", "alice", "--wait", "-2"], "--wait must be a number of seconds from 0 to 86400, not -2"),
    ])
    func aNegativeNumberIsReadAsTheValueItIs(arguments: [String], said: String) async throws {
        let (status, printed) = try await RunningCommand.run(arguments)
        #expect(status == 2)
        #expect(printed.contains(said), "\(printed)")
        #expect(!printed.contains("Missing value"), "\(printed)")
    }

    @Test(arguments: [
        (["serve", "--bind", "999.1.1.1:3000"], "'999.1.1.1' is not an IPv4 address"),
        (["serve", "--public", "/nonexistent"], "--public /nonexistent: no such file or directory"),
        (["serve", "--tls-cert", "/nonexistent/cert.pem", "--tls-key", "/nonexistent/key.pem"], "--tls-cert /nonexistent/cert.pem: no such file or directory"),
        (["serve", "--record", "/nonexistent/events.jsonl"], "--record /nonexistent/events.jsonl: no such directory: /nonexistent"),
    ])
    func aFlagThatCannotWorkIsAUsageErrorBeforeTheServerStarts(arguments: [String], said: String) async throws {
        let (status, printed) = try await RunningCommand.run(arguments)
        #expect(status == 2)
        #expect(printed.contains(said), "\(printed)")
        #expect(!printed.contains("SocketAddressError") && !printed.contains("failedToLoad"), "a raw error: \(printed)")
    }

    @Test(arguments: [
        (["send", "--user", "bob", "--to", "alice", "--file", "/nonexistent"], "cannot read /nonexistent: No such file or directory"),
        (["send", "--to", "alice", "hello"], "say who you are with --user NAME or SIGNALBOX_USER"),
    ])
    func aSendThatCannotStartSaysWhyInOneLine(arguments: [String], said: String) async throws {
        let (status, printed) = try await RunningCommand.run(arguments)
        #expect(status == 2)
        #expect(printed.contains(said), "\(printed)")
        #expect(!printed.contains("Usage:"), "\(printed)")
    }

    @Test func serveHelpSaysEachDefaultOnceAndListsTheLogLevelsOnce() async throws {
        let (status, printed) = try await RunningCommand.run(["serve", "--help"])
        #expect(status == 0)
        let lines = printed.split(separator: "\n", omittingEmptySubsequences: false)
        let threads = try #require(lines.firstIndex { $0.contains("--threads") })
        let threadsHelp = lines[threads...].prefix(3).joined(separator: " ")
        #expect(threadsHelp.components(separatedBy: "default").count == 2, "\(threadsHelp)")
        #expect(!printed.contains("trace, debug (one line"), "the levels are listed twice: \(printed)")
        #expect(printed.contains("critical"), "\(printed)")
    }
}

@Suite struct UILoggingFlagTests {
    @Test(arguments: ["--log-level", "--log-format"])
    func aLoggingFlagGivenToTheUISaysItIsServes(flag: String) async throws {
        let (status, printed) = try await RunningCommand.run([flag, "debug"])
        #expect(status == 2)
        #expect(printed.contains("\(flag) is a flag of `signalbox serve`"), "\(printed)")
        #expect(!printed.contains("Unknown option"), "\(printed)")
    }
}
