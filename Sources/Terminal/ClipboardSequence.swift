import Foundation

/// The OSC 52 escape sequences that ask a terminal to put text on its clipboard, wrapped for
/// the multiplexer in between: tmux takes plain OSC 52 itself when its `set-clipboard` is on,
/// and passes a wrapped one through to the outer terminal when `allow-passthrough` is on; GNU
/// screen passes a wrapped one through. Either way nothing confirms that the terminal accepted
/// it (stock xterm refuses OSC 52 unless allowed), which is why the UI says "sent", not "copied".
public enum ClipboardSequence {
    public enum Multiplexer: Equatable, Sendable {
        case none, tmux, screen

        /// The multiplexer this process runs under, from its environment.
        public static func detect(in environment: [String: String]) -> Multiplexer {
            if environment["TMUX"] != nil { return .tmux }
            if environment["STY"] != nil || environment["TERM"]?.hasPrefix("screen") == true { return .screen }
            return .none
        }
    }

    /// The bytes to write for `text` under `multiplexer`.
    public static func bytes(for text: String, under multiplexer: Multiplexer) -> String {
        let osc52 = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{7}"
        switch multiplexer {
        case .none:
            return osc52
        case .tmux:
            // Inside a passthrough, every ESC of the inner sequence is doubled.
            let escaped = osc52.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}")
            return osc52 + "\u{1B}Ptmux;" + escaped + "\u{1B}\\"
        case .screen:
            return "\u{1B}P" + osc52 + "\u{1B}\\"
        }
    }
}
