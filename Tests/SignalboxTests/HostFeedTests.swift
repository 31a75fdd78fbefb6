import Foundation
import MailboxCore
import SignalboxUI
import Testing
@testable import signalbox

/// The hosted store's events become batches for the host view, on a manual clock: the
/// directory they build is the store's, and bursts are counted in the log.
@Suite struct HostFeedTests {
    let clock = ManualClock()
    let date = Date(timeIntervalSince1970: 1_764_079_200)

    func name(_ text: String) -> Username { try! Username(validating: text) }

    /// A store whose events are kept, as the hosted mailbox's buffer keeps them.
    func store(_ configuration: MailboxConfiguration = MailboxConfiguration()) -> (MailboxStore<Int>, HostEventBuffer) {
        let store = MailboxStore<Int>(configuration: configuration, clock: clock)
        let buffer = HostEventBuffer()
        store.onEvent = { [clock] in buffer.append($0, at: clock.now) }
        return (store, buffer)
    }

    @Test func theDirectoryFoldedFromBatchesIsTheStores() {
        let (store, buffer) = store(MailboxConfiguration(inboxTimeout: .seconds(60), messageTimeout: .seconds(30)))
        var batcher = HostFeedBatcher(configuration: store.configuration)
        var host = HostState(join: JoinInfo(urls: [], hint: [], settings: []))
        for index in 0..<2_000 { _ = store.receive(owner: name("peer-\(index)"), password: []) }
        _ = store.post(sender: name("peer-1"), password: [], recipient: name("peer-2"), body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8))
        _ = store.post(sender: name("peer-1"), password: [], recipient: name("peer-3"), body: Array("hi".utf8))
        let first = batcher.batch(buffer.take(), now: clock.now, date: date)
        host.apply(first.changes)
        #expect(host.directory.count == 2_000)
        #expect(host.directory.messages(of: "peer-2").map(\.kind) == [.offer])

        // Delivered, expired, and inboxes gone: the next batch says so.
        _ = store.receive(owner: name("peer-2"), password: [])
        clock.advance(by: .seconds(30))
        for index in 0..<1_000 { _ = store.receive(owner: name("peer-\(index)"), password: []) }
        clock.advance(by: .seconds(31))
        store.removeExpired()
        let second = batcher.batch(buffer.take(), now: clock.now, date: date.addingTimeInterval(61))
        host.apply(second.changes)
        let snapshot = store.snapshot()
        #expect(host.directory.owners == snapshot.inboxes.map(\.owner.text))
        #expect(host.directory.owners.count == 1_000)
        #expect(host.directory.messages(of: "peer-2").isEmpty)
        #expect(host.directory.messages(of: "peer-3").isEmpty)  // expired unread
        #expect(second.fates.contains(HostMessageFate(sender: "peer-1", recipient: "peer-2", delivered: true, at: date.addingTimeInterval(0))))
    }

    @Test func aBurstIsAFewLinesAndThenItsCountWhenTheSecondIsOver() {
        var digest = HostLogDigest()
        let opened = (0..<1_204).map { (date: date.addingTimeInterval(Double($0) / 2_000), event: MailboxEvent.inboxCreated(owner: name("peer-\($0)"))) }
        let failed = (date: date.addingTimeInterval(0.5), event: MailboxEvent.authenticationFailed(owner: name("peer-1"), origin: nil))
        var lines = digest.lines(for: opened + [failed], now: date.addingTimeInterval(0.7)).map(\.text)
        #expect(lines == ["peer-0 opened an inbox", "peer-1 opened an inbox", "peer-2 opened an inbox",
                          "wrong password for peer-1 (401)"])
        lines = digest.lines(for: [], now: date.addingTimeInterval(1.0)).map(\.text)
        #expect(lines == ["1,201 more inboxes opened in the last second"])
        // A new second starts afresh.
        lines = digest.lines(for: [(date.addingTimeInterval(5), .inboxCreated(owner: name("late")))], now: date.addingTimeInterval(5)).map(\.text)
        #expect(lines == ["late opened an inbox"])
        #expect(HostLogDigest.grouped(1_234_567) == "1,234,567")
        #expect(HostLogDigest.grouped(999) == "999")
    }
}
