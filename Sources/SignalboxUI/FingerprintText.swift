/// A certificate fingerprint ("AB:CD:…") broken into lines between its bytes, so that it is
/// never cut and each piece reads as browsers show it.
enum FingerprintText {
    /// The lines, the first after `first` and the others after `rest`, each at most `width`
    /// columns when that leaves room for a byte.
    static func lines(_ fingerprint: String, first: String, rest: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = first
        var lineHasBytes = false
        let bytes = fingerprint.split(separator: ":")
        for (index, byte) in bytes.enumerated() {
            let piece = byte + (index < bytes.count - 1 ? ":" : "")
            if lineHasBytes, line.count + piece.count > width {
                lines.append(line)
                line = rest
                lineHasBytes = false
            }
            line += piece
            lineHasBytes = true
        }
        lines.append(line)
        return lines
    }
}
