import Foundation
import Testing

/// `--delay` and `--drop-percent`: checked, and loud when on.
@Suite struct FaultFlagTests {
    @Test(arguments: [
        (["serve", "--drop-percent", "101"], "--drop-percent must be from 0 to 100, not 101"),
        (["serve", "--drop-percent=-1"], "--drop-percent must be from 0 to 100, not -1"),
        (["serve", "--delay=-5"], "--delay must be a number of milliseconds from 0"),
        (["serve", "--delay", "soon"], "--delay"),
        (["serve", "--delay", "60000"], "every message would expire before it could be delivered"),
        (["--delay=-5"], "--delay must be a number of milliseconds from 0"),
    ])
    func badFaultFlagsExitWithStatus2AndSayWhy(arguments: [String], mentioned: String) async throws {
        let (status, printed) = try await RunningCommand.run(arguments)
        #expect(status == 2)
        #expect(printed.contains(mentioned), "\(printed)")
    }

    @Test func serveNamesItsFaultsInItsStartLineAndCountsDropsApart() async throws {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0", "--delay", "300", "--drop-percent", "100"])
        let startup = try await command.waitForOutput(containing: "serving http://")
        #expect(startup.contains("TEST FAULTS ON: delay 300 ms, drop 100 %"), "\(startup)")
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
        let alice = ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "a"]
        let bob = ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]
        #expect(try await RunningCommand.run(["receive"], environment: alice).status == 1)
        #expect(try await RunningCommand.run(["send", "--to", "alice", "hello"], environment: bob).status == 0)
        #expect(try await RunningCommand.run(["receive", "--wait", "1"], environment: alice).status == 1)
        kill(command.process.processIdentifier, SIGTERM)
        #expect(try await command.exitStatus() == 0)
        let stopped = try await command.waitForOutput(containing: "stopped:")
        #expect(stopped.contains("1 messages accepted, 0 delivered, 0 expired, 1 dropped on purpose"), "\(stopped)")
    }

    @Test func withoutFaultsTheStartLineSaysNothingOfThem() async throws {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0"])
        let startup = try await command.waitForOutput(containing: "serving http://")
        #expect(!startup.contains("FAULTS"))
        // A request first: serve listens for signals only once it has said it is serving.
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
        #expect(try await RunningCommand.run(["receive"], environment: ["SIGNALBOX_SERVER": String(url), "SIGNALBOX_USER": "a"]).status == 1)
        kill(command.process.processIdentifier, SIGTERM)
        #expect(try await command.exitStatus() == 0)
    }
}
