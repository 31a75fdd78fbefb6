import Foundation
import SignalboxUI
import Testing

/// The key table is the only source of keys: the footer shows the keys that act now, by the
/// names the table gives them.
@Suite struct KeyTableTests {
    static func footer(_ state: AppState) -> String {
        render(state).lines.last ?? ""
    }

    @Test func everyTableNamesEachKeyShortlyForTheFooter() {
        let tables = [KeyTable.browsing, KeyTable.hosting, KeyTable.hostLog, KeyTable.inspecting, KeyTable.help,
                      KeyTable.prompting, KeyTable.confirmingQuit, KeyTable.banner, KeyTable.composing]
        for binding in tables.joined() {
            #expect(!binding.short.isEmpty, "\(binding.label) has no short name")
            #expect(binding.short.count <= 12, "\(binding.short) is long for a footer hint")
        }
    }

    /// The footer and the keys agree in every mode: in the host view's filter prompt the
    /// footer offers the prompt's keys, which are the ones that act there (it showed the host
    /// view's, which type into the filter instead).
    @Test func theHostViewsFilterPromptShowsThePromptsKeys() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("/"))))
        #expect(state.mode == .prompting(.filter, text: ""))
        let footer = Self.footer(state)
        #expect(footer.contains("⏎ ok"), "\(footer)")
        #expect(footer.contains("esc back"), "\(footer)")
        #expect(!footer.contains("copy join"), "\(footer)")
    }

    @Test func theQuitQuestionAndTheBannerShowTheirAnswersFromTheTable() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        _ = update(&state, .input(.key(.character("q"))))
        #expect(state.confirmingQuit)
        #expect(Self.footer(state).hasPrefix(" q/y stop  any key go on"))
        _ = update(&state, .input(.key(.character("x"))))
        #expect(!state.confirmingQuit)
        _ = update(&state, .input(.key(.character("b"))))
        #expect(state.mode == .banner)
        #expect(Self.footer(state).hasPrefix(" any key close"))
    }

    @Test func theComposerLineNamesTheWritingKeysOfTheTable() {
        let state = PeerViewTests.handshake(width: 80, height: 24)
        let composer = render(state).lines[22]
        #expect(composer.hasPrefix("c compose · o offer · a answer · d candidate · e $EDITOR"))
    }
}
