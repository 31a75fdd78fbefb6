import Foundation
import MailboxCore
import NIOCore
import NIOEmbedded
import PropertyBased
import Testing
@testable import MailboxServer

/// Properties of the request parsing, checked on generated inputs: credentials and query
/// parameters round-trip whatever their bytes, and no input, however hostile, crashes the
/// server or earns anything but a well-formed answer.
@Suite struct RequestParsingPropertyTests {
    /// Names from a mix of what breaks parsers: separators, escapes, combining marks, CJK, emoji.
    /// No colon: in Basic auth the first colon ends the username, so no username holds one.
    static let pieces: [String] = ["a", "Z", "0", " ", "é", "e\u{301}", "名", "🦊", "%", "+", "=", "&", "?", "/", "\"", "\\"]
    static let names = Gen.element(of: pieces).array(of: 1...30).map { $0.compactMap { $0 }.joined() }
    static let anyBytes = Gen<UInt8>.value(in: 0...255).array(of: 0...200)

    @Test func credentialsRoundTripForEveryValidNameAndAnyPassword() async {
        await propertyCheck(count: 300, input: Self.names, Self.anyBytes) { name, password in
            let header = "Basic " + Data(Array(name.utf8) + [UInt8(ascii: ":")] + password).base64EncodedString()
            let parsed = try? BasicCredentials.parse(header).get()
            #expect(parsed?.username.text.utf8.elementsEqual(name.utf8) == true)
            #expect(parsed?.password == password)
        }
    }

    @Test func anyAuthorizationHeaderParsesOrIsRefusedWithoutCrashing() async {
        await propertyCheck(count: 500, input: Self.anyBytes) { bytes in
            let header = "Basic " + Data(bytes).base64EncodedString()
            switch BasicCredentials.parse(header) {
            case .success(let credentials):
                // Whatever was accepted obeys the username rules.
                #expect((try? Username(validating: credentials.username.text)) != nil)
            case .failure:
                break
            }
            _ = BasicCredentials.parse(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func queryValuesRoundTripThroughPercentEncoding() async {
        await propertyCheck(count: 300, input: Self.anyBytes) { bytes in
            let encoded = bytes.map { String(format: "%%%02X", $0) }.joined()
            #expect(QueryParameters("x=1&to=\(encoded)&to=ignored")?["to"] == bytes)
        }
    }

    @Test func noRequestBytesCrashTheServerOrEarnAMalformedAnswer() async throws {
        let fragments = Gen.element(of: [
            "GET /inbox HTTP/1.1\r\n", "POST /inbox?to=a HTTP/1.1\r\n", "Host: x\r\n", "\r\n",
            "Authorization: Basic YWxpY2U6cHc=\r\n", "Authorization: Basic !!\r\n", "Content-Length: 3\r\n",
            "Content-Length: -1\r\n", "Transfer-Encoding: chunked\r\n", "3\r\nabc\r\n0\r\n\r\n", "abc",
            "\u{0}\u{1B}[2J", "GET / HTTP/1.0\r\n", ":", " ", "\u{FF}",
        ]).array(of: 1...12).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 300, input: fragments) { request in
            let channel = EmbeddedChannel()
            try? channel.pipeline.syncOperations.addHandler(MailboxHTTPHandler(ConnectionResources(
                store: InMemoryStore(), configuration: ServerConfiguration(), staticFiles: nil, logger: .init(label: "fuzz"))))
            _ = try? channel.writeInbound(ByteBuffer(string: request))
            var output = ""
            while let chunk = try? channel.readOutbound(as: ByteBuffer.self) {
                output += String(buffer: chunk)
            }
            // Every answer begins with a status line of a known code.
            for line in output.components(separatedBy: "\r\n") where line.hasPrefix("HTTP/") {
                let code = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
                #expect((100..<600).contains(code), "\(line)")
            }
            _ = try? channel.finish()
        }
    }
}
