/// What each SDP line is (RFC 8866, 8829 and the attributes WebRTC uses), for the inspector.
enum SDPGlossary {
    /// The name of the line's field or attribute, nil for one it does not know.
    static func name(of line: Substring) -> String? {
        guard line.count >= 2, line.dropFirst().first == "=" else { return nil }
        guard line.hasPrefix("a=") else {
            return switch line.first {
            case "v": "protocol version"
            case "o": "origin: user, session id and version, address"
            case "s": "session name"
            case "i": "session information"
            case "u": "URI"
            case "e": "email"
            case "p": "phone"
            case "c": "connection address"
            case "b": "bandwidth"
            case "t": "timing (0 0: unbounded)"
            case "r": "repeat times"
            case "z": "time zones"
            case "k": "encryption key"
            case "m": "media: type, port, protocol, formats"
            default: nil
            }
        }
        let attribute = line.dropFirst(2)
        let name = attribute.prefix { $0 != ":" }
        let value = attribute.dropFirst(name.count + 1)
        switch name {
        case "setup":
            switch value {
            case "actpass": return "DTLS role: either (an offer)"
            case "active": return "DTLS role: client"
            case "passive": return "DTLS role: server"
            default: return "DTLS role"
            }
        case "sendrecv", "sendonly", "recvonly", "inactive": return "direction of the media"
        default: return attributes[String(name)]
        }
    }

    private static let attributes: [String: String] = [
        "group": "bundle: media sharing one transport",
        "msid-semantic": "media stream id semantics",
        "msid": "media stream and track id",
        "ice-ufrag": "ICE username fragment",
        "ice-pwd": "ICE password",
        "ice-options": "ICE options (trickle: candidates follow)",
        "ice-lite": "ICE lite: answers checks only",
        "fingerprint": "DTLS certificate fingerprint",
        "mid": "media id, named by the bundle group",
        "extmap": "RTP header extension",
        "extmap-allow-mixed": "one- and two-byte RTP header extensions mixed",
        "rtcp": "RTCP port and address",
        "rtcp-mux": "RTP and RTCP on one port",
        "rtcp-mux-only": "RTP and RTCP only on one port",
        "rtcp-rsize": "reduced-size RTCP",
        "rtpmap": "payload type: codec and clock rate",
        "rtcp-fb": "RTCP feedback for a payload type",
        "fmtp": "codec parameters of a payload type",
        "ssrc": "synchronisation source",
        "ssrc-group": "SSRCs that belong together (e.g. retransmission)",
        "candidate": "ICE candidate",
        "end-of-candidates": "no more ICE candidates",
        "sctp-port": "SCTP port of the data channels",
        "sctpmap": "SCTP association (old syntax)",
        "max-message-size": "largest data channel message",
        "rid": "RTP stream id (simulcast layer)",
        "simulcast": "simulcast layers",
        "bundle-only": "only usable in the bundle",
        "crypto": "SRTP key (SDES)",
        "identity": "identity assertion",
        "tls-id": "DTLS association id",
        "ptime": "packet duration (ms)",
        "maxptime": "longest packet duration (ms)",
        "framerate": "frame rate",
        "label": "media label",
        "content": "content of the media",
    ]
}
