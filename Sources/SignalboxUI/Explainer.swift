import Foundation

/// The inspector's explain mode (`x`), for a class: what the message does in the handshake,
/// then its SDP line by line in plain words (each `m=` section with its codecs, the ICE and
/// DTLS lines, who is the DTLS client) and each candidate's type told with its own addresses.
/// An attribute it does not know is named as unknown, never guessed at.
enum Explainer {
    typealias Line = MessageFormatter.Line

    static func lines(for entry: LogEntry, width: Int, glyphs: Glyphs) -> [Line] {
        let text = String(decoding: entry.body, as: UTF8.self)
        var lines = [Line(text: "What it does", style: Palette.title)] + prose(role(of: entry), width: width, glyphs: glyphs)
        let sdp = MessageKind.sdpText(in: text) ?? (text.hasPrefix("v=0") ? text : nil)
        if let sdp {
            lines += [Line(text: ""), Line(text: "Line by line", style: Palette.title)]
            lines += sdpLines(sdp, width: width, glyphs: glyphs)
        }
        if let line = MessageKind.candidateLine(in: text) ?? (ICECandidate(text) != nil ? text : nil) {
            lines += [Line(text: "")] + explained(line, meaning: candidate(line), width: width, glyphs: glyphs)
        }
        return lines
    }

    /// The message's part in the handshake.
    static func role(of entry: LogEntry) -> String {
        switch entry.kind {
        case .offer:
            "An offer: the caller's proposal. It lists the media it wants to send and receive, the codecs it can use for each, its ICE credentials and its DTLS certificate's fingerprint. The callee answers with its choice."
        case .answer:
            "An answer: the callee's choice, from what the offer proposed: the media it accepts, one codec list for each, its own ICE credentials and fingerprint, and which side will be the DTLS client."
        case .sdp:
            "A session description that does not say whether it offers or answers (no type, and no a=setup line that would tell)."
        case .candidate:
            "A candidate: one address to try. Each side trickles its candidates as it finds them; ICE then checks pairs of them until one pair connects."
        case .bye:
            "A bye: the peer hangs up. The call's connection can be closed."
        case .text:
            "Plain text: not part of the WebRTC handshake."
        case .binary:
            "Bytes that are not text: not part of the WebRTC handshake."
        }
    }

    private static func sdpLines(_ sdp: String, width: Int, glyphs: Glyphs) -> [Line] {
        sdp.split(whereSeparator: \.isNewline).flatMap { field in
            explained(String(field), meaning: meaning(of: Substring(field)), width: width, glyphs: glyphs)
        }
    }

    /// The line as it is, then what it means, indented under it.
    private static func explained(_ line: String, meaning: String, width: Int, glyphs: Glyphs) -> [Line] {
        let style = line.hasPrefix("m=") ? Style(bold: true) : Palette.dim
        return MessageFormatter.wrapped(line, width: width, glyphs: glyphs, style: style)
            + prose(meaning, width: width - 4, glyphs: glyphs).map { Line(text: "    " + $0.text) }
    }

    /// Words wrapped at spaces, as prose reads.
    private static func prose(_ text: String, width: Int, glyphs: Glyphs) -> [Line] {
        Truncation.wrapped(text.split(separator: " ").map(String.init), separator: " ", width: width, glyphs: glyphs)
            .map { Line(text: $0) }
    }

    /// What one SDP line says, in words.
    static func meaning(of line: Substring) -> String {
        guard line.count >= 2, line.dropFirst().first == "=" else { return "not an SDP line (type=value)" }
        let value = line.dropFirst(2)
        let words = value.split(separator: " ")
        switch line.first {
        case "v": return "SDP version \(value) (always 0)."
        case "o":
            let session = words.count > 1 ? words[1] : "?"
            let version = words.count > 2 ? words[2] : "?"
            return "Origin: session \(session), version \(version); the address in it is not used to connect."
        case "s": return "Session name (\(value)): WebRTC leaves it empty."
        case "t": return value == "0 0" ? "Timing: the session is not bounded in time." : "Timing: starts and stops at \(value)."
        case "c": return "Connection address \(words.last ?? ""): a placeholder in WebRTC, where ICE candidates give the real addresses."
        case "b": return "Bandwidth limit: \(value) (kilobits per second)."
        case "m": return mediaSection(words)
        case "a": return attribute(value)
        default: return "unknown line type \"\(line.first!)\": not explained"
        }
    }

    private static func mediaSection(_ words: [Substring]) -> String {
        guard words.count >= 3 else { return "A media section, malformed." }
        let formats = words.dropFirst(3).joined(separator: " ")
        let transport = words[2].contains("DTLS/SCTP") || words[2].hasSuffix("SCTP")
            ? "over SCTP in DTLS (a data channel)" : words[2].contains("SAVP") ? "as SRTP keyed by DTLS" : "as \(words[2])"
        let port = words[1] == "9" ? "port 9 is a placeholder (candidates carry the real ones)" : "port \(words[1])"
        let what = words[0] == "application" ? "A data section" : "A new \(words[0]) section"
        return "\(what), \(transport); \(port). Formats: \(formats)\(words[0] == "application" ? "" : " (payload types, named by the rtpmap lines below)")."
    }

