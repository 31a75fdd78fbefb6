import Foundation
import MailboxCore
import MailboxServer
import Testing

/// DESIGN.md §1 over real HTTP on loopback, rule by rule.
@Suite struct ProtocolTests {
    @Test func alicAndBobExchangeAnOfferAndAnAnswer() async throws {
        try await withServer { server in
            let first = try await server.get("alice")
            #expect(first.status == 204)
            #expect(first.body.isEmpty)
            #expect(first.header("X-Pending") == "0")
            #expect(first.header("X-Inbox-Timeout") == "60")
            #expect(first.header("X-Message-Timeout") == "60")

            let offer = #"{"type":"offer","sdp":"v=0\r\n"}"#
            let sent = try await server.post(offer, from: "bob", to: "alice", contentType: "application/json")
            #expect(sent.status == 200)

            let received = try await server.get("alice")
            #expect(received.status == 200)
            #expect(received.text == offer)
            #expect(received.header("X-From") == "bob")
            #expect(received.header("Content-Type") == "application/json")
            #expect(received.header("X-Pending") == "0")
            #expect(Double(received.header("X-Message-Age") ?? "") != nil)

            #expect(try await server.post("answer", from: "alice", to: "bob").status == 200)
            let answer = try await server.get("bob")
            #expect(answer.text == "answer")
            #expect(answer.header("X-From") == "alice")
            #expect(answer.header("Content-Type") == "application/octet-stream")
        }
    }

    @Test func messagesArriveInOrderWithThePendingCount() async throws {
        try await withServer { server in
            _ = try await server.get("alice")
            for index in 1...3 {
                _ = try await server.post("m\(index)", from: "bob", to: "alice")
            }
            for index in 1...3 {
                let response = try await server.get("alice")
                #expect(response.text == "m\(index)")
                #expect(response.header("X-Pending") == String(3 - index))
            }
            #expect(try await server.get("alice").status == 204)
        }
    }

    @Test func bodiesAndNamesArriveByteForByte() async throws {
        try await withServer { server in
            let binary = (0...255).map(UInt8.init) + [0, 0, 255]
            let sender = "狐 🦊 ключ"
            _ = try await server.get("alice")
            #expect(try await server.post(binary, from: sender, to: "alice").status == 200)
            let received = try await server.get("alice")
            #expect(received.body == binary)
            #expect(received.header("X-From") == sender)
            // And back to the sender's unicode inbox, addressed by a percent-encoded name.
            #expect(try await server.post("hi", from: "alice", to: sender).status == 200)
            #expect(try await server.get(sender).text == "hi")
        }
    }

    @Test func theToParameterIsDecodedAsGoDoes() async throws {
        try await withServer { server in
            _ = try await server.get("bob smith")
            let plus = try await server.request("POST", "/inbox?to=bob+smith", user: "alice", body: Array("1".utf8))
            #expect(plus.status == 200)
            let escaped = try await server.request(
                "POST", "/inbox?other=x&to=bob%20smith&to=ignored", user: "alice", body: Array("2".utf8))
            #expect(escaped.status == 200)
            #expect(try await server.get("bob smith").text == "1")
            #expect(try await server.get("bob smith").text == "2")
            let malformed = try await server.request("POST", "/inbox?to=bob%2", user: "alice", body: Array("3".utf8))
            #expect(malformed.status == 400)
        }
    }

    @Test func aWrongPasswordGets401AndChangesNothing() async throws {
        try await withServer { server in
            _ = try await server.get("alice", password: "secret")
            _ = try await server.post("offer", from: "bob", to: "alice")
            let refused = try await server.get("alice", password: "guess")
            #expect(refused.status == 401)
            #expect(refused.header("WWW-Authenticate") == #"Basic realm="signalbox""#)
            #expect(refused.header("X-From") == nil)
            #expect(try await server.get("alice", password: "secret").text == "offer")
            #expect(try await server.post("x", from: "alice", to: "bob", password: "guess").status == 401)
            #expect(server.store.statistics.queuedMessages == 0)
        }
    }

