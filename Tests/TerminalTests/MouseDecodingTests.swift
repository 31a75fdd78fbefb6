import CNCurses
import SignalboxUI
import Testing
@testable import Terminal

/// SGR mouse reports (mode 1006) and Alt-Enter, decoded from the raw bytes a terminal sends.
@Suite struct MouseDecodingTests {
    func decode(_ text: String) -> [TerminalInput] {
        var decoder = InputDecoder()
        var inputs: [TerminalInput] = []
        for scalar in text.unicodeScalars { inputs += decoder.feed(.character(scalar.value)) }
        return inputs + decoder.feed(.idle)
    }

    @Test func aClickIsAPressThenARelease() {
        #expect(decode("\u{1B}[<0;12;5M\u{1B}[<0;12;5m") == [
            .mouse(MouseEvent(.press(.left), x: 11, y: 4)), .mouse(MouseEvent(.release(.left), x: 11, y: 4)),
        ])
        #expect(decode("\u{1B}[<2;1;1M") == [.mouse(MouseEvent(.press(.right), x: 0, y: 0))])
        // Shift, Meta and Ctrl do not change which button it was.
        #expect(decode("\u{1B}[<16;300;200M") == [.mouse(MouseEvent(.press(.left), x: 299, y: 199))])
    }

    @Test func theWheelTurnsUpAndDown() {
        #expect(decode("\u{1B}[<64;3;4M\u{1B}[<65;3;4M") == [
            .mouse(MouseEvent(.wheelUp, x: 2, y: 3)), .mouse(MouseEvent(.wheelDown, x: 2, y: 3)),
        ])
    }

    @Test func keysAroundAReportAreKeptAndItsBytesNeverTyped() {
        #expect(decode("a\u{1B}[<0;2;3Mb") == [
            .key(.character("a")), .mouse(MouseEvent(.press(.left), x: 1, y: 2)), .key(.character("b")),
        ])
        // Motion and sideways wheels are not reported as anything, and leave no text behind.
        #expect(decode("\u{1B}[<35;2;3M\u{1B}[<66;2;3Mq") == [.key(.character("q"))])
        // What is not a report after all is dropped up to where that shows.
        #expect(decode("\u{1B}[<0;xq") == [.key(.character("q"))])
        #expect(decode("\u{1B}[<0;2M") == [])
    }

    @Test func escapeAndPasteStillWorkBesideReports() {
        #expect(decode("\u{1B}") == [.key(.escape)])
        #expect(decode("\u{1B}[200~hi\u{1B}[201~\u{1B}[<0;1;1M") == [.paste("hi"), .mouse(MouseEvent(.press(.left), x: 0, y: 0))])
    }

    @Test func cursesOwnMouseKeyIsFollowedByTheReportsRest() {
        var decoder = InputDecoder()
        var inputs = decoder.feed(.keyCode(sb_key_mouse()))
        for scalar in "0;5;6M".unicodeScalars { inputs += decoder.feed(.character(scalar.value)) }
        #expect(inputs == [.mouse(MouseEvent(.press(.left), x: 4, y: 5))])
    }

    @Test func altEnterAndCtrlJAreNotEnter() {
        #expect(decode("\u{1B}\r") == [.key(.altEnter)])
        #expect(decode("\n\r") == [.key(.control("j")), .key(.enter)])
    }
}
