import Foundation
import MailboxClient
import Synchronization
import Testing
import TestSupport

/// The client against a stand-in for the Go reference server, which sends none of our headers.
@Suite struct ReferenceInteropTests {
    @Test func aHandshakeWorksAndAnEmpty200MeansNoMessage() async throws {
        let reference = try await ReferenceStandIn(holdsEmptyGets: false)
        defer { Task { await reference.stop() } }
        var alice = try MailboxClient(server: reference.url, username: "alice", password: "a")
        alice.fallbackTimeouts = ServerTimeouts(inbox: .seconds(45), message: .seconds(30))
        let bob = try MailboxClient(server: reference.url, username: "bob", password: "b")

        let empty = try await alice.receive()
        #expect(empty.message == nil)
        #expect(empty.pending == nil)
        #expect(empty.timeouts == ServerTimeouts(inbox: .seconds(45), message: .seconds(30), advertised: false))

        try await bob.send(Array("offer".utf8), to: "alice", contentType: "application/json")
        let offer = try #require(try await alice.receive().message)
        #expect(offer.text == "offer")
        #expect(offer.sender == "bob")
        #expect(offer.age == nil)

        try await alice.send(Array("answer".utf8), to: "bob")
        #expect(try await bob.receive().message?.text == "answer")
        await #expect(throws: MailboxClientError.peerNotFound(peer: "carol")) { try await bob.send([1], to: "carol") }
        let intruder = try MailboxClient(server: reference.url, username: "alice", password: "guess")
        await #expect(throws: MailboxClientError.unauthorized(username: "alice")) { try await intruder.receive() }
    }

    @Test func aServerThatHoldsEveryGetCountsAsNoMessageAfterTheGrace() async throws {
        let reference = try await ReferenceStandIn(holdsEmptyGets: true)
        defer { Task { await reference.stop() } }
        var alice = try MailboxClient(server: reference.url, username: "alice", password: "a")
        alice.grace = .seconds(1)  // generous: an answer that takes longer would count as "no message"
        let bob = try MailboxClient(server: reference.url, username: "bob", password: "b")

        #expect(try await alice.receive(wait: .zero).message == nil)
        try await bob.send(Array("offer".utf8), to: "alice")
        #expect(try await alice.receive(wait: .zero).message?.text == "offer")
    }

    @Test func thePollerKeepsGoingAgainstAServerThatHoldsEveryGet() async throws {
        let reference = try await ReferenceStandIn(holdsEmptyGets: true)
        defer { Task { await reference.stop() } }
        var alice = try MailboxClient(server: reference.url, username: "alice", password: "a")
        alice.grace = .seconds(1)
        var configuration = InboxPoller.Configuration()
        configuration.longPollWait = .milliseconds(500)
        configuration.interval = .milliseconds(100)
        let poller = InboxPoller(client: alice, configuration: configuration)
        let bob = try MailboxClient(server: reference.url, username: "bob", password: "b")

        // bob sends once alice's poll is held (the poller says so only once the server has it).
        let sent = Atomic(false)
        let seen = try await events(of: poller) { seen in
            if seen.last?.isLongPolling == true, !sent.exchange(true, ordering: .relaxed) {
                Task { try await bob.send(Array("offer".utf8), to: "alice") }
            }
            return seen.messages == ["offer"]
        }
        #expect(seen.contains(where: { $0.isLongPolling }))
        #expect(!seen.contains { if case .failed = $0 { true } else { false } })
    }
}
