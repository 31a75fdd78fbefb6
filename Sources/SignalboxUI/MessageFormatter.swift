import Foundation

/// The inspector's view of a message: JSON pretty-printed, SDP one line per field with its
/// media sections marked, candidates taken apart, and binary as a hex dump.
enum MessageFormatter {
    struct Line: Equatable {
        var text: String
        var style: Style = .plain
        /// What the line is, shown dim at the right where it fits: "DTLS fingerprint".
        var note: String?
    }

    static func lines(for entry: LogEntry, width: Int, glyphs: Glyphs) -> [Line] {
        guard let text = String(validating: entry.body, as: UTF8.self) else {
            return hexDump(entry.body)
        }
        var lines: [Line] = []
        if let object = MessageKind.jsonObject(text) {
            var shown = object
            let sdp = MessageKind.sdpText(in: text)
            if sdp != nil, shown["sdp"] is String { shown["sdp"] = "(SDP below)" }
            if let data = try? JSONSerialization.data(withJSONObject: shown, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) {
                lines += wrapped(String(decoding: data, as: UTF8.self), width: width, glyphs: glyphs)
            }
            if let sdp { lines += [Line(text: "")] + sdpLines(sdp, width: width, glyphs: glyphs) }
            if let candidate = MessageKind.candidateLine(in: text) { lines += [Line(text: "")] + candidateLines(candidate, width: width, glyphs: glyphs) }
        } else if text.hasPrefix("v=0") {
            lines = sdpLines(text, width: width, glyphs: glyphs)
        } else if ICECandidate(text) != nil {
            lines = wrapped(text, width: width, glyphs: glyphs) + [Line(text: "")] + candidateLines(text, width: width, glyphs: glyphs)
        } else {
            lines = wrapped(text, width: width, glyphs: glyphs)
        }
        return lines
    }

    private static func sdpLines(_ sdp: String, width: Int, glyphs: Glyphs) -> [Line] {
        var lines = [Line(text: "SDP", style: Style(bold: true))]
        for field in sdp.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            if field.hasPrefix("m=") {
                lines.append(Line(text: ""))
                let rule = String(repeating: glyphs.horizontalRule, count: 2)
                lines.append(Line(text: rule + " media: " + field.dropFirst(2), style: Style(foreground: .green, bold: true)))
            } else {
                var fieldLines = wrapped(String(field), width: width, glyphs: glyphs, style: field.hasPrefix("a=candidate") ? Style(foreground: .yellow) : .plain)
                fieldLines[0].note = SDPGlossary.name(of: field)
                lines += fieldLines
            }
        }
        return lines
    }

    private static func candidateLines(_ line: String, width: Int, glyphs: Glyphs) -> [Line] {
        guard let candidate = ICECandidate(line) else {
            return [Line(text: line.isEmpty ? "end of candidates" : "candidate: \(line)")]
        }
        return [Line(text: "ICE candidate", style: Style(bold: true))]
            + candidate.fields.flatMap { wrapped($0.name.padding(toColumns: 16) + $0.value, width: width, glyphs: glyphs) }
    }

    private static func hexDump(_ bytes: [UInt8]) -> [Line] {
        stride(from: 0, to: bytes.count, by: 16).map { offset in
            let chunk = bytes[offset..<min(offset + 16, bytes.count)]
            let hex = chunk.map { String(format: "%02x", $0) }.joined(separator: " ")
            let ascii = String(chunk.map { (0x20..<0x7F).contains($0) ? Character(Unicode.Scalar($0)) : "." })
            let padded = hex.padding(toLength: 47, withPad: " ", startingAt: 0)
            return Line(text: String(format: "%08x  ", offset) + padded + "  " + ascii)
        }
    }

    /// Splits text into lines no wider than `width` columns (after escaping).
    static func wrapped(_ text: String, width: Int, glyphs: Glyphs, style: Style = .plain) -> [Line] {
        var lines: [Line] = []
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var current = ""
            var columns = 0
            for character in glyphs.displayable(String(rawLine)) {
                let characterWidth = DisplayWidth.of(character)
                if columns + characterWidth > max(1, width) {
                    lines.append(Line(text: current, style: style))
                    current = ""
                    columns = 0
                }
                current.append(character)
                columns += characterWidth
            }
            lines.append(Line(text: current, style: style))
        }
        return lines
    }
}
