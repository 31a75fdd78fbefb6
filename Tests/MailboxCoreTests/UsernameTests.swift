import Testing
import MailboxCore

@Suite struct UsernameTests {
    @Test(arguments: [
        "alice", "42", "550e8400-e29b-41d4-a716-446655440000", "名前", "🦊 fox", "a:b", "x y",
        String(repeating: "k", count: 256),
    ])
    func acceptsAnyPrintableUTF8UpTo256Bytes(_ text: String) throws {
        #expect(try Username(validating: text).text == text)
        #expect(try Username(validating: Array(text.utf8)).text == text)
    }

    @Test func refusesEmptyAndLongNames() {
        #expect(throws: UsernameError.empty) { try Username(validating: "") }
        #expect(throws: UsernameError.tooLong(byteCount: 257)) {
            try Username(validating: String(repeating: "k", count: 257))
        }
        // 86 three-byte characters: 258 bytes although only 86 characters.
        #expect(throws: UsernameError.tooLong(byteCount: 258)) {
            try Username(validating: String(repeating: "名", count: 86))
        }
    }

    @Test(arguments: ["a\rb", "a\nb", "\u{1}", "tab\there", "del\u{7F}", "c1\u{85}", "esc\u{1B}[31m"])
    func refusesControlCharacters(_ text: String) {
        #expect(throws: UsernameError.controlCharacter) { try Username(validating: text) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: UsernameError.invalidUTF8) { try Username(validating: [0x61, 0xFF, 0x62]) }
        #expect(throws: UsernameError.invalidUTF8) { try Username(validating: [0xC3]) }
    }

    @Test func equalityIsByteExact() throws {
        let composed = try Username(validating: "caf\u{E9}")
        let decomposed = try Username(validating: "cafe\u{301}")
        #expect(composed.text == decomposed.text)  // Swift's String says equal...
        #expect(composed != decomposed)  // ...but they are different inboxes.
        #expect(Set([composed, decomposed]).count == 2)
    }
}
