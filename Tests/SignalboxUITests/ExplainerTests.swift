import Foundation
import SignalboxUI
import Testing

/// The inspector's explain mode (`x`) on a real Chromium offer and candidate, recorded through
/// the mailbox from the browser peer page (headless Chromium 156).
@Suite struct ExplainerTests {
    static let chromiumOffer = #"{"type":"offer","sdp":"v=0\r\no=- 3411967493654019430 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1 2\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:9i5P\r\na=ice-pwd:N2dYUu47AW7QU0qYkU2aTCKb\r\na=ice-options:trickle\r\na=fingerprint:sha-256 91:85:53:1E:2D:85:76:E3:7B:27:DD:26:CE:F5:37:BD:C1:EA:70:EF:D2:69:41:42:3D:37:A1:13:82:AB:B6:4A\r\na=setup:actpass\r\na=mid:0\r\na=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\na=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\na=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=sendrecv\r\na=msid:- 941254b3-c803-4c85-a5d1-4491d675a0a7\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtcp-xr:rcvr-rtt=all\r\na=rtpmap:111 opus/48000/2\r\na=rtcp-fb:111 transport-cc\r\na=fmtp:111 minptime=10;useinbandfec=1\r\na=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:13 CN/8000\r\na=rtpmap:110 telephone-event/48000\r\na=rtpmap:126 telephone-event/8000\r\na=ssrc:3261462956 cname:T+hkGpG1Rk65EIFX\r\na=ssrc:3261462956 msid:- 941254b3-c803-4c85-a5d1-4491d675a0a7\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 107 108 109 114 115 116 117 39 40 45 46 98 99 100 101 118 119 120\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=ice-ufrag:9i5P\r\na=ice-pwd:N2dYUu47AW7QU0qYkU2aTCKb\r\na=ice-options:trickle\r\na=fingerprint:sha-256 91:85:53:1E:2D:85:76:E3:7B:27:DD:26:CE:F5:37:BD:C1:EA:70:EF:D2:69:41:42:3D:37:A1:13:82:AB:B6:4A\r\na=setup:actpass\r\na=mid:1\r\na=extmap:14 urn:ietf:params:rtp-hdrext:toffset\r\na=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\na=extmap:13 urn:3gpp:video-orientation\r\na=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\na=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\na=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\na=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\na=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\na=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\na=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\na=sendrecv\r\na=msid:- 0606076b-0064-4128-96d6-9ae09416ad4a\r\na=rtcp-mux\r\na=rtcp-rsize\r\na=rtcp-xr:rcvr-rtt=all\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 goog-remb\r\na=rtcp-fb:96 transport-cc\r\na=rtcp-fb:96 ccm fir\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\na=rtpmap:102 H264/90000\r\na=rtcp-fb:102 goog-remb\r\na=rtcp-fb:102 transport-cc\r\na=rtcp-fb:102 ccm fir\r\na=rtcp-fb:102 nack\r\na=rtcp-fb:102 nack pli\r\na=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f\r\na=rtpmap:103 rtx/90000\r\na=fmtp:103 apt=102\r\na=rtpmap:104 H264/90000\r\na=rtcp-fb:104 goog-remb\r\na=rtcp-fb:104 transport-cc\r\na=rtcp-fb:104 ccm fir\r\na=rtcp-fb:104 nack\r\na=rtcp-fb:104 nack pli\r\na=fmtp:104 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f\r\na=rtpmap:107 rtx/90000\r\na=fmtp:107 apt=104\r\na=rtpmap:108 H264/90000\r\na=rtcp-fb:108 goog-remb\r\na=rtcp-fb:108 transport-cc\r\na=rtcp-fb:108 ccm fir\r\na=rtcp-fb:108 nack\r\na=rtcp-fb:108 nack pli\r\na=fmtp:108 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\na=rtpmap:109 rtx/90000\r\na=fmtp:109 apt=108\r\na=rtpmap:114 H264/90000\r\na=rtcp-fb:114 goog-remb\r\na=rtcp-fb:114 transport-cc\r\na=rtcp-fb:114 ccm fir\r\na=rtcp-fb:114 nack\r\na=rtcp-fb:114 nack pli\r\na=fmtp:114 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42e01f\r\na=rtpmap:115 rtx/90000\r\na=fmtp:115 apt=114\r\na=rtpmap:116 H264/90000\r\na=rtcp-fb:116 goog-remb\r\na=rtcp-fb:116 transport-cc\r\na=rtcp-fb:116 ccm fir\r\na=rtcp-fb:116 nack\r\na=rtcp-fb:116 nack pli\r\na=fmtp:116 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f\r\na=rtpmap:117 rtx/90000\r\na=fmtp:117 apt=116\r\na=rtpmap:39 H264/90000\r\na=rtcp-fb:39 goog-remb\r\na=rtcp-fb:39 transport-cc\r\na=rtcp-fb:39 ccm fir\r\na=rtcp-fb:39 nack\r\na=rtcp-fb:39 nack pli\r\na=fmtp:39 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=4d001f\r\na=rtpmap:40 rtx/90000\r\na=fmtp:40 apt=39\r\na=rtpmap:45 AV1/90000\r\na=rtcp-fb:45 goog-remb\r\na=rtcp-fb:45 transport-cc\r\na=rtcp-fb:45 ccm fir\r\na=rtcp-fb:45 nack\r\na=rtcp-fb:45 nack pli\r\na=fmtp:45 level-idx=5;profile=0;tier=0\r\na=rtpmap:46 rtx/90000\r\na=fmtp:46 apt=45\r\na=rtpmap:98 VP9/90000\r\na=rtcp-fb:98 goog-remb\r\na=rtcp-fb:98 transport-cc\r\na=rtcp-fb:98 ccm fir\r\na=rtcp-fb:98 nack\r\na=rtcp-fb:98 nack pli\r\na=fmtp:98 profile-id=0\r\na=rtpmap:99 rtx/90000\r\na=fmtp:99 apt=98\r\na=rtpmap:100 VP9/90000\r\na=rtcp-fb:100 goog-remb\r\na=rtcp-fb:100 transport-cc\r\na=rtcp-fb:100 ccm fir\r\na=rtcp-fb:100 nack\r\na=rtcp-fb:100 nack pli\r\na=fmtp:100 profile-id=2\r\na=rtpmap:101 rtx/90000\r\na=fmtp:101 apt=100\r\na=rtpmap:118 red/90000\r\na=rtpmap:119 rtx/90000\r\na=fmtp:119 apt=118\r\na=rtpmap:120 ulpfec/90000\r\na=ssrc-group:FID 3502010111 2194644983\r\na=ssrc:3502010111 cname:T+hkGpG1Rk65EIFX\r\na=ssrc:3502010111 msid:- 0606076b-0064-4128-96d6-9ae09416ad4a\r\na=ssrc:2194644983 cname:T+hkGpG1Rk65EIFX\r\na=ssrc:2194644983 msid:- 0606076b-0064-4128-96d6-9ae09416ad4a\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:9i5P\r\na=ice-pwd:N2dYUu47AW7QU0qYkU2aTCKb\r\na=ice-options:trickle\r\na=fingerprint:sha-256 91:85:53:1E:2D:85:76:E3:7B:27:DD:26:CE:F5:37:BD:C1:EA:70:EF:D2:69:41:42:3D:37:A1:13:82:AB:B6:4A\r\na=setup:actpass\r\na=mid:2\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}"#
    static let chromiumCandidate = #"{"type":"icecandidate","candidate":{"candidate":"candidate:2371886542 1 udp 2122194687 192.0.2.2 39370 typ host generation 0 ufrag 9i5P network-id 1","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"9i5P"}}"#

