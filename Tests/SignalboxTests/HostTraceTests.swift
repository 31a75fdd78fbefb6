import Foundation
import MailboxCore
import SignalboxUI
import Testing
@testable import signalbox

/// The store's events become the sequence diagram's arrows and fates.
@Suite struct HostTraceTests {
    let clock = ManualClock()

    func name(_ text: String) -> Username { try! Username(validating: text) }

    /// Runs `body` on a store whose events feed a trace, as the host view's feed does.
    func traced(_ configuration: MailboxConfiguration = MailboxConfiguration(),
                _ body: (MailboxStore<Int>) -> Void) -> MessageTrace {
        let store = MailboxStore<Int>(configuration: configuration, clock: clock)
        let mapping = HostTrace(configuration: configuration)
        var trace = MessageTrace()
        store.onEvent = { event in
            if let change = mapping.change(for: event, at: clock.now, date: Date()) { trace.apply(change) }
        }
        body(store)
        return trace
    }

    @Test func aHeldMessageIsReleasedThenDeliveredAfterItsWholeWait() {
        let trace = traced { store in
            _ = store.receive(owner: name("alice"), password: [])
            store.setStepMode(true)
            _ = store.post(sender: name("bob"), password: [], recipient: name("alice"), body: Array(#"{"type":"offer","sdp":"v=0"}"#.utf8))
            #expect(store.snapshot().statistics.heldMessages == 1)
            clock.advance(by: .milliseconds(1_500))
            store.releaseOldest()
            clock.advance(by: .milliseconds(250))
            _ = store.receive(owner: name("alice"), password: [])
        }
        #expect(trace.arrows.count == 1)
        #expect(trace.arrows[0].sender == "bob")
        #expect(trace.arrows[0].recipient == "alice")
        #expect(trace.arrows[0].kind == .offer)
        #expect(trace.arrows[0].fate == .delivered(after: .milliseconds(1_750)))
    }

    @Test func everyFateHasItsEvent() {
        let trace = traced(MailboxConfiguration(messageTimeout: .seconds(10), dropPercent: 0)) { store in
            _ = store.receive(owner: name("alice"), password: [])
            _ = store.post(sender: name("bob"), password: [], recipient: name("alice"), body: Array("late".utf8))
            _ = store.post(sender: name("bob"), password: [], recipient: name("nobody"), body: Array("x".utf8))
            store.setStepMode(true)
            _ = store.post(sender: name("bob"), password: [], recipient: name("alice"), body: Array("held".utf8))
            clock.advance(by: .seconds(10))
            store.removeExpired()
        }
        #expect(trace.arrows.map(\.fate) == [.expired, .refused("404 no inbox"), .held])
    }
}
