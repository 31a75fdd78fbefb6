import Foundation
import Terminal
import Testing

@Suite struct ClipboardSequenceTests {
    let plain = "\u{1B}]52;c;aGk=\u{7}"

    @Test func aBareTerminalGetsPlainOSC52() {
        #expect(ClipboardSequence.bytes(for: "hi", under: .none) == plain)
    }

    @Test func tmuxGetsItPlainAndWrappedInAPassthroughWithEscapesDoubled() {
        let bytes = ClipboardSequence.bytes(for: "hi", under: .tmux)
        #expect(bytes == plain + "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aGk=\u{7}\u{1B}\\")
    }

    @Test func screenGetsItWrapped() {
        #expect(ClipboardSequence.bytes(for: "hi", under: .screen) == "\u{1B}P" + plain + "\u{1B}\\")
    }

    @Test func theMultiplexerComesFromTheEnvironment() {
        #expect(ClipboardSequence.Multiplexer.detect(in: ["TMUX": "/tmp/tmux-0/default,1,0", "TERM": "screen"]) == .tmux)
        #expect(ClipboardSequence.Multiplexer.detect(in: ["TERM": "screen-256color"]) == .screen)
        #expect(ClipboardSequence.Multiplexer.detect(in: ["TERM": "xterm-256color"]) == .none)
    }
}
