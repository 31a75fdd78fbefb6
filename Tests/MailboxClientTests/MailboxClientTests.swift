import Foundation
import MailboxClient
import MailboxCore
import MailboxServer
import Testing
import TestSupport

@Suite struct MailboxClientTests {
    @Test func theSeedsHandshakeArrivesOnceInOrderWithTheRightSender() async throws {
        try await withServer { server in
            let alice = try server.client("alice-uuid", password: "a")
            let bob = try server.client("bob-uuid", password: "b")
            #expect(try await alice.receive().message == nil)  // alice opens her inbox

            try await bob.send(Array(#"{"type":"offer","sdp":"v=0"}"#.utf8), to: "alice-uuid", contentType: "application/json")
            let offer = try #require(try await alice.receive().message)
            #expect(offer.sender == "bob-uuid")
            #expect(offer.contentType == "application/json")
            #expect(offer.text == #"{"type":"offer","sdp":"v=0"}"#)

            try await alice.send(Array(#"{"type":"answer","sdp":"v=0"}"#.utf8), to: "bob-uuid")
            for index in 1...4 {
                try await bob.send(Array(#"{"candidate":"bob-\#(index)"}"#.utf8), to: "alice-uuid")
                try await alice.send(Array(#"{"candidate":"alice-\#(index)"}"#.utf8), to: "bob-uuid")
            }

            var toBob: [String] = []
            while let message = try await bob.receive().message {
                #expect(message.sender == "alice-uuid")
                toBob.append(message.text ?? "")
            }
            var toAlice: [String] = []
            while let message = try await alice.receive().message {
                #expect(message.sender == "bob-uuid")
                toAlice.append(message.text ?? "")
            }
            #expect(toBob == [#"{"type":"answer","sdp":"v=0"}"#] + (1...4).map { #"{"candidate":"alice-\#($0)"}"# })
            #expect(toAlice == (1...4).map { #"{"candidate":"bob-\#($0)"}"# })
        }
    }

    @Test func aReplyCarriesTheServersTimersAndPendingCount() async throws {
        let configuration = ServerConfiguration(mailbox: MailboxConfiguration(inboxTimeout: .seconds(30), messageTimeout: .seconds(15)))
        try await withServer(configuration) { server in
            let alice = try server.client("alice")
            let empty = try await alice.receive()
            #expect(empty.timeouts == ServerTimeouts(inbox: .seconds(30), message: .seconds(15), advertised: true))
            #expect(empty.pending == 0)
            try await server.client("bob").send([1, 2, 3], to: "alice")
            try await server.client("bob").send([4], to: "alice")
            let reply = try await alice.receive()
            #expect(reply.message?.body == [1, 2, 3])
            #expect(reply.message?.contentType == "application/octet-stream")
            #expect(reply.pending == 1)
            #expect(reply.message?.age != nil)
        }
    }

    @Test func aLongPollReceivesAMessageSentWhileItWaits() async throws {
        try await withServer { server in
            let alice = try server.client("alice")
            _ = try await alice.receive()
            async let reply = alice.receive(wait: .seconds(20))
            try await server.waitUntilWaiting()
            try await server.client("bob").send(Array("offer".utf8), to: "alice")
            #expect(try await reply.message?.text == "offer")
        }
    }

    @Test func namesThatNeedEscapingWork() async throws {
        try await withServer { server in
            let name = "狐 🦊 a+b&c=d?"
            _ = try await server.client(name).receive()
            try await server.client("bob").send(Array("hi".utf8), to: name)
            #expect(try await server.client(name).receive().message?.text == "hi")
        }
    }
}

@Suite struct ClientErrorTests {
    @Test func aTakenUsernameIsUnauthorized() async throws {
        try await withServer { server in
            _ = try await server.client("alice", password: "right").receive()
            let intruder = try server.client("alice", password: "wrong")
            await #expect(throws: MailboxClientError.unauthorized(username: "alice")) { try await intruder.receive() }
            await #expect(throws: MailboxClientError.unauthorized(username: "alice")) {
                try await intruder.send([1], to: "alice")
            }
            let error = MailboxClientError.unauthorized(username: "alice")
            #expect(error.description == "the username alice is taken with another password")
            #expect(error.isPermanent)
        }
    }

    @Test func aPeerWithoutAnInboxIsNotFound() async throws {
        try await withServer { server in
            let error = MailboxClientError.peerNotFound(peer: "carol")
            await #expect(throws: error) { try await server.client("bob").send([1], to: "carol") }
            #expect(error.description.contains("carol has no inbox: they must poll once before you can send to them"))
        }
    }

    @Test func anOversizedMessageNamesTheLimit() async throws {
        try await withServer(ServerConfiguration(maxBodySize: 100)) { server in
            _ = try await server.client("alice").receive()
            let error = MailboxClientError.messageTooLarge(size: 101, limit: 100)
            await #expect(throws: error) { try await server.client("bob").send(Array(repeating: 1, count: 101), to: "alice") }
            #expect(error.description == "the message is 101 bytes; the server accepts at most 100 bytes")
        }
    }

    @Test func aFullInboxSaysSoWithRetryAfter() async throws {
        try await withServer(ServerConfiguration(mailbox: MailboxConfiguration(inboxCapacity: 1))) { server in
            _ = try await server.client("alice").receive()
            let bob = try server.client("bob")
            try await bob.send([1], to: "alice")
            do {
                try await bob.send([2], to: "alice")
                Issue.record("a full inbox accepted a message")
            } catch let error as MailboxClientError {
                guard case .inboxFull(let peer, let retryAfter, _) = error else {
                    Issue.record("unexpected \(error)")
                    return
                }
                #expect(peer == "alice")
                #expect(retryAfter == 1)
                #expect(error.description.hasPrefix("alice's inbox is full"))
            }
        }
    }

    @Test func anEmptyMessageIsABadRequestWithTheServersReason() async throws {
        try await withServer { server in
            _ = try await server.client("alice").receive()
            await #expect(throws: MailboxClientError.badRequest(reason: "the message is empty")) {
                try await server.client("bob").send([], to: "alice")
            }
        }
    }

    @Test func anUnreachableServerIsNamedWithTheReason() async throws {
        let server = try await startServer()
        let url = server.url
        await server.shutdown()
        let client = try MailboxClient(server: url, username: "alice", password: "pw")
        do {
            _ = try await client.receive()
            Issue.record("a stopped server answered")
        } catch let error as MailboxClientError {
            guard case .unreachable(let named, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(named == url)
            #expect(reason.contains("connection refused"), "\(reason)")
        }
    }

    @Test(arguments: ["ftp://host", "http://", "://x"])
    func badServerAddressesAreRefused(_ server: String) {
        #expect(throws: MailboxClientError.self) { try MailboxClient(server: server, username: "a", password: "") }
    }

    @Test func serverAddressesWithoutSchemeMeanHTTP() throws {
        #expect(try MailboxClient(server: "localhost:3000/", username: "a", password: "").server == "http://localhost:3000")
    }

    @Test(arguments: ["", "a\nb", String(repeating: "x", count: 257)])
    func badUsernamesAreRefusedBeforeAnyRequest(_ name: String) {
        #expect(throws: MailboxClientError.self) { try MailboxClient(server: "localhost:1", username: name, password: "") }
    }
}
