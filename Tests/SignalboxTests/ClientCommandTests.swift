import Foundation
import MailboxClient
import MailboxCore
import MailboxServer
import SignalboxUI
import Testing
import TestSupport
@testable import signalbox

/// `signalbox send` and `signalbox receive`, run as a user runs them, against a live server.
@Suite struct ClientCommandTests {
    func environment(_ server: MailboxHTTPServer, user: String, password: String = "pw") -> [String: String] {
        ["SIGNALBOX_SERVER": server.url, "SIGNALBOX_USER": user, "SIGNALBOX_PASSWORD": password]
    }

    @Test func twoTerminalsFollowAndSend() async throws {
        try await withServer { server in
            let follower = try RunningCommand(["receive", "--follow"], environment: environment(server, user: "alice"))
            try await server.waitUntilWaiting()
            let offer = try await RunningCommand.run(
                ["send", "--to", "alice", #"{"type":"offer","sdp":"v=0"}"#], environment: environment(server, user: "bob"))
            #expect(offer.status == 0)
            let answer = try await RunningCommand.run(
                ["send", "--server", server.url, "--user", "bob", "--to", "alice", "candidate 1"],
                environment: ["SIGNALBOX_PASSWORD": "pw"])
            #expect(answer.status == 0)
            let printed = try await follower.waitForOutput(containing: "candidate 1\n")
            #expect(printed.contains(#"{"type":"offer","sdp":"v=0"}"# + "\n"))
            #expect(printed.contains("from bob (application/json, 28 bytes)"))
            #expect(printed.contains("from bob (text/plain; charset=utf-8, 11 bytes)"))
            kill(follower.process.processIdentifier, SIGINT)
            #expect(try await follower.exitStatus() == 0)
        }
    }

    @Test func receiveOnceGivesTheMessageOrExit1() async throws {
        try await withServer { server in
            let empty = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice"))
            #expect(empty.status == 1)
            #expect(empty.printed.contains("no message"))
            _ = try await RunningCommand.run(["send", "--to", "alice", "hi"], environment: environment(server, user: "bob"))
            let received = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice"))
            #expect(received.status == 0)
            #expect(received.printed.contains("hi"))
        }
    }

    @Test func receiveWaitsForAMessage() async throws {
        try await withServer { server in
            _ = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice"))
            let waiting = try RunningCommand(["receive", "--wait", "20", "--json"], environment: environment(server, user: "alice"))
            try await server.waitUntilWaiting()
            _ = try await RunningCommand.run(["send", "--to", "alice", "late"], environment: environment(server, user: "bob"))
            #expect(try await waiting.exitStatus() == 0)
            #expect(waiting.printed.contains(#""body":"late""#))
        }
    }

    @Test func jsonLinesCarryTextOrBase64() async throws {
        try await withServer { server in
            _ = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice"))
            _ = try await RunningCommand.run(
                ["send", "--to", "alice", "--content-type", "application/sdp", "v=0"], environment: environment(server, user: "bob"))
            _ = try await RunningCommand.run(
                ["send", "--to", "alice", "-"], environment: environment(server, user: "bob"), standardInput: [0xFF, 0x00, 0x41])
            let text = try await RunningCommand.run(["receive", "--json"], environment: environment(server, user: "alice"))
            let binary = try await RunningCommand.run(["receive", "--json"], environment: environment(server, user: "alice"))

            let textObject = try JSONSerialization.jsonObject(with: Data(text.printed.utf8)) as? [String: Any]
            #expect(textObject?["from"] as? String == "bob")
            #expect(textObject?["content_type"] as? String == "application/sdp")
            #expect(textObject?["body"] as? String == "v=0")
            #expect((textObject?["received_at"] as? String)?.hasSuffix("Z") == true)
            let binaryObject = try JSONSerialization.jsonObject(with: Data(binary.printed.utf8)) as? [String: Any]
            #expect(binaryObject?["body_base64"] as? String == Data([0xFF, 0x00, 0x41]).base64EncodedString())
            #expect(binaryObject?["body"] == nil)
            #expect(binaryObject?["content_type"] as? String == "application/octet-stream")
        }
    }

    @Test func sendReadsAFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("offer-\(UUID()).sdp").path
        try Data("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await withServer { server in
            _ = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice"))
            let sent = try await RunningCommand.run(["send", "--to", "alice", "--file", path], environment: environment(server, user: "bob"))
            #expect(sent.status == 0)
            let received = try await server.client("alice").receive()
            #expect(received.message?.text == "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n")
        }
    }

    @Test func everyFailureHasItsExitStatus() async throws {
        try await withServer(ServerConfiguration(maxBodySize: 10)) { server in
            _ = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice"))
            let wrongPassword = try await RunningCommand.run(["receive"], environment: environment(server, user: "alice", password: "x"))
            #expect(wrongPassword.status == 3)
            #expect(wrongPassword.printed.contains("the username alice is taken with another password"))

            let noPeer = try await RunningCommand.run(["send", "--to", "nobody", "hi"], environment: environment(server, user: "bob"))
            #expect(noPeer.status == 4)
            #expect(noPeer.printed.contains("nobody has no inbox"))

            let tooLarge = try await RunningCommand.run(
                ["send", "--to", "alice", "far too long for it"], environment: environment(server, user: "bob"))
            #expect(tooLarge.status == 5)
            #expect(tooLarge.printed.contains("at most 10 bytes"))

            let noUser = try await RunningCommand.run(["receive", "--server", server.url])
            #expect(noUser.status == 2)
            #expect(noUser.printed.contains("SIGNALBOX_USER"))

            let badServer = try await RunningCommand.run(["receive", "--server", "ftp://x", "--user", "a"])
            #expect(badServer.status == 2)
        }
        let stopped = try await startServer(ServerConfiguration(threads: 1))
        let url = stopped.url
        await stopped.shutdown()
        let unreachable = try await RunningCommand.run(["receive", "--server", url, "--user", "alice"])
        #expect(unreachable.status == 6)
        #expect(unreachable.printed.contains("cannot reach \(url)"))
    }

    @Test(arguments: [
        (#"{"type":"offer"}"#, "application/json"),
        ("[1, 2]", "application/json"),
        ("42", "text/plain; charset=utf-8"),
        ("candidate:1 1 udp", "text/plain; charset=utf-8"),
    ])
    func contentTypesAreGuessedFromTheMessage(message: String, type: String) {
        #expect(ContentTypeGuess.of(Array(message.utf8)) == type)
    }

    @Test func bytesThatAreNotTextAreSentAsOctets() {
        #expect(ContentTypeGuess.of([0xFF, 0xFE]) == "application/octet-stream")
    }
}
