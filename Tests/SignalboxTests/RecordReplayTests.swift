import Foundation
import Testing
import TestSupport
@testable import signalbox

/// `--record`, `signalbox export --curl` and `signalbox replay`: a conversation kept, and
/// played again.
@Suite struct RecordingFormatTests {
    @Test func aTruncatedOrCorruptLineIsNamed() {
        let good = #"{"body":"aGk=","id":1,"inbox":"alice","kind":"posted","sender":"bob","time":0.5}"#
        let cases: [(String, Int, String)] = [
            (good + "\n" + #"{"body":"aGk=","id":2,"inbox":"al"#, 2, "truncated"),
            (good + "\n\n" + #"{"kind":"teleported","time":1}"#, 3, "unknown kind 'teleported'"),
            (#"{"body":"not base64!","inbox":"alice","kind":"posted","sender":"bob","time":1}"#, 1, "base64"),
            (#"{"kind":"posted","time":1,"body":"aGk="}"#, 1, "sender and an inbox"),
            (good + "\n" + #"{"kind":"delivered","time":0.1,"inbox":"alice"}"#, 2, "not after the line before"),
        ]
        for (text, number, reason) in cases {
            do {
                _ = try Recording.parse(Data(text.utf8), path: "class.jsonl")
                Issue.record("line \(number) was taken: \(text)")
            } catch {
                #expect(error.description.hasPrefix("class.jsonl:\(number): "), "\(error)")
                #expect(error.description.contains(reason), "\(error)")
            }
        }
    }

    @Test func postsComeBackWithTheirBytes() throws {
        let text = #"{"body":"AAH/","contentType":"application/octet-stream","id":1,"inbox":"alice","kind":"posted","sender":"bob","time":0.5}"#
            + "\n" + #"{"id":1,"inbox":"alice","kind":"delivered","sender":"bob","time":0.75}"# + "\n"
        let recording = try Recording.parse(Data(text.utf8), path: "r")
        #expect(recording.events.count == 2)
        #expect(recording.posts == [Recording.Post(
            time: 0.5, sender: "bob", recipient: "alice", contentType: "application/octet-stream", body: [0, 1, 255])])
    }

    @Test func theCurlScriptQuotesWhatTheShellWouldRead() {
        let recording = Recording(events: [RecordedEvent(
            time: 0, kind: .posted, inbox: "o'brien & co", sender: "bob", contentType: "text/plain; charset=utf-8",
            body: Data("$(rm -rf /)".utf8).base64EncodedString(), id: 1)])
        let script = ExportCommand.script(for: recording, named: "r.jsonl")
        #expect(script.contains(#"-u 'o'\''brien & co':"$password""#))
        #expect(script.contains("to=o%27brien%20%26%20co"))
        #expect(!script.contains("rm -rf"))  // bodies travel as base64
        #expect(script.contains("-H 'Content-Type: text/plain; charset=utf-8'"))
    }
}

@Suite(.serialized) struct RecordReplayTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-record-\(UUID())")

    func serve(_ arguments: [String] = []) async throws -> (RunningCommand, String) {
        let command = try RunningCommand(["serve", "--bind", "127.0.0.1:0"] + arguments)
        let startup = try await command.waitForOutput(containing: "serving http://")
        let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
        // serve listens for signals once it has said it is serving: a request makes sure.
        #expect(try await RunningCommand.run(["receive", "--server", String(url), "--user", "probe"]).status == 1)
        return (command, String(url))
    }

    func stop(_ command: RunningCommand) async throws {
        kill(command.process.processIdentifier, SIGTERM)
        #expect(try await command.exitStatus() == 0)
    }

    @Test func recordExportAndReplayDeliverTheSameBodiesInTheSameOrder() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("class.jsonl").path

        let (recorded, url) = try await serve(["--record", file])
        let alice = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "alice-s3cret"]
        let bob = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "bob-s3cret"]
        let offer = #"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#
        #expect(try await RunningCommand.run(["receive"], environment: alice).status == 1)
        #expect(try await RunningCommand.run(["send", "--to", "alice", offer], environment: bob).status == 0)
        #expect(try await RunningCommand.run(["send", "--to", "alice", "-"], environment: bob, standardInput: [0, 1, 255, 10]).status == 0)
        #expect(try await RunningCommand.run(["send", "--to", "alice", "it's $HOME"], environment: bob).status == 0)
        #expect(try await RunningCommand.run(["send", "--to", "nobody", "lost"], environment: bob).status != 0)
        #expect(try await RunningCommand.run(["receive"], environment: alice).status == 0)
        try await stop(recorded)

        let recording = try String(contentsOfFile: file, encoding: .utf8)
        for secret in ["alice-s3cret", "bob-s3cret", "Authorization", Data("bob:bob-s3cret".utf8).base64EncodedString()] {
            #expect(!recording.contains(secret))
        }
        #expect(recording.contains(#""kind":"refused""#))
        #expect(recording.contains(#""kind":"delivered""#))

        let export = try await RunningCommand.run(["export", file, "--curl"])
        #expect(export.status == 0)
        let script = directory.appendingPathComponent("resend.sh").path
        try export.printed.write(toFile: script, atomically: true, encoding: .utf8)

        let (fresh, freshURL) = try await serve()
        let run = try runProgram(["env", "SIGNALBOX_SERVER=\(freshURL)", "sh", script], timeout: .seconds(30))
        #expect(run.status == 0, "\(run.output)")
        let replayed = ["SIGNALBOX_SERVER": freshURL, "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "replay"]
        var bodies: [String] = []
        for _ in 0..<3 {
            let received = try await RunningCommand.run(["receive", "--json"], environment: replayed)
            #expect(received.status == 0)
            let object = try JSONSerialization.jsonObject(with: Data(received.printed.utf8)) as? [String: Any]
            bodies.append((object?["body"] as? String) ?? "base64:" + ((object?["body_base64"] as? String) ?? ""))
        }
        #expect(bodies == [offer, "base64:" + Data([0, 1, 255, 10]).base64EncodedString(), "it's $HOME"])
        #expect(try await RunningCommand.run(["receive"], environment: replayed).status == 1)
        try await stop(fresh)
    }

    @Test func aCorruptRecordingIsRefusedNamingTheLine() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cut.jsonl").path
        try (#"{"inbox":"alice","kind":"inboxCreated","time":0.1}"# + "\n" + #"{"body":"aGk","kind":"po"#)
            .write(toFile: file, atomically: true, encoding: .utf8)
        for arguments in [["export", file, "--curl"], ["replay", file, "--bind", "127.0.0.1:0"]] {
            let (status, printed) = try await RunningCommand.run(arguments)
            #expect(status == 1, "\(arguments): \(printed)")
            #expect(printed.contains("cut.jsonl:2: "), "\(printed)")
            #expect(!printed.contains("Fatal"))
        }
        let missing = try await RunningCommand.run(["export", directory.appendingPathComponent("none").path, "--curl"])
        #expect(missing.status == 1)
        #expect(missing.printed.contains("cannot read the recording"))
    }

    @Test func replayPlaysTheRecordingIntoAHostedMailbox() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("class.jsonl").path
        let offer = Data(#"{"type":"offer","sdp":"v=0\r\na=setup:actpass\r\n"}"#.utf8).base64EncodedString()
        try ([#"{"inbox":"alice","kind":"inboxCreated","time":0.1}"#,
              #"{"body":"\#(offer)","contentType":"application/json","id":1,"inbox":"alice","kind":"posted","sender":"bob","time":1.0}"#,
              #"{"id":1,"inbox":"alice","kind":"delivered","sender":"bob","time":2.0}"#].joined(separator: "\n") + "\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) replay \(file) --speed 4 --bind 127.0.0.1:0")
        try await tmux.waitFor(all: ["bob sent an offer to alice", "alice received bob's offer"])
        try tmux.press("d")
        try await tmux.waitFor("✓ delivered after")
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }
}

@Suite struct RecordFlagTests {
    @Test func aRecordingThatCannotBeWrittenStopsServeAtOnce() async throws {
        let (status, printed) = try await RunningCommand.run(
            ["serve", "--bind", "127.0.0.1:0", "--record", "/nonexistent-directory/class.jsonl"])
        #expect(status == 2)  // a bad flag's value, said in one sentence
        #expect(printed.contains("--record /nonexistent-directory/class.jsonl: no such directory"), "\(printed)")
    }
}
