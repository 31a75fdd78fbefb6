import MailboxCore
import Testing

/// Durations as seconds: the protocol's decimal text, and instants as signed seconds apart.
@Suite struct DurationSecondsTests {
    @Test(arguments: [
        (Duration.seconds(60), "60"), (.milliseconds(1500), "1.5"), (.milliseconds(13), "0.013"), (.zero, "0"),
        (.milliseconds(100), "0.1"), (.nanoseconds(1_999_999), "0.001"), (.seconds(-3), "0"),
    ])
    func decimalSecondsAreWholeMillisecondsWithoutTrailingZeros(duration: Duration, text: String) {
        #expect(duration.decimalSeconds == text)
    }

    @Test func instantsAreSignedSecondsApart() {
        let earlier = MailboxInstant(nanoseconds: 1_000_000_000)
        let later = MailboxInstant(nanoseconds: 3_500_000_000)
        #expect(later.seconds(since: earlier) == 2.5)
        #expect(earlier.seconds(since: later) == -2.5)
        #expect(later.seconds(since: later) == 0)
    }
}
