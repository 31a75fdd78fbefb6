import Foundation
import MailboxClient
import Testing
import TestSupport
@testable import signalbox

@Suite struct ServeCommandTests {
    @Test(arguments: [
        (["serve", "--inbox-timeout", "-1"], "--inbox-timeout"),
        (["serve", "--message-timeout", "soon"], "--message-timeout"),
        (["serve", "--bind", "nonsense"], "--bind"),
        (["serve", "--bind", "127.0.0.1:70000"], "--bind"),
        (["serve", "--inbox-capacity", "0"], "--inbox-capacity"),
        (["serve", "--threads", "0"], "--threads"),
        (["serve", "--tls-cert", "cert.pem"], "--tls-key"),
        (["serve", "--bogus"], "--bogus"),
    ])
    func badFlagsExitWithStatus2AndSayWhy(arguments: [String], mentioned: String) async throws {
        let (status, printed) = try await RunningCommand.run(arguments)
        #expect(status == 2)
        #expect(printed.contains(mentioned), "\(printed)")
    }

    @Test func serveAnswersPeersThenStopsOnSIGTERMAnsweringWaitingPolls() async throws {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0", "--inbox-timeout", "5"])
        let startup = try await command.waitForOutput(containing: "serving http://")
        #expect(startup.contains("inbox 5 s"))
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)

        #expect(try await status(of: "GET", "\(url)/healthz") == 200)
        // SIGTERM once the poll is on the server's socket: waiting or about to, it gets a 204.
        let (sent, signal) = AsyncStream.makeStream(of: Void.self)
        let alice = try MailboxClient(server: String(url), username: "alice", password: "pw")
        let poll = Task { try await alice.receive(wait: .seconds(20), onSent: { signal.yield() }) }
        for await _ in sent { break }
        // A poll not yet read when the loops close is cut, not answered: SIGTERM once the
        // server has read it, which opened alice's inbox. An empty post to her says so without
        // changing anything: 404 while she has no inbox, 400 once she has.
        try await eventually("alice's poll to reach the server") {
            try await status(of: "POST", "\(url)/inbox?to=alice", user: "bob") == 400
        }
        kill(command.process.processIdentifier, SIGTERM)
        let answer = try await poll.value
        #expect(answer.message == nil)
        #expect(answer.pending == 0)  // a 204 from the server, not the client giving up
        #expect(try await command.exitStatus() == 0)
        let stopped = try await command.waitForOutput(containing: "stopped:")
        #expect(stopped.contains("0 messages accepted, 0 delivered, 0 expired"))
    }

    @Test func aSIGTERMSentAsSoonAsTheStartLineShowsStopsTheServer() async throws {
        for _ in 0..<5 {
            let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0"])
            _ = try await command.waitForOutput(containing: "serving http://")
            kill(command.process.processIdentifier, SIGTERM)
            #expect(try await command.exitStatus() == 0)
            _ = try await command.waitForOutput(containing: "stopped:")
        }
    }

    @Test func aBusyPortIsNamedWithASuggestion() async throws {
        let first = try RunningCommand(["serve", "--bind", "127.0.0.1:0"])
        let startup = try await first.waitForOutput(containing: "serving http://")
        let port = try #require(startup.firstMatch(of: /127\.0\.0\.1:(\d+)/)?.1)
        let (status, printed) = try await RunningCommand.run(["serve", "--bind", "127.0.0.1:\(port)"])
        #expect(status == 1)
        #expect(printed.contains("port \(port) on 127.0.0.1 is already in use"), "\(printed)")
        #expect(!printed.contains("Fatal error"))
        kill(first.process.processIdentifier, SIGINT)
        #expect(try await first.exitStatus() == 0)
    }

    @Test(arguments: [([String](), "peer page at /", 200), (["--no-pages"], "no pages", 404)])
    func theBinaryServesItsPeerPageUnlessToldNot(flags: [String], said: String, status expected: Int) async throws {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0"] + flags)
        let startup = try await command.waitForOutput(containing: "serving http://")
        #expect(startup.contains(said), "\(startup)")
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
        #expect(try await status(of: "GET", "\(url)/?name=alice") == expected)
        kill(command.process.processIdentifier, SIGTERM)
        #expect(try await command.exitStatus() == 0)
    }

    @Test(arguments: [
        ("127.0.0.1:3000", "127.0.0.1", 3000),
        ("0.0.0.0:8080", "0.0.0.0", 8080),
        (":3000", "0.0.0.0", 3000),
        ("[::1]:3000", "::1", 3000),
        ("localhost:0", "localhost", 0),
    ])
    func bindAddressesParse(text: String, host: String, port: Int) {
        #expect(BindAddress(parsing: text) == BindAddress(host: host, port: port))
    }

    @Test(arguments: ["3000", "::1:3000", "host:", "host:port", "[::1]3000", "a:-1"])
    func badBindAddressesAreRefused(text: String) {
        #expect(BindAddress(parsing: text) == nil)
    }

    /// The status curl sees for one request, as a user at a shell would make it.
    private func status(of method: String, _ url: String, user: String? = nil) async throws -> Int {
        var arguments = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method, url]
        if let user { arguments += ["-u", "\(user):pw"] }
        let curl = try await runProgramInBackground(arguments)
        return Int(curl.output) ?? -1
    }
}

@Suite struct LogSecrecyTests {
    static let password = "pa55-w0rd-XYZZY"
    static let body = "secret-body-PLUGH"

    /// Everything a log could leak, through the server at `url`: alice opens her inbox with
    /// ``password``, bob sends her ``body``, she reads it, and bob tries a wrong password.
    static func exchangeSecrets(with url: String) async throws {
        for arguments in [
            ["receive", "--server", url, "--user", "alice"],
            ["send", "--server", url, "--user", "bob", "--to", "alice", body],
            ["receive", "--server", url, "--user", "alice"],
            ["receive", "--server", url, "--user", "bob", "--password", "wrong"],
        ] {
            _ = try await RunningCommand.run(arguments, environment: ["SIGNALBOX_PASSWORD": password])
        }
    }

    @Test func evenTraceLogsHoldNoPasswordCredentialsOrBody() async throws {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0", "--log-level", "trace"])
        let startup = try await command.waitForOutput(containing: "serving http://")
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
        let (password, body) = (LogSecrecyTests.password, LogSecrecyTests.body)
        try await LogSecrecyTests.exchangeSecrets(with: String(url))
        let printed = try await command.waitForOutput(containing: "GET /inbox 401")
        kill(command.process.processIdentifier, SIGTERM)
        _ = try await command.exitStatus()
        #expect(printed.contains("POST /inbox 200"))
        #expect(!printed.contains(password))
        #expect(!printed.contains(Data("bob:\(password)".utf8).base64EncodedString()))
        #expect(!printed.contains(body))
        #expect(!printed.contains("Authorization"))
    }
}