    @Test(arguments: [
        [],
        ["Authorization: Bearer abc"],
        ["Authorization: Basic !!!notbase64"],
        ["Authorization: Basic \(Data("nocolon".utf8).base64EncodedString())"],
        ["Authorization: Basic \(Data("a:b".utf8).base64EncodedString())", "Authorization: Basic \(Data("a:b".utf8).base64EncodedString())"],
    ])
    func missingOrMalformedCredentialsGet401(_ headers: [String]) async throws {
        try await withServer { server in
            let pairs = headers.map { line -> (String, String) in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces))
            }
            for method in ["GET", "POST"] {
                let response = try await server.request(method, "/inbox?to=x", body: Array("b".utf8), headers: pairs)
                #expect(response.status == 401)
                #expect(response.header("WWW-Authenticate") == #"Basic realm="signalbox""#)
            }
            #expect(server.store.statistics.inboxes == 0)
        }
    }

    @Test func credentialsMayUseAnyCaseSchemeEmptyPasswordsAndColons() async throws {
        try await withServer { server in
            let token = Data("alice:".utf8).base64EncodedString()
            let lower = try await server.request("GET", "/inbox?wait=0", headers: [("Authorization", "basic \(token)")])
            #expect(lower.status == 204)
            #expect(try await server.get("alice", password: "").status == 204)
            #expect(try await server.get("bob", password: "a:b:c").status == 204)
            #expect(try await server.get("bob", password: "a:b").status == 401)
            let unpadded = Data("carol:x".utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
            #expect(try await server.request("GET", "/inbox?wait=0", headers: [("Authorization", "Basic \(unpadded)")]).status == 204)
        }
    }

    @Test(arguments: ["a\rb", "a\nX-Evil: 1", "\u{1}", "del\u{7F}", String(repeating: "k", count: 257), ""])
    func invalidUsernamesGet400(_ username: String) async throws {
        try await withServer { server in
            let token = Data((username + ":pw").utf8).base64EncodedString()
            let response = try await server.request("GET", "/inbox?wait=0", headers: [("Authorization", "Basic \(token)")])
            #expect(response.status == 400)
            #expect(server.store.statistics.inboxes == 0)
        }
    }

    @Test func invalidUTF8UsernamesGet400() async throws {
        try await withServer { server in
            let token = Data([0x61, 0xFF, 0x3A, 0x70]).base64EncodedString()
            let response = try await server.request("GET", "/inbox?wait=0", headers: [("Authorization", "Basic \(token)")])
            #expect(response.status == 400)
        }
    }

    @Test func aLongUsernameOf256BytesWorks() async throws {
        try await withServer { server async throws in
            let key = String(repeating: "k", count: 256)
            #expect(try await server.get(key).status == 204)
            #expect(try await server.post("hi", from: "bob", to: key).status == 200)
            #expect(try await server.get(key).text == "hi")
        }
    }

    @Test func sendingErrorsHaveTheirStatusCodes() async throws {
        try await withServer { server in
            _ = try await server.get("alice")
            let noTo = try await server.request("POST", "/inbox", user: "bob", body: Array("x".utf8))
            #expect(noTo.status == 400)
            #expect(noTo.text.contains("?to="))
            #expect(try await server.request("POST", "/inbox?to=", user: "bob", body: Array("x".utf8)).status == 400)
            #expect(try await server.request("POST", "/inbox?to=a%0Db", user: "bob", body: Array("x".utf8)).status == 400)
            #expect(try await server.post("x", from: "bob", to: "nobody").status == 404)
            #expect(try await server.post("", from: "bob", to: "alice").status == 400)
            #expect(try await server.request("POST", "/inbox?to=alice", user: "bob").status == 400)
            #expect(server.store.statistics.queuedMessages == 0)
        }
    }

    @Test func aFullInboxGets503WithRetryAfter() async throws {
        try await withServer(ServerConfiguration(mailbox: MailboxConfiguration(inboxCapacity: 2))) { server in
            _ = try await server.get("alice")
            #expect(try await server.post("1", from: "bob", to: "alice").status == 200)
            #expect(try await server.post("2", from: "bob", to: "alice").status == 200)
            let full = try await server.post("3", from: "bob", to: "alice")
            #expect(full.status == 503)
            #expect(full.header("Retry-After") == "1")
            _ = try await server.get("alice")
            #expect(try await server.post("3", from: "bob", to: "alice").status == 200)
        }
    }

    @Test func storeLimitsGet503() async throws {
        let configuration = ServerConfiguration(mailbox: MailboxConfiguration(maxInboxes: 2, maxBytes: 4))
        try await withServer(configuration) { server in
            _ = try await server.get("alice")
            #expect(try await server.post("1234", from: "bob", to: "alice").status == 200)
            let bytes = try await server.post("5", from: "bob", to: "alice")
            #expect(bytes.status == 503)
            #expect(bytes.header("Retry-After") != nil)
            let inboxes = try await server.get("carol")
            #expect(inboxes.status == 503)
            #expect(try await server.post("x", from: "carol", to: "alice").status == 503)
        }
    }

    @Test func otherMethodsPathsAndHealth() async throws {
        try await withServer { server in
            let options = try await server.request("OPTIONS", "/inbox")
            #expect(options.status == 204)
            #expect(options.header("Access-Control-Allow-Origin") == nil)
            for method in ["PUT", "DELETE", "PATCH", "HEAD"] {
                let response = try await server.request(method, "/inbox", user: "alice")
                #expect(response.status == 405)
                #expect(response.header("Allow") == "GET, POST, OPTIONS")
            }
            #expect(server.store.statistics.inboxes == 0)
            let health = try await server.request("GET", "/healthz")
            #expect(health.status == 200)
            #expect(try await server.request("GET", "/nothing").status == 404)
            #expect(try await server.request("GET", "/inboxes", user: "alice").status == 404)
        }
    }

    @Test func corsHeadersWhenAsked() async throws {
        try await withServer(ServerConfiguration(cors: true)) { server in
            let preflight = try await server.request(
                "OPTIONS", "/inbox",
                headers: [("Origin", "http://app.test"), ("Access-Control-Request-Method", "POST")])
            #expect(preflight.status == 204)
            #expect(preflight.header("Access-Control-Allow-Origin") == "http://app.test")
            #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Authorization") == true)
            #expect(preflight.header("Access-Control-Allow-Methods")?.contains("POST") == true)
            let refused = try await server.request("GET", "/inbox", headers: [("Origin", "http://app.test")])
            #expect(refused.status == 401)
            #expect(refused.header("Access-Control-Allow-Origin") == "http://app.test")
            #expect(refused.header("Access-Control-Expose-Headers")?.contains("X-From") == true)
        }
    }

    @Test func staticFilesFromThePublicDirectory() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-public-\(UUID())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("js"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<h1>hi</h1>".utf8).write(to: directory.appendingPathComponent("index.html"))
        try Data("let x = 1".utf8).write(to: directory.appendingPathComponent("js/app.js"))

        try await withServer(ServerConfiguration(publicDirectory: directory.path)) { server in
            let index = try await server.request("GET", "/")
            #expect(index.status == 200)
            #expect(index.text == "<h1>hi</h1>")
            #expect(index.header("Content-Type") == "text/html; charset=utf-8")
            let script = try await server.request("GET", "/js/app.js")
            #expect(script.text == "let x = 1")
            #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
            let head = try await server.request("HEAD", "/js/app.js")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "9")
            #expect(try await server.request("GET", "/missing.html").status == 404)
            #expect(try await server.request("GET", "/../../etc/passwd").status == 404)
            #expect(try await server.request("GET", "/js/%2e%2e/%2e%2e/etc/passwd").status == 404)
            #expect(try await server.request("POST", "/index.html", body: [1]).status == 405)
            // The mailbox still answers at /inbox.
            #expect(try await server.get("alice").status == 204)
        }
    }
}