    private static func attribute(_ value: Substring) -> String {
        let name = value.prefix { $0 != ":" }
        let rest = value.dropFirst(name.count + 1)
        let words = rest.split(separator: " ")
        switch name {
        case "group" where rest.hasPrefix("BUNDLE"):
            return "BUNDLE: the media sections \(words.dropFirst().joined(separator: ", ")) share one transport, so one set of ICE candidates and one DTLS handshake serve them all."
        case "rtpmap":
            let parts = words.count > 1 ? words[1].split(separator: "/") : []
            let codec = parts.first.map(String.init) ?? "?"
            let rate = parts.count > 1 ? " at \(parts[1]) Hz" : ""
            let channels = parts.count > 2 ? ", \(parts[2]) channels" : ""
            return "Payload type \(words.first ?? "?") is \(codec)\(rate)\(channels)\(codecNote(codec))."
        case "fmtp":
            return "Parameters of payload type \(words.first ?? "?"): \(words.dropFirst().joined(separator: " "))."
        case "rtcp-fb":
            return "Payload type \(words.first ?? "?") asks for RTCP feedback: \(words.dropFirst().joined(separator: " "))."
        case "sendrecv": return "Direction: it sends and receives this media."
        case "sendonly": return "Direction: it only sends this media."
        case "recvonly": return "Direction: it only receives this media."
        case "inactive": return "Direction: neither sends nor receives this media now."
        case "mid": return "Media id \(rest): the name BUNDLE and candidates (sdpMid) use for this section."
        case "ice-ufrag": return "ICE username fragment \(rest): the other side's connectivity checks must carry it."
        case "ice-pwd": return "ICE password: keys the connectivity checks (shown in clear here, as in every SDP)."
        case "ice-options": return rest == "trickle" ? "Trickle ICE: candidates follow as separate messages." : "ICE options: \(rest)."
        case "fingerprint":
            return "The \(words.first ?? "") hash of its DTLS certificate: the other side checks the handshake's certificate against it, which is what keeps a man in the middle out."
        case "setup":
            return switch rest {
            case "actpass": "DTLS role: either; the answerer picks (active: the answerer is the DTLS client)."
            case "active": "DTLS role: active, so this side is the DTLS client (it sends the ClientHello)."
            case "passive": "DTLS role: passive, so this side is the DTLS server (it waits for the ClientHello)."
            default: "DTLS role \(rest)."
            }
        case "rtcp-mux": return "RTP and RTCP share one port."
        case "rtcp-rsize": return "Reduced-size RTCP is allowed."
        case "rtcp": return "RTCP port and address: placeholders, like the m= line's port."
        case "ssrc":
            return "Synchronisation source \(words.first ?? "?"): one RTP stream it will send; \(words.dropFirst().joined(separator: " "))."
        case "ssrc-group": return "SSRCs that belong together (\(words.first ?? "")): \(words.dropFirst().joined(separator: ", "))."
        case "msid": return "Media stream and track ids, which tie this section to a track in the browser: \(rest)."
        case "msid-semantic": return "Media stream id semantics: \(rest)."
        case "extmap": return "RTP header extension \(words.first ?? "?"): \(words.dropFirst().joined(separator: " "))."
        case "extmap-allow-mixed": return "One- and two-byte RTP header extensions may be mixed."
        case "sctp-port": return "The SCTP port of the data channel: \(rest)."
        case "max-message-size": return "The largest data channel message it accepts: \(rest) bytes."
        case "candidate": return candidate("candidate:" + rest)
        case "end-of-candidates": return "No more candidates will follow."
        case "rtcp-xr": return "RTCP extended reports: \(rest)."
        default:
            return "unknown attribute \"\(name)\": not explained"
        }
    }

    private static func codecNote(_ codec: String) -> String {
        switch codec.lowercased() {
        case "opus": " (the usual voice and music codec)"
        case "rtx": " (retransmissions of lost packets)"
        case "red": " (redundant copies against loss)"
        case "ulpfec", "flexfec-03": " (forward error correction)"
        case "telephone-event": " (DTMF key presses)"
        case "cn": " (comfort noise)"
        default: ""
        }
    }

    /// A candidate's type told with its own addresses.
    static func candidate(_ line: String) -> String {
        guard let candidate = ICECandidate(line) else { return "A candidate that cannot be read." }
        let at = "\(candidate.address) port \(candidate.port) (\(candidate.transport.lowercased()))"
        let related = candidate.extensions.first { $0.name == "raddr" }.map { raddr in
            raddr.value + (candidate.extensions.first { $0.name == "rport" }.map { " port \($0.value)" } ?? "")
        }
        switch candidate.type {
        case "host":
            return "A host candidate: this machine's own address, \(at)."
        case "srflx":
            return "A server-reflexive candidate: \(at) is the address a STUN server saw this peer's packets come from (its NAT's outside)" + (related.map { "; they left from \($0)" } ?? "") + "."
        case "relay":
            return "A relay candidate: a TURN server's address, \(at), which relays for this peer" + (related.map { " (its own address \($0))" } ?? "") + ": the last resort, when no direct pair works."
        case "prflx":
            return "A peer-reflexive candidate: \(at), learned from a connectivity check that came from an address no candidate had named."
        default:
            return "A candidate of unknown type \"\(candidate.type)\" at \(at): not explained."
        }
    }
}
