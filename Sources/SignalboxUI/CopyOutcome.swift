/// How a copy went: only a command that took the text can say it was copied; a terminal asked
/// with OSC 52 never answers.
public enum CopyOutcome: Equatable, Sendable {
    /// This command (`$SIGNALBOX_COPY`, wl-copy, xclip, xsel) took the text.
    case command(String)
    /// OSC 52 was sent to the terminal, which may or may not have accepted it.
    case terminal
    case failed(String)

    /// The status line's words for a copy of `bytes` bytes.
    func notice(bytes: Int) -> String {
        let size = ByteCountText.of(bytes)
        return switch self {
        case .command(let name): "copied \(size) with \(name)"
        case .terminal: "sent \(size) to the terminal's clipboard (OSC 52): s saves to a file instead"
        case .failed(let reason): "not copied: \(reason); s saves to a file instead"
        }
    }
}
