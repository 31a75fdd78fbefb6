import Foundation

/// What a signaling message is, recognised from the shapes browsers and libraries send:
/// `{"type":"offer","sdp":...}`, `{"candidate":"candidate:...","sdpMid":...}`, bare SDP, etc.
public enum MessageKind: String, Equatable, Sendable {
    /// `sdp` is a session description whose role the message does not show.
    case offer, answer, sdp, candidate, bye, text, binary

    public init(body: [UInt8], contentType: String?) {
        guard let text = String(validating: body, as: UTF8.self) else {
            self = .binary
            return
        }
        if let object = Self.jsonObject(text) {
            self = Self.kind(ofJSON: object)
            return
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("v=0") {
            self = Self.kind(ofSDP: trimmed)
        } else if trimmed.hasPrefix("candidate:") || trimmed.hasPrefix("a=candidate:") {
            self = .candidate
        } else if trimmed.lowercased() == "bye" {
            self = .bye
        } else {
            self = .text
        }
    }

    /// A bare SDP says whether it is an offer only through its DTLS role: an offer proposes
    /// one (`actpass`), an answer picks one (`active` or `passive`). Without that line it
    /// could be either, and calling it one would mislead.
    private static func kind(ofSDP sdp: String) -> MessageKind {
        let lines = sdp.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        if lines.contains("a=setup:actpass") { return .offer }
        if lines.contains("a=setup:active") || lines.contains("a=setup:passive") { return .answer }
        return .sdp
    }

    static func jsonObject(_ text: String) -> [String: Any]? {
        guard text.first(where: { !$0.isWhitespace }) == "{" else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    private static func kind(ofJSON object: [String: Any]) -> MessageKind {
        let type = (object["type"] as? String)?.lowercased()
        switch type {
        case "offer": return .offer
        case "answer", "pranswer": return .answer
        case "candidate", "ice", "icecandidate": return .candidate
        case "bye", "hangup", "close", "leave": return .bye
        default: break
        }
        if object["candidate"] != nil || object["ice"] != nil || object["iceCandidate"] != nil { return .candidate }
        if let sdp = object["sdp"] as? String, sdp.hasPrefix("v=0") { return kind(ofSDP: sdp) }
        if let description = (object["sdp"] as? [String: Any]) ?? (object["description"] as? [String: Any]) {
            return kind(ofJSON: description)
        }
        return .text
    }

    /// The badge shown in the log.
    public var badge: String { rawValue.uppercased() }

    /// The badge where only four columns are free (the compact layout): cut to four letters,
    /// OFFER and ANSWER would read as OFFE and ANSW.
    public var shortBadge: String {
        switch self {
        case .offer: "OFR"
        case .answer: "ANS"
        case .sdp: "SDP"
        case .candidate: "CAND"
        case .bye: "BYE"
        case .text: "TXT"
        case .binary: "BIN"
        }
    }

    /// A one-line summary of a message of this kind.
    static func summary(of body: [UInt8], kind: MessageKind, glyphs: Glyphs) -> String {
        guard let text = String(validating: body, as: UTF8.self) else {
            let preview = body.prefix(8).map { String(format: "%02x", $0) }.joined(separator: " ")
            return "\(ByteCountText.of(body.count)): \(preview)\(body.count > 8 ? " " + glyphs.ellipsis : "")"
        }
        switch kind {
        case .offer, .answer, .sdp:
            let sdp = sdpText(in: text) ?? text
            let media = sdp.split(whereSeparator: \.isNewline)
                .filter { $0.hasPrefix("m=") }
                .map { $0.dropFirst(2).split(separator: " ").first.map(String.init) ?? "?" }
            return "SDP \(ByteCountText.of(body.count))" + (media.isEmpty ? "" : ", \(media.count) media: \(media.joined(separator: ", "))")
        case .candidate:
            return candidateSummary(candidateLine(in: text) ?? text)
        case .bye, .text, .binary:
            let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let more = text.contains(where: \.isNewline) ? " " + glyphs.ellipsis : ""
            return firstLine + more
        }
    }

    /// The SDP inside a JSON description, if there is one.
    static func sdpText(in text: String) -> String? {
        guard let object = jsonObject(text) else { return nil }
        if let sdp = object["sdp"] as? String { return sdp }
        if let nested = (object["sdp"] as? [String: Any]) ?? (object["description"] as? [String: Any]) {
            return nested["sdp"] as? String
        }
        return nil
    }

    static func candidateLine(in text: String) -> String? {
        guard let object = jsonObject(text) else { return nil }
        for key in ["candidate", "ice", "iceCandidate"] {
            if let line = object[key] as? String { return line }
            if let nested = object[key] as? [String: Any], let line = nested["candidate"] as? String { return line }
        }
        return nil
    }

    /// "udp 192.168.1.2:54321 host" from "candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host".
    static func candidateSummary(_ line: String) -> String {
        let fields = line.split(separator: " ").map(String.init)
        guard fields.count >= 8, let typIndex = fields.firstIndex(of: "typ"), typIndex + 1 < fields.count else {
            return line.isEmpty ? "end of candidates" : line
        }
        return "\(fields[2].lowercased()) \(fields[4]):\(fields[5]) \(fields[typIndex + 1])"
    }
}

/// Byte counts as people read them: "512 B", "2.1 KB", "1.5 MB".
public enum ByteCountText {
    public static func of(_ count: Int) -> String {
        switch count {
        case ..<1000: return "\(count) B"
        case ..<1_000_000: return "\((Double(count) / 100).rounded() / 10) KB"
        default: return "\((Double(count) / 100_000).rounded() / 10) MB"
        }
    }
}
