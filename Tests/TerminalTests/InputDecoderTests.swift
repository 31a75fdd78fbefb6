import SignalboxUI
import Testing
@testable import Terminal

/// The input decoding that needs no terminal: keys, Escape, and bracketed paste.
@Suite struct InputDecoderTests {
    func decode(_ text: String) -> [TerminalInput] {
        var decoder = InputDecoder()
        var inputs: [TerminalInput] = []
        for scalar in text.unicodeScalars { inputs += decoder.feed(.character(scalar.value)) }
        return inputs + decoder.feed(.idle)
    }

    @Test func charactersAndControlKeys() {
        #expect(decode("a名") == [.key(.character("a")), .key(.character("名"))])
        #expect(decode("\u{3}\u{7F}\r\t") == [.key(.control("c")), .key(.backspace), .key(.enter), .key(.tab)])
    }

    @Test func aBracketedPasteArrivesWholeWithItsEscapesAndNewlines() {
        let pasted = "v=0\r\na=candidate:1 \u{1B}[A 名前 🦊\r\n" + String(repeating: "x", count: 5000)
        let inputs = decode("\u{1B}[200~" + pasted + "\u{1B}[201~" + "q")
        #expect(inputs.count == 2)
        guard case .paste(let text) = inputs.first else {
            Issue.record("no paste: \(inputs)")
            return
        }
        #expect(text == pasted.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(inputs.last == .key(.character("q")))
    }

    @Test func aLoneEscapeIsEscape() {
        #expect(decode("\u{1B}").contains(.key(.escape)))
    }
}
