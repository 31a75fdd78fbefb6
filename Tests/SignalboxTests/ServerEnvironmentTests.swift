import Foundation
import MailboxClient
import Testing
import TestSupport
@testable import signalbox

/// Every `serve` flag from the environment (`SIGNALBOX_…`), the flag winning.
@Suite struct ServerEnvironmentTests {
    @Test func variablesBecomeTheFlagsTheCommandLineDoesNotGive() throws {
        let environment = [
            "SIGNALBOX_INBOX_TIMEOUT": "30", "SIGNALBOX_BIND": "0.0.0.0:4000", "SIGNALBOX_LONG_POLLING": "false",
            "SIGNALBOX_CORS": "yes", "SIGNALBOX_PAGES": "1", "SIGNALBOX_MAX_BYTES": "", "SIGNALBOX_USER": "alice",
        ]
        let (arguments, applied) = try ServerEnvironment.arguments(["serve", "--bind", "127.0.0.1:0"], environment: environment)
        #expect(arguments == ["serve", "--bind", "127.0.0.1:0", "--inbox-timeout", "30", "--no-long-polling", "--cors", "--pages"])
        #expect(applied.map(\.variable) == ["SIGNALBOX_INBOX_TIMEOUT", "SIGNALBOX_LONG_POLLING", "SIGNALBOX_CORS", "SIGNALBOX_PAGES"])
    }

    @Test func aFlagInAnyFormWins() throws {
        let environment = ["SIGNALBOX_INBOX_TIMEOUT": "30", "SIGNALBOX_LONG_POLLING": "true", "SIGNALBOX_CORS": "false"]
        let (arguments, _) = try ServerEnvironment.arguments(
            ["serve", "--inbox-timeout=5", "--no-long-polling"], environment: environment)
        #expect(arguments == ["serve", "--inbox-timeout=5", "--no-long-polling"])
    }

    @Test func onlyTheCommandsThatHostTakeThem() throws {
        let environment = ["SIGNALBOX_INBOX_TIMEOUT": "30", "SIGNALBOX_LOG_LEVEL": "debug"]
        #expect(try ServerEnvironment.arguments(["send", "--to", "bob", "hi"], environment: environment).arguments
            == ["send", "--to", "bob", "hi"])
        // The UI hosts too, but logs nothing to stderr: it has no --log-level.
        #expect(try ServerEnvironment.arguments(["--server", "http://x"], environment: environment).arguments
            == ["--server", "http://x", "--inbox-timeout", "30"])
        #expect(try ServerEnvironment.arguments([], environment: environment).arguments == ["--inbox-timeout", "30"])
        // Nothing is added after `--`, where the arguments stop being flags.
        #expect(try ServerEnvironment.arguments(["serve", "--", "x"], environment: environment).arguments
            == ["serve", "--inbox-timeout", "30", "--log-level", "debug", "--", "x"])
    }

    @Test func anOnOffVariableThatIsNeitherIsNamed() {
        #expect(throws: EnvironmentError(variable: "SIGNALBOX_CORS", value: "maybe")) {
            try ServerEnvironment.arguments(["serve"], environment: ["SIGNALBOX_CORS": "maybe"])
        }
    }

    /// The list of variables and the commands' flags cannot drift apart: a flag added to
    /// `serve` without a variable, or without naming it in its help, fails here.
    @Test func everyServeFlagHasAVariableNamedInItsHelp() async throws {
        let (status, printed) = try await RunningCommand.run(["serve", "--experimental-dump-help"])
        #expect(status == 0)
        let dump = try #require(JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        let arguments = try #require(command["arguments"] as? [[String: Any]])
        var flags: [String] = []
        for argument in arguments {
            let names = (argument["names"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "long" }
            // An inverted flag's --no- form is listed apart, under the same variable.
            guard let name = names.first?["name"] as? String, !["help", "version"].contains(name),
                  !(name.hasPrefix("no-") && flags.contains(String(name.dropFirst(3))))
            else { continue }
            flags.append(name)
            let abstract = argument["abstract"] as? String ?? ""
            #expect(abstract.contains("(env: \(ServerEnvironment.variable(for: name)))"), "--\(name): \(abstract)")
        }
        #expect(flags == ServerEnvironment.flags.map(\.name))
    }

    @Test func serveTakesItsSettingsFromTheEnvironmentAndTheFlagWins() async throws {
        let environment = [
            "SIGNALBOX_BIND": "127.0.0.1:0", "SIGNALBOX_INBOX_TIMEOUT": "7", "SIGNALBOX_MESSAGE_TIMEOUT": "8",
            "SIGNALBOX_INBOX_CAPACITY": "3", "SIGNALBOX_LONG_POLLING": "false", "SIGNALBOX_CORS": "on",
        ]
        let server = try RunningCommand(["serve", "--message-timeout", "9"], environment: environment)
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let startup = try await server.waitForOutput(containing: "serving http://")
        for setting in ["inbox 7 s", "message 9 s", "capacity 3", "long poll off", "CORS on"] {
            #expect(startup.contains(setting), "\(setting): \(startup)")
        }
        let url = String(try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1))
        // The server itself runs with them, as its own headers say.
        let reply = try await MailboxClient(server: url, username: "alice", password: "a").receive()
        #expect(reply.timeouts.inbox == .seconds(7))
        #expect(reply.timeouts.message == .seconds(9))
    }

    @Test func aBadValueFromTheEnvironmentIsNamedWithItsVariable() async throws {
        let (status, printed) = try await RunningCommand.run(["serve"], environment: ["SIGNALBOX_INBOX_TIMEOUT": "-1"])
        #expect(status == 2)
        #expect(printed.contains("--inbox-timeout must be a number of seconds above 0, not -1"), "\(printed)")
        #expect(printed.contains("--inbox-timeout came from the environment: SIGNALBOX_INBOX_TIMEOUT=-1"), "\(printed)")

        let onOff = try await RunningCommand.run(["serve"], environment: ["SIGNALBOX_LONG_POLLING": "sometimes"])
        #expect(onOff.status == 2)
        #expect(onOff.printed.contains("SIGNALBOX_LONG_POLLING must be true or false"), "\(onOff.printed)")
    }
}
