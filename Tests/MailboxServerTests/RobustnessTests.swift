import Foundation
import MailboxCore
import MailboxServer
import Testing

/// What real clients do wrong, over raw sockets: the server answers with a 4xx and keeps
/// serving everyone else.
@Suite struct RobustnessTests {
    let configuration = ServerConfiguration(maxBodySize: 1024)

    func authorization(_ user: String) -> String {
        "Authorization: Basic \(Data("\(user):pw".utf8).base64EncodedString())\r\n"
    }

    @Test func severalRequestsShareOneKeepAliveConnection() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            try await connection.sendRequest("GET", "/inbox?wait=0", user: "alice")
            #expect(try await connection.readResponse()?.status == 204)
            try await connection.sendRequest("POST", "/inbox?to=alice", user: "alice", body: Array("note to self".utf8))
            #expect(try await connection.readResponse()?.status == 200)
            try await connection.sendRequest("GET", "/inbox", user: "alice")
            #expect(try await connection.readResponse()?.text == "note to self")
            await connection.close()
        }
    }

    /// A connection remembers its last credentials to skip decoding and hashing them again:
    /// other credentials on the same connection must still count as what they are.
    @Test func eachRequestOnAConnectionIsJudgedByItsOwnCredentials() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            for (user, password, status) in [("alice", "pw", 204), ("alice", "guess", 401), ("alice", "pw", 204),
                                              ("bob", "pw", 204), ("alice", "", 401), ("bob", "pw", 204)] {
                try await connection.sendRequest("GET", "/inbox?wait=0", user: user, password: password)
                #expect(try await connection.readResponse()?.status == status, "\(user):\(password)")
            }
            try await connection.sendRequest("GET", "/inbox?wait=0")
            #expect(try await connection.readResponse()?.status == 401)
            #expect(server.store.statistics.authenticationFailures == 2)
            await connection.close()
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            var batch = ""
            for index in 1...5 {
                batch += "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("bob"))Content-Length: 2\r\n\r\nm\(index)"
            }
            for _ in 1...5 {
                batch += "GET /inbox?wait=0 HTTP/1.1\r\nHost: x\r\n\(authorization("alice"))\r\n"
            }
            batch += "GET /inbox?wait=0 HTTP/1.1\r\nHost: x\r\n\(authorization("alice"))\r\n"
            try await connection.send(batch)
            for _ in 1...5 {
                #expect(try await connection.readResponse()?.status == 200)
            }
            for index in 1...5 {
                #expect(try await connection.readResponse()?.text == "m\(index)")
            }
            #expect(try await connection.readResponse()?.status == 204)
            await connection.close()
        }
    }

    @Test func aRequestPipelinedBehindAWaitingLongPollIsAnsweredAfterIt() async throws {
        try await withServer { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            try await connection.send(
                "GET /inbox?wait=20 HTTP/1.1\r\nHost: x\r\n\(authorization("alice"))\r\n"
                + "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("alice"))Content-Length: 4\r\n\r\nself")
            try await server.waitUntil { $0.waitingPolls == 1 }
            #expect(server.store.statistics.queuedMessages == 0)  // the POST waits its turn
            #expect(try await server.post("offer", from: "bob", to: "alice").status == 200)
            #expect(try await connection.readResponse()?.text == "offer")
            #expect(try await connection.readResponse()?.status == 200)
            #expect(try await server.get("alice").text == "self")
            await connection.close()
        }
    }

    @Test func aRequestSplitByteByByteIsUnderstood() async throws {
        try await withServer { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            let request = "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("bob"))Content-Length: 5\r\n\r\nhello"
            for byte in request.utf8 {
                try await connection.send([byte])
            }
            #expect(try await connection.readResponse()?.status == 200)
            #expect(try await server.get("alice").text == "hello")
            await connection.close()
        }
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "\u{0}\u{1}\u{2}\u{3} binary noise \u{FF}\r\n\r\n",
        "GET /inbox HTTP/1.1\r\nBad Header Without Colon\r\n\r\n",
        "POST /inbox?to=a HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        "POST /inbox?to=a HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
        "POST /inbox?to=a HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
    ])
    func malformedRequestsGet400AndTheServerCarriesOn(_ garbage: String) async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            try await connection.send(garbage)
            let response = try await connection.readResponse()
            #expect(response == nil || (400..<500).contains(response!.status))
            #expect(await connection.isClosedByServer())
            #expect(try await server.get("alice").status == 204)
        }
    }

    @Test func anUnknownHTTPVersionGets505() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            try await connection.send("GET /inbox HTTP/9.9\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 505)
            #expect(await connection.isClosedByServer())
        }
    }

    @Test func anOversizedHeaderSectionGets431() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            let huge = String(repeating: "x", count: 100_000)
            try await connection.send("GET /inbox HTTP/1.1\r\nHost: x\r\nX-Huge: \(huge)\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 431)
            #expect(await connection.isClosedByServer())
            #expect(try await server.get("alice").status == 204)
        }
    }

    @Test func aDeclaredOversizedBodyGets413BeforeItIsSent() async throws {
        try await withServer(configuration) { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            try await connection.send(
                "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("bob"))Content-Length: 1025\r\nExpect: 100-continue\r\n\r\n")
            let response = try await connection.readResponse()
            #expect(response?.status == 413)
            #expect(response?.text.contains("1024") == true)
            #expect(await connection.isClosedByServer())
            #expect(server.store.statistics.queuedMessages == 0)
        }
    }

    @Test func aBodyOfExactlyTheLimitIsAccepted() async throws {
        try await withServer(configuration) { server in
            _ = try await server.get("alice")
            #expect(try await server.post([UInt8](repeating: 7, count: 1024), from: "bob", to: "alice").status == 200)
            #expect(try await server.post([UInt8](repeating: 7, count: 1025), from: "bob", to: "alice").status == 413)
            #expect(try await server.get("alice").body.count == 1024)
        }
    }

    @Test func aChunkedBodyIsCutOffWith413WhileItStreams() async throws {
        try await withServer(configuration) { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            try await connection.send(
                "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("bob"))Transfer-Encoding: chunked\r\n\r\n")
            let chunk = String(repeating: "a", count: 512)
            for _ in 0..<3 {
                try await connection.send("200\r\n\(chunk)\r\n")
            }
            let response = try await connection.readResponse()
            #expect(response?.status == 413)
            try? await connection.send("0\r\n\r\n")
            #expect(await connection.isClosedByServer())
            #expect(server.store.statistics.queuedMessages == 0)
            #expect(try await server.get("alice").status == 204)
        }
    }

    @Test func aChunkedBodyWithinTheLimitIsAccepted() async throws {
        try await withServer(configuration) { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            try await connection.send(
                "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("bob"))Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 200)
            #expect(try await server.get("alice").text == "hello world")
            await connection.close()
        }
    }

    @Test func expectContinueGets100ThenTheAnswer() async throws {
        try await withServer { server in
            _ = try await server.get("alice")
            let connection = try await RawConnection(port: server.port)
            try await connection.send(
                "POST /inbox?to=alice HTTP/1.1\r\nHost: x\r\n\(authorization("bob"))Content-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 100)
            try await connection.send("hello")
            #expect(try await connection.readResponse()?.status == 200)
            await connection.close()
        }
    }

    @Test func http10ClientsGetAnAnswerAndAClose() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            try await connection.send("GET /inbox?wait=0 HTTP/1.0\r\n\(authorization("alice"))\r\n")
            let response = try await connection.readResponse()
            #expect(response?.status == 204)
            #expect(await connection.isClosedByServer())
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { server in
            let connection = try await RawConnection(port: server.port)
            try await connection.sendRequest("GET", "/healthz", headers: [("Connection", "close")])
            let response = try await connection.readResponse()
            #expect(response?.status == 200)
            #expect(response?.header("Connection") == "close")
            #expect(await connection.isClosedByServer())
        }
    }
}
