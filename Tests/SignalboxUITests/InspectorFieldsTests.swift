import Foundation
import SignalboxUI
import Testing

/// The inspector takes an ICE candidate apart field by field and names the SDP lines it knows.
@Suite struct InspectorFieldsTests {
    let start = Date(timeIntervalSince1970: 1_764_079_200)

    func inspecting(_ body: String, width: Int = 100, height: Int = 40) -> [String] {
        var state = AppState(identity: "alice", server: "http://s", now: start, width: width, height: height,
                             timeZone: TimeZone(identifier: "UTC")!)
        _ = update(&state, .received(sender: "bob", body: Array(body.utf8), contentType: nil, at: start))
        _ = update(&state, .input(.key(.enter)))
        return render(state).lines
    }

    func line(_ lines: [String], startingWith prefix: String) -> String? {
        lines.first { $0.dropFirst().hasPrefix(prefix) }.map { String($0.dropFirst()) }
    }

    @Test func everyFieldOfACandidateIsNamed() throws {
        let lines = inspecting(#"{"candidate":"candidate:842163049 1 tcp 1518280447 203.0.113.7 9 typ srflx raddr 192.168.1.2 rport 54321 tcptype active generation 0 ufrag EsAw network-cost 10","sdpMid":"0"}"#)
        let expected: [(String, String)] = [
            ("foundation", "842163049"), ("component", "1  (RTP)"), ("protocol", "tcp"),
            ("priority", "1518280447  (type preference 90, local 32542, component 1)"),
            ("address", "203.0.113.7"), ("port", "9"), ("type", "srflx  (server reflexive"),
            ("related address", "192.168.1.2"), ("related port", "54321"), ("tcp type", "active  (opens"),
            ("generation", "0"), ("ufrag", "EsAw"), ("network cost", "10"),
        ]
        for (name, value) in expected {
            let found = try #require(line(lines, startingWith: name + " "), "no \(name) in\n\(lines.joined(separator: "\n"))")
            #expect(found.dropFirst(16).hasPrefix(value), "\(found)")
        }
    }

    @Test func aPlainTextCandidateIsTakenApartToo() {
        let lines = inspecting("candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host")
        #expect(line(lines, startingWith: "type ")?.contains("host  (an address of the peer's own network interface)") == true)
    }

    @Test func sdpLinesAreNamed() throws {
        let sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:EsAw\r\na=fingerprint:sha-256 AB:CD\r\na=setup:actpass\r\na=rtpmap:111 opus/48000/2\r\na=x-unknown:1\r\n"
        let lines = inspecting(#"{"type":"offer","sdp":""# + sdp.replacingOccurrences(of: "\r\n", with: "\\r\\n") + #""}"#)
        for (field, name) in [("v=0", "protocol version"), ("a=group:BUNDLE 0", "bundle: media sharing one transport"),
                              ("a=ice-ufrag:EsAw", "ICE username fragment"), ("a=fingerprint", "DTLS certificate fingerprint"),
                              ("a=setup:actpass", "DTLS role: either (an offer)"), ("a=rtpmap", "payload type: codec and clock rate")] {
            let found = try #require(line(lines, startingWith: field))
            #expect(found.trimmingCharacters(in: .whitespaces).hasSuffix(name), "\(found)")
        }
        let unknown = try #require(line(lines, startingWith: "a=x-unknown"))
        #expect(unknown.trimmingCharacters(in: .whitespaces) == "a=x-unknown:1")
    }
}
