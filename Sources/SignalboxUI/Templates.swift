/// Starting points for the composer: what browsers send, with placeholder values to edit.
enum Templates {
    static let offer = #"{"type":"offer","sdp":"v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\na=ice-options:trickle\r\na=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A:BB:EA:33:0C:A4:60:A8:8E\r\na=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}"#

    static let answer = #"{"type":"answer","sdp":"v=0\r\no=- 7381956236518394120 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Ky7q\r\na=ice-pwd:1nTqMYQ4a9ZKpF3y0bXv2sLw\r\na=ice-options:trickle\r\na=fingerprint:sha-256 A1:09:6C:2E:77:B4:5D:90:3F:12:CE:8B:44:E0:19:7A:D3:5B:62:F8:0E:91:C7:2A:6D:B3:58:04:EF:1C:90:47\r\na=setup:active\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}"#

    static let candidate = #"{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host generation 0","sdpMid":"0","sdpMLineIndex":0}"#
}
