import NIOCore
import NIOHTTP1
import PropertyBased
import Testing
@testable import MailboxServer

/// The request parser on its own, without sockets: what it keeps of a head, how bodies come
/// out, and which inputs it refuses with which answer.
@Suite struct HTTPRequestParserTests {
    /// What a request stream parses into, with adjacent body pieces joined (how bytes are split
    /// on the way in decides where pieces end, and nothing else may depend on that).
    enum Parsed: Equatable {
        case head(RequestHead)
        case body(String)
        case end
    }

    static func parse(_ chunks: [String], maxHeadBytes: Int = 16_384) throws(HTTPRequestError) -> [Parsed] {
        var parser = HTTPRequestParser(maxHeadBytes: maxHeadBytes)
        var parsed: [Parsed] = []
        for chunk in chunks {
            parser.append(ByteBuffer(string: chunk))
            while let part = try parser.next() {
                switch part {
                case .head(let head): parsed.append(.head(head))
                case .end: parsed.append(.end)
                case .body(let bytes):
                    if case .body(let before) = parsed.last {
                        parsed[parsed.count - 1] = .body(before + String(buffer: bytes))
                    } else {
                        parsed.append(.body(String(buffer: bytes)))
                    }
                }
            }
        }
        return parsed
    }

    static func parse(_ request: String) throws(HTTPRequestError) -> [Parsed] {
        try parse([request])
    }

    static func head(_ request: String) throws -> RequestHead {
        guard case .head(let head) = try parse(request).first else {
            Issue.record("no head in \(request.debugDescription)")
            throw HTTPRequestError.malformed("no head")
        }
        return head
    }

    @Test func aGetKeepsWhatTheMailboxUses() throws {
        let request = "GET /inbox?wait=5 HTTP/1.1\r\nHost: x\r\nauthorization:  Basic YTpi \r\nOrigin: http://a\r\nUser-Agent: t\r\n\r\n"
        var expected = RequestHead(method: .GET, target: "/inbox?wait=5", version: .http1_1)
        expected.authorization = "Basic YTpi"
        expected.origin = "http://a"
        #expect(try Self.parse(request) == [.head(expected), .end])
        #expect(expected.path == "/inbox")
        #expect(expected.pathAndQuery.query == "wait=5")
    }

    @Test func aPostsBodyComesOutWhole() throws {
        let request = "POST /inbox?to=bob HTTP/1.1\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nhello"
        var expected = RequestHead(method: .POST, target: "/inbox?to=bob", version: .http1_1)
        expected.contentType = "application/sdp"
        expected.contentLength = 5
        #expect(try Self.parse(request) == [.head(expected), .body("hello"), .end])
    }

    @Test func pipelinedRequestsComeOutInOrder() throws {
        let parsed = try Self.parse(
            "POST /a HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\n\r\n\r\nGET /c HTTP/1.0\r\n\r\n")
        #expect(parsed.count == 7)
        #expect(parsed[1] == .body("hi"))
        guard case .head(let second) = parsed[3], case .head(let third) = parsed[5] else {
            Issue.record("\(parsed)")
            return
        }
        #expect(second.target == "/b")
        #expect(third.target == "/c" && third.version == .http1_0)
    }

    @Test func aChunkedBodyIsJoinedAndItsExtensionsAndTrailersDropped() throws {
        let request = "POST /inbox HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nGET / HTTP/1.1\r\n\r\n"
        let parsed = try Self.parse(request)
        #expect(parsed.count == 5)
        #expect(parsed[1] == .body("hello world"))
        #expect(parsed[2] == .end)
    }

    @Test func bareLineFeedsAreAcceptedAsLineEnds() throws {
        let parsed = try Self.parse("POST /inbox HTTP/1.1\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n")
        #expect(parsed.count == 3)
        #expect(parsed[1] == .body("abc"))
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", true),
        ("GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false),
        ("GET / HTTP/1.1\r\nConnection: Upgrade, CLOSE\r\n\r\n", false),
        ("GET / HTTP/1.0\r\n\r\n", false),
        ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
    ])
    func keepAliveFollowsTheVersionAndTheConnectionHeader(_ request: String, _ keepAlive: Bool) throws {
        #expect(try Self.head(request).keepAlive == keepAlive)
    }

    @Test func anAbsoluteTargetIsReadInOriginForm() throws {
        #expect(try Self.head("GET http://example.com:3000/inbox?wait=0 HTTP/1.1\r\n\r\n").target == "/inbox?wait=0")
        #expect(try Self.head("GET http://example.com?x=1 HTTP/1.1\r\n\r\n").target == "/?x=1")
        #expect(try Self.head("GET http://example.com HTTP/1.1\r\n\r\n").target == "/")
    }

    @Test func aSecondAuthorizationIsFlagged() throws {
        let head = try Self.head("GET / HTTP/1.1\r\nAuthorization: Basic a\r\nAuthorization: Basic b\r\n\r\n")
        #expect(head.hasRepeatedAuthorization)
    }