    static func inspecting(_ body: String, width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(identity: "alice", server: "http://127.0.0.1:3000", now: PeerViewTests.start, width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
        _ = update(&state, .received(sender: "bob", body: Array(body.utf8), contentType: "application/json", at: PeerViewTests.start))
        _ = update(&state, .input(.key(.enter)))
        _ = update(&state, .input(.key(.character("x"))))
        return state
    }

    /// Every line of the inspector, scrolled page by page to the end.
    static func everything(_ state: AppState) -> String {
        var state = state
        var text = ""
        for _ in 0..<80 {
            text += render(state).lines.joined(separator: "\n")
            _ = update(&state, .input(.key(.pageDown)))
        }
        return text
    }

    @Test func theOfferIsExplainedLineByLine() throws {
        let state = Self.inspecting(Self.chromiumOffer)
        try expectSnapshot(render(state), named: "explain-offer-80x24")
        let text = Self.everything(state)
        #expect(text.contains("An offer: the caller's proposal"))
        #expect(text.contains("BUNDLE: the media sections 0, 1, 2 share one transport"))
        #expect(text.contains("A new audio section, as SRTP keyed by DTLS"))
        #expect(text.contains("A new video section"))
        #expect(text.contains("A data section, over SCTP in DTLS"))
        #expect(text.contains("Payload type 111 is opus at 48000 Hz, 2 channels"))
        #expect(text.contains("DTLS role: either; the answerer picks"))
        #expect(text.contains("ICE username fragment 9i5P"))
        #expect(!text.contains("unknown attribute"), "every attribute of Chromium's offer is known")
    }

    @Test func xGoesBackToTheMessageAsSent() {
        var state = Self.inspecting(Self.chromiumOffer)
        _ = update(&state, .input(.key(.character("x"))))
        #expect(!state.explains)
        #expect(render(state).lines.joined().contains("(SDP below)"))
    }

    @Test func theCandidateIsToldWithItsOwnAddress() {
        let text = render(Self.inspecting(Self.chromiumCandidate)).lines.joined(separator: "\n")
        #expect(text.contains("A candidate: one address to try"))
        #expect(text.contains("A host candidate: this machine's own address, 192.0.2.2 port 39370 (udp)"))
    }

    @Test(arguments: [
        ("candidate:1 1 udp 1686052607 203.0.113.7 61002 typ srflx raddr 192.168.1.2 rport 54321",
         "the address a STUN server saw this peer's packets come from (its NAT's outside); they left from 192.168.1.2 port 54321"),
        ("candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61002",
         "a TURN server's address, 198.51.100.9 port 3478 (udp), which relays for this peer (its own address 203.0.113.7 port 61002)"),
        ("candidate:4 1 udp 1845501695 10.0.0.8 50000 typ prflx",
         "learned from a connectivity check"),
    ])
    func eachCandidateTypeIsExplained(line: String, words: String) {
        let text = render(Self.inspecting(#"{"candidate":"\#(line)","sdpMid":"0"}"#, width: 200, height: 30)).lines.joined(separator: " ")
        #expect(text.contains(words), "\(text)")
    }

    @Test func anUnknownAttributeIsNamedAsUnknown() {
        let text = render(Self.inspecting(#"{"type":"answer","sdp":"v=0\r\na=setup:active\r\na=x-made-up:1\r\n"}"#)).lines.joined(separator: "\n")
        #expect(text.contains("unknown attribute \"x-made-up\": not explained"))
        #expect(text.contains("this side is the DTLS client"))
    }

    @Test func inASCIIItDrawsOnlyASCII() {
        var state = Self.inspecting(Self.chromiumOffer)
        state.glyphs = .ascii
        #expect(render(state).cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) })
    }
}
