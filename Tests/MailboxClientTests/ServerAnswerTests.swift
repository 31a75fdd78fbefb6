import Foundation
import NIOCore
import NIOHTTP1
import Testing
@testable import MailboxClient

/// How the client reads answers, without sockets: Signalbox's headers, the reference's bare
/// answers, and every refusal in words.
@Suite struct ServerAnswerTests {
    static let now = Date(timeIntervalSince1970: 1_000_000)
    static let fallback = ServerTimeouts(inbox: .seconds(45), message: .seconds(30))

    static func reply(_ status: UInt, _ headers: [(String, String)] = [], body: String = "") throws(MailboxClientError) -> InboxReply {
        try ServerAnswer.reply(
            status: status, headers: HTTPHeaders(headers), body: ByteBuffer(string: body), answeredAt: now,
            fallbackTimeouts: fallback, username: "alice")
    }

    static func sent(_ status: UInt, _ headers: [(String, String)] = [], body: String = "") -> MailboxClientError? {
        do {
            try ServerAnswer.checkSent(
                status: status, headers: HTTPHeaders(headers), body: ByteBuffer(string: body), username: "bob", peer: "alice", size: 70000)
            return nil
        } catch {
            return error
        }
    }

    @Test func aMessageWithOurHeadersIsReadWhole() throws {
        let reply = try Self.reply(200, [
            ("X-From", "bob"), ("Content-Type", "application/json"), ("X-Pending", "2"), ("X-Message-Age", "1.5"),
            ("X-Inbox-Timeout", "60"), ("X-Message-Timeout", "0.5"),
        ], body: "{\"type\":\"offer\"}")
        #expect(reply.message == ReceivedMessage(
            sender: "bob", body: Array("{\"type\":\"offer\"}".utf8), contentType: "application/json", receivedAt: Self.now,
            age: .milliseconds(1500)))
        #expect(reply.pending == 2)
        #expect(reply.timeouts == ServerTimeouts(inbox: .seconds(60), message: .milliseconds(500), advertised: true))
        #expect(reply.answeredAt == Self.now)
    }

    @Test func aBareMessageFromTheReferenceTakesTheFallbackTimeouts() throws {
        let reply = try Self.reply(200, [("X-From", "bob")], body: "hi")
        #expect(reply.message?.text == "hi")
        #expect(reply.message?.contentType == nil)
        #expect(reply.message?.age == nil)
        #expect(reply.pending == nil)
        #expect(reply.timeouts == Self.fallback)
    }

    @Test func halfOfTheTimeoutHeadersIsNoneOfThem() throws {
        #expect(try Self.reply(204, [("X-Inbox-Timeout", "60")]).timeouts == Self.fallback)
        #expect(try Self.reply(204, [("X-Inbox-Timeout", "60"), ("X-Message-Timeout", "soon")]).timeouts == Self.fallback)
    }

    @Test func noMessageIs204OrTheReferencesEmpty200() throws {
        let ours = try Self.reply(204, [("X-Pending", "0")])
        #expect(ours.message == nil)
        #expect(ours.pending == 0)
        // A 204 without X-Pending still says the inbox is empty.
        #expect(try Self.reply(204).pending == 0)
        let reference = try Self.reply(200, [("X-From", "")])
        #expect(reference.message == nil)
        #expect(reference.pending == nil)
        // An empty body from someone is a message (an empty one), not "nothing".
        #expect(try Self.reply(200, [("X-From", "bob")]).message?.body == [])
    }

    @Test func refusalsOfAGetSayWhy() {
        #expect(throws: MailboxClientError.unauthorized(username: "alice")) { try Self.reply(401, body: "wrong password") }
        #expect(throws: MailboxClientError.badRequest(reason: "bad wait")) { try Self.reply(400, body: " bad wait\n") }
        #expect(throws: MailboxClientError.badRequest(reason: "no reason given")) { try Self.reply(400) }
        // A 404 or 503 to a GET is not about a peer.
        #expect(throws: MailboxClientError.refused(status: 404, reason: "")) { try Self.reply(404) }
        #expect(throws: MailboxClientError.refused(status: 503, reason: "busy")) { try Self.reply(503, body: "busy") }
    }

    @Test func sendsAreTakenWith2xxAndRefusedInWords() {
        #expect(Self.sent(200) == nil)
        #expect(Self.sent(201) == nil)
        #expect(Self.sent(204) == .badRequest(reason: "the message is empty"))
        #expect(Self.sent(401) == .unauthorized(username: "bob"))
        #expect(Self.sent(404) == .peerNotFound(peer: "alice"))
        #expect(Self.sent(413, [("X-Max-Body-Size", "65536")]) == .messageTooLarge(size: 70000, limit: 65536))
        #expect(Self.sent(413) == .messageTooLarge(size: 70000, limit: nil))
        #expect(Self.sent(503, [("Retry-After", "2")], body: "alice's inbox is full") == .inboxFull(
            peer: "alice", retryAfter: 2, reason: "alice's inbox is full"))
        #expect(Self.sent(503) == .inboxFull(peer: "alice", retryAfter: nil, reason: "the server refused it"))
        #expect(Self.sent(500, body: "oops") == .refused(status: 500, reason: "oops"))
    }
}
