import Foundation
import MailboxServer
import Testing
import TestSupport
@testable import signalbox

/// `signalbox demo`: its recorded Chromium handshake, the scripted peers that play it, and the
/// command in a real terminal.
@Suite struct DemoScriptTests {
    func type(of cue: DemoScript.Cue) -> String {
        let message = try? JSONSerialization.jsonObject(with: Data(cue.post.body)) as? [String: Any]
        return message?["type"] as? String ?? "?"
    }

    func candidateType(of cue: DemoScript.Cue) -> String? {
        let message = try? JSONSerialization.jsonObject(with: Data(cue.post.body)) as? [String: Any]
        guard let line = (message?["candidate"] as? [String: Any])?["candidate"] as? String else { return nil }
        let fields = line.split(separator: " ")
        return fields.count > 7 ? String(fields[7]) : nil
    }

    @Test func theRecordingIsAWholeChromiumHandshake() throws {
        let script = try DemoScript.recorded()
        #expect(script.headline == "alice calls bob")
        #expect(Set(script.peers) == ["alice", "bob"])
        let alice = try #require(script.parts["alice"])
        let bob = try #require(script.parts["bob"])
        #expect(type(of: alice[0]) == "offer")
        #expect(String(decoding: alice[0].post.body, as: UTF8.self).contains("a=fingerprint:sha-256"))
        #expect(type(of: alice.last!) == "bye")
        #expect(type(of: bob[0]) == "answer")
        let candidates = (alice + bob).compactMap(candidateType)
        #expect(Set(candidates).isSuperset(of: ["host", "srflx", "relay"]), "\(candidates)")
        #expect(script.messageCount == alice.count + bob.count)
    }

    @Test func eachPeerWaitsForWhatReachedItInTheRecording() throws {
        let script = try DemoScript.recorded()
        let alice = script.parts["alice"]!, bob = script.parts["bob"]!
        #expect(alice.dropLast().allSatisfy { $0.afterReceiving == 0 }, "alice trickles her candidates after her offer")
        #expect(bob.allSatisfy { $0.afterReceiving == 1 }, "bob answers and trickles once the offer reached him")
        #expect(alice.last!.afterReceiving == bob.count, "alice hangs up once all bob sent reached her")
        #expect(script.arrivals(for: "alice") == bob.count)
        #expect(script.arrivals(for: "bob") == alice.count)
    }

    @Test func aCueWaitsForTheLaterOfItsDeliveryAndThePeersPreviousMessage() throws {
        func line(_ time: Double, _ kind: RecordedEvent.Kind, inbox: String, sender: String? = nil, body: String? = nil, id: UInt64? = nil) -> String {
            String(decoding: RecordedEvent(
                time: time, kind: kind, inbox: inbox, sender: sender,
                body: body.map { Data($0.utf8).base64EncodedString() }, id: id).line(), as: UTF8.self)
        }
        let candidate = #"{"type":"icecandidate","candidate":{"candidate":"candidate:1 1 udp 1 192.0.2.2 9 typ host"}}"#
        let text = [
            line(0, .inboxCreated, inbox: "bob"), line(1, .inboxCreated, inbox: "alice"),
            line(1.5, .posted, inbox: "bob", sender: "alice", body: #"{"type":"offer","sdp":"v=0"}"#, id: 1),
            line(1.75, .posted, inbox: "bob", sender: "alice", body: candidate, id: 2),
            line(2, .posted, inbox: "bob", sender: "carol", body: "not in the script"),
            line(3, .delivered, inbox: "bob", sender: "alice", id: 1),
            line(3.25, .posted, inbox: "alice", sender: "bob", body: "answer"),
            line(3.5, .delivered, inbox: "bob", sender: "alice", id: 2),
            line(4, .posted, inbox: "alice", sender: "bob", body: candidate),
            line(4.5, .posted, inbox: "alice", sender: "bob", body: "bye"),
        ].joined(separator: "\n")
        let script = try DemoScript(Recording.parse(Data(text.utf8), path: "r"))
        #expect(script.peers == ["bob", "alice"])
        #expect(script.parts["alice"]!.map(\.afterReceiving) == [0, 0])
        #expect(script.parts["alice"]!.map(\.delay) == [0.5, 0.25])
        // bob's candidate waits for the offer only, his last message for alice's candidate too.
        #expect(script.parts["bob"]!.map(\.afterReceiving) == [1, 1, 2])
        #expect(script.parts["bob"]!.map(\.delay) == [0.25, 0.75, 0.5])
        #expect(script.messageCount == 5)
    }

    @Test func aRecordingWithoutTwoPeersIsRefused() throws {
        let text = String(decoding: RecordedEvent(time: 0, kind: .inboxCreated, inbox: "alice").line(), as: UTF8.self)
        #expect(throws: RecordingError.self) { try DemoScript(Recording.parse(Data(text.utf8), path: "r")) }
    }
}

@Suite(.serialized) struct DemoTests {
    @Test func theScriptedPeersAnswerOnlyWhatWasReleasedToThem() async throws {
        let script = try DemoScript.recorded()
        let alice = script.parts["alice"]!.count, bob = script.parts["bob"]!.count
        try await withServer { server in
            server.store.setStepMode(true)
            let director = try DemoDirector(script: script, server: server.url, speed: 1)
            try await director.openInboxes()
            let listening = Task { await director.listen() }
            defer { listening.cancel() }
            let playing = Task { await director.playAgain() }
            // alice's offer and candidates are held; bob has nothing to answer yet.
            try await server.waitUntil { $0.heldMessages == alice - 1 }
            #expect(server.store.statistics.messagesAccepted == alice - 1)
            _ = server.store.releaseOldest()  // the offer
            try await server.waitUntil { $0.heldMessages == alice - 2 + bob }
            server.store.setStepMode(false)  // the rest goes by itself, bye included
            await playing.value
            try await server.waitUntil { $0.messagesDelivered == alice + bob }
            #expect(server.store.statistics.messagesAccepted == alice + bob)
            #expect(server.store.statistics.queuedMessages == 0)
        }
    }

    @Test func theDemoShowsBothLanesAndTheOfferThenPlaysAgain() async throws {
        let script = try DemoScript.recorded()
        let tmux = try Tmux(width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) demo --bind 127.0.0.1:0")
        try await tmux.waitFor(all: ["STEP MODE", "DEMO · alice calls bob", "alice ⟳", "bob ⟳", "OFFER", "⏸ held"])
        let before = try tmux.screen()
        #expect(!before.contains("ANSWER"), "bob cannot answer an offer he has not received:\n\(before)")
        try tmux.press("Space")
        try await tmux.waitFor(all: ["ANSWER", "✓ delivered after"])
        try tmux.press("s")  // step mode off: the rest of the handshake plays by itself
        try await tmux.waitFor(all: ["BYE", "· \(script.messageCount) messages"], where: { screen in
            screen.split(separator: "\n").contains { $0.contains("BYE") && $0.contains("✓ delivered") }
        })
        try tmux.press("r")
        try await tmux.waitFor("· \(2 * script.messageCount) messages")
        try tmux.press("q")
        try tmux.press("y")
        try await tmux.waitUntilGone("DEMO")
    }
}
