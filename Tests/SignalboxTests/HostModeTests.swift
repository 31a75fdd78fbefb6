import Foundation
import MailboxCore
import MailboxServer
import SignalboxUI
import Testing
import TestSupport
@testable import signalbox

/// What the host view makes of the store, on a manual clock.
@Suite struct HostModeTests {
    let clock = ManualClock()
    let now = Date(timeIntervalSince1970: 1_764_079_200)

    func name(_ text: String) -> Username { try! Username(validating: text) }

    @Test func snapshotsBecomeCountdownsAtKnownValues() {
        let store = MailboxStore<Int>(configuration: MailboxConfiguration(messageTimeout: .seconds(30)), clock: clock)
        _ = store.receive(owner: name("alice"), password: [])
        clock.advance(by: .seconds(10))
        _ = store.post(sender: name("bob"), password: [], recipient: name("alice"), body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8))
        _ = store.receive(owner: name("carol"), password: [], waiter: 7)
        clock.advance(by: .seconds(5))

        let inboxes = HostSnapshot.inboxes(from: store.snapshot(), at: now)
        #expect(inboxes.map(\.owner) == ["alice", "bob", "carol"])
        let alice = inboxes[0]
        #expect(alice.expiresAt == now.addingTimeInterval(45))  // asked at 0 s, now 15 s, timeout 60 s
        #expect(alice.messages == [HostMessage(sender: "bob", size: 28, kind: .offer, expiresAt: now.addingTimeInterval(25))])
        #expect(inboxes[2].hasWaitingPoll)
    }

    @Test func aMessageAndAnInboxExpiringAreToldInPlainWords() {
        var lines: [String] = []
        let store = MailboxStore<Int>(configuration: MailboxConfiguration(messageTimeout: .seconds(30)), clock: clock)
        store.onEvent = { lines.append(HostEventWording.describe($0)) }
        _ = store.receive(owner: name("alice"), password: Array("a".utf8))
        _ = store.post(sender: name("bob"), password: [], recipient: name("alice"), body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8))
        _ = store.receive(owner: name("alice"), password: Array("guess".utf8), origin: "192.168.1.33")
        clock.advance(by: .seconds(30))
        store.removeExpired()
        #expect(HostSnapshot.inboxes(from: store.snapshot(), at: now)[0].messages.isEmpty)
        clock.advance(by: .seconds(30))
        store.removeExpired()
        #expect(lines == [
            "alice opened an inbox",
            "bob opened an inbox",
            "bob sent an offer to alice",
            "wrong password for alice from 192.168.1.33 (401)",
            "bob's offer to alice expired unread",
            "alice's inbox expired after 60 s idle",
            "bob's inbox expired after 60 s idle",
        ])
    }

    @Test func refusalsAreToldWithTheirStatusAndReason() {
        let tooLarge = RefusedRequest(
            status: 413, request: "POST /inbox", caller: name("alice"), origin: "127.0.0.1",
            reason: "message is 70000+ bytes, the limit is 65536 bytes")
        #expect(HostEventWording.describe(.requestRefused(tooLarge))
            == "refused POST /inbox as alice from 127.0.0.1 (413): message is 70000+ bytes, the limit is 65536 bytes")
        let unreadable = RefusedRequest(status: 400, request: nil, caller: nil, origin: nil, reason: "malformed HTTP request")
        #expect(HostEventWording.describe(.requestRefused(unreadable)) == "refused a malformed request (400): malformed HTTP request")
        #expect(HostEventWording.describe(.postRefused(sender: name("bob"), recipient: name("alice"), reason: .recipientFull))
            == "bob could not send to alice: alice's inbox is full (503)")
    }

    @Test func joinInstructionsForALoopbackServerSayHowToOpenIt() async throws {
        let server = try await startServer(ServerConfiguration(threads: 1))
        let join = JoinInstructions.make(for: server)
        await server.shutdown()
        #expect(join.urls == [server.url])
        #expect(join.hint.contains { $0.hasSuffix("signalbox --bind 0.0.0.0:\(server.port)") })
        #expect(join.command == "signalbox --server \(server.url)")
    }

    /// The host view and the start line tell the same settings, to the millisecond.
    @Test func theJoinPanelAndTheStartLineTellTheSameSettings() async throws {
        var configuration = ServerConfiguration(threads: 1)
        configuration.mailbox = MailboxConfiguration(inboxTimeout: .milliseconds(1500), messageTimeout: .zero)
        configuration.longPolling = false
        let server = try await startServer(configuration)
        let join = JoinInstructions.make(for: server)
        await server.shutdown()
        #expect(Array(join.settings.prefix(5)) == ["inbox 1.5 s", "message never", "capacity 100", "body 65.5 KB", "long poll off"])
        let startLine = ServerSettings.all(of: server.configuration)
        #expect(Array(startLine.prefix(5)) == Array(join.settings.prefix(5)))
    }
}
