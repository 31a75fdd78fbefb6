import Foundation
import SignalboxUI
import Testing

/// The host view in `signalbox demo`: the header says what plays, and `r` asks for it again.
@Suite struct DemoViewTests {
    static func demo(width: Int = 80, height: Int = 24) -> AppState {
        var state = StepModeViewTests.stepping(width: width, height: height)
        state.host?.demo = "alice calls bob"
        state.host?.showsDiagram = true
        return state
    }

    @Test func theDemoAt100x30() throws {
        try expectSnapshot(render(Self.demo(width: 100, height: 30)), named: "host-demo-100x30")
    }

    @Test func theHeaderSaysWhatPlaysAndTheFooterHowToPlayItAgain() {
        let lines = render(Self.demo(width: 100, height: 30)).lines
        #expect(lines[0].contains("▶ DEMO · alice calls bob"))
        #expect(lines.last?.contains("r again") == true)
        #expect(render(Self.demo(width: 40, height: 12)).lines.joined().contains("▶ demo"))
    }

    @Test func rPlaysTheHandshakeAgain() {
        var state = Self.demo()
        #expect(update(&state, .input(.key(.character("r")))) == [.host(.playDemoAgain)])
    }

    @Test func withoutADemoRIsNotAHostKey() {
        var state = StepModeViewTests.stepping()
        #expect(update(&state, .input(.key(.character("r")))).isEmpty)
        #expect(!render(state).lines.joined().contains("DEMO"))
    }

    @Test func theHelpListsTheDemosKey() {
        var state = Self.demo(width: 100, height: 30)
        _ = update(&state, .input(.key(.character("?"))))
        let text = render(state).lines.joined(separator: "\n")
        #expect(text.contains("Demo"))
        #expect(text.contains("play the demo's handshake again"))
    }
}