    @Test func expectContinueIsNoticedInAnyCase() throws {
        #expect(try Self.head("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n").expectsContinue)
        #expect(try !Self.head("POST / HTTP/1.1\r\nExpect: other\r\nContent-Length: 1\r\n\r\n").expectsContinue)
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", "no spaces"),
        ("GET  /inbox HTTP/1.1\r\n\r\n", "two spaces"),
        ("G(T / HTTP/1.1\r\n\r\n", "bad method"),
        ("GET /a\u{7F} HTTP/1.1\r\n\r\n", "DEL in target"),
        ("GET / HTTP/1.1x\r\n\r\n", "bad version"),
        ("GET / http/1.1\r\n\r\n", "lowercase version"),
        ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", "header line without colon"),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "space before colon"),
        ("GET / HTTP/1.1\r\n: x\r\n\r\n", "empty header name"),
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "obsolete line folding"),
        ("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", "bare CR"),
        ("GET / HTTP/1.1\r\nHost: a\u{1}b\r\n\r\n", "control character in a value"),
        ("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "two lengths"),
        ("POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "negative length"),
        ("POST / HTTP/1.1\r\nContent-Length: 5 5\r\n\r\n", "length with a space"),
        ("POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n", "length too long"),
        ("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "length and chunked"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "bad chunk size"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "chunk longer than its size"),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n", "chunk size too large"),
    ])
    func malformedRequestsAreRefused(_ request: String, _ why: String) {
        #expect(throws: HTTPRequestError.self, "\(why)") { try Self.parse(request) }
        if case .malformed? = Self.error(request) {} else { Issue.record("\(why): \(String(describing: Self.error(request)))") }
    }

    static func error(_ request: String, maxHeadBytes: Int = 16_384) -> HTTPRequestError? {
        do {
            _ = try parse([request], maxHeadBytes: maxHeadBytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTargetThatIsNotUTF8IsRefused() {
        var parser = HTTPRequestParser(maxHeadBytes: 1024)
        var bytes = ByteBuffer(string: "GET /inbox?to=")
        bytes.writeBytes([0xFF, 0xFE])
        bytes.writeString(" HTTP/1.1\r\n\r\n")
        parser.append(bytes)
        #expect(throws: HTTPRequestError.malformed("the request target is not UTF-8")) { try parser.next() }
    }

    @Test func otherVersionsAndCodingsHaveTheirOwnAnswers() {
        #expect(Self.error("GET / HTTP/2.0\r\n\r\n") == .unsupportedVersion)
        #expect(Self.error("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == .unsupportedTransferEncoding)
    }

    @Test func aHeadLargerThanTheLimitIsRefusedWhetherOrNotItIsComplete() {
        let big = "GET / HTTP/1.1\r\nX: " + String(repeating: "x", count: 200)
        #expect(Self.error(big, maxHeadBytes: 100) == .headTooLarge)
        #expect(Self.error(big + "\r\n\r\n", maxHeadBytes: 100) == .headTooLarge)
        #expect(Self.error(big + "\r\n\r\n", maxHeadBytes: 300) == nil)
        let trailers = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + String(repeating: "x", count: 200)
        #expect(Self.error(trailers, maxHeadBytes: 100) == .headTooLarge)
    }

    @Test func aFailedParserStaysFailed() throws {
        var parser = HTTPRequestParser(maxHeadBytes: 1024)
        parser.append(ByteBuffer(string: "BAD\r\n\r\n"))
        #expect(throws: HTTPRequestError.self) { try parser.next() }
        parser.append(ByteBuffer(string: "GET / HTTP/1.1\r\n\r\n"))
        #expect(throws: HTTPRequestError.self) { try parser.next() }
    }

    @Test func nothingIsHandedOutBeforeAHeadIsComplete() throws {
        var parser = HTTPRequestParser(maxHeadBytes: 1024)
        parser.append(ByteBuffer(string: "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r"))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedBytes > 0)
        parser.append(ByteBuffer(string: "\n"))
        guard case .head? = try parser.next() else {
            Issue.record("no head")
            return
        }
        #expect(try parser.next() == .end)
        #expect(try parser.next() == nil)
        #expect(parser.bufferedBytes == 0)
    }

    @Test func howTheBytesAreSplitChangesNothing() async {
        let stream = "POST /inbox?to=b%C3%B6b HTTP/1.1\r\nAuthorization: Basic YTpi\r\nContent-Length: 11\r\n\r\nhello world"
            + "POST /inbox HTTP/1.1\nTransfer-Encoding: chunked\n\n5\nhello\n6;x=y\r\n world\r\n0\r\nT: 1\r\n\r\n"
            + "\r\nGET /inbox?wait=0 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
        let whole = try! Self.parse(stream)
        #expect(whole.count == 8)
        let cuts = Gen<Int>.int(in: 1...(stream.utf8.count - 1)).array(of: 0...12)
        await propertyCheck(count: 300, input: cuts) { cuts in
            let bytes = Array(stream.utf8)
            var chunks: [String] = []
            var start = 0
            for cut in Set(cuts).sorted() {
                chunks.append(String(decoding: bytes[start..<cut], as: UTF8.self))
                start = cut
            }
            chunks.append(String(decoding: bytes[start...], as: UTF8.self))
            #expect((try? Self.parse(chunks)) == whole)
        }
    }
}
