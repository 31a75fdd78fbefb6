import Testing
@testable import MailboxCore

/// A page of the store: the inboxes an observer asks for, in time that follows the page.
@Suite struct PagedSnapshotTests {
    @Test func aPageHoldsOnlyTheInboxesAskedForThatStillExistInTheOrderAsked() {
        let f = Fixture(MailboxConfiguration(inboxTimeout: .seconds(60)))
        for owner in ["alice", "bob", "carol", "dave"] { _ = f.receive(owner) }
        f.clock.advance(by: .seconds(30))
        _ = f.receive("bob")
        _ = f.receive("dave")
        f.clock.advance(by: .seconds(31))
        let page = f.store.snapshot(of: [name("dave"), name("carol"), name("bob"), name("nobody"), name("alice")])
        // alice and carol expired; nobody never was.
        #expect(page.inboxes.map(\.owner.text) == ["dave", "bob"])
        #expect(page.statistics.inboxes == 2)
        #expect(page.inboxes[1].expiresAt == MailboxInstant(nanoseconds: 90_000_000_000))
        #expect(f.events.events.filter { if case .inboxExpired = $0 { true } else { false } }.count == 2)
    }
}
