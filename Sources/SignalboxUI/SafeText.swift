/// Text from the network is untrusted: before it reaches the screen, every control character,
/// escape sequence and direction override is replaced by a visible escape (`\e`, `\n`,
/// `\x01`, `\u{202E}`), so nothing a peer sends can move the cursor, recolor or reorder text.
/// For a terminal that is not UTF-8 (`asciiOnly`), every non-ASCII character is escaped too:
/// `名` shows as `\u{540D}`, never as the bytes a Latin-1 terminal would draw as `å`.
public enum SafeText {
    public static func displayable(_ text: String, asciiOnly: Bool = false) -> String {
        let escapes = { (scalar: Unicode.Scalar) in needsEscape(scalar) || (asciiOnly && scalar.value > 0x7E) }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var safe = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if escapes(scalar) {
                safe.append(contentsOf: escaped(scalar).unicodeScalars)
            } else {
                safe.append(scalar)
            }
        }
        return String(safe)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F: true  // C0, DEL, C1 (0x9B is an 8-bit escape sequence start)
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true  // direction controls
        default: false
        }
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x1B: return "\\e"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case 0..<0x20, 0x7F:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\x" + (hex.count == 1 ? "0" : "") + hex
        default:
            return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
    }
}
