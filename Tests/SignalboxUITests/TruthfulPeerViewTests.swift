import Foundation
import SignalboxUI
import Testing

/// What the peer view says about the connection and the clock is true at every instant, on
/// the manual clock: the server away, the long poll's wait, a pause, each sent message's fate.
@Suite struct TruthfulPeerViewTests {
    let start = Date(timeIntervalSince1970: 1_764_079_200)  // 14:00:00 UTC

    func opened(width: Int = 80) -> AppState {
        var state = AppState(identity: "alice", server: "http://127.0.0.1:3000", now: start, width: width, height: 24, timeZone: TimeZone(identifier: "UTC")!)
        _ = update(&state, .inboxRefreshed(InboxStatus(refreshedAt: start, inboxTimeout: .seconds(60), messageTimeout: .seconds(60), pending: 0)))
        _ = update(&state, .connectionChanged(.longPolling(until: start.addingTimeInterval(25))))
        return state
    }

    func text(_ state: AppState) -> String {
        render(state).lines.joined(separator: "\n")
    }

    func sendHello(to peer: String, in state: inout AppState) -> Int {
        _ = update(&state, .input(.key(.character("n"))))
        for character in peer { _ = update(&state, .input(.key(.character(character)))) }
        _ = update(&state, .input(.key(.enter)))
        _ = update(&state, .input(.key(.character("c"))))
        for character in "hello" { _ = update(&state, .input(.key(.character(character)))) }
        _ = update(&state, .input(.key(.enter)))
        return state.log.last!.id
    }

    @Test func theLongPollsOwnWaitCountsDown() {
        var state = opened()
        #expect(render(state).lines[0].contains("long-poll waiting · 25 s left"))
        #expect(state.needsTick)
        _ = update(&state, .tick(start.addingTimeInterval(7)))
        #expect(render(state).lines[0].contains("long-poll waiting · 18 s left"))
    }

    @Test func anUnreachableServerIsNamedWithItsReasonAndRetryCountdown() {
        var state = opened()
        _ = update(&state, .connectionChanged(.retrying(reason: "connection refused", retryAt: start.addingTimeInterval(1))))
        let screen = render(state).lines
        #expect(screen[0].contains("✗ connection refused · retry in 1 s"))
        #expect(screen[1].contains("cannot reach the server: connection refused · expires in 60 s"))
        var wide = state
        wide.width = 120
        #expect(render(wide).lines[1].contains("cannot reach the server: connection refused · expires in 60 s · R retries now"))
        #expect(!screen.joined().contains("kept alive"))
        #expect(!screen.joined().contains("long-poll waiting"))
        #expect(state.needsTick)
    }

    @Test func rRetriesOnlyWhileRetrying() {
        var state = opened()
        #expect(update(&state, .input(.key(.character("R")))).isEmpty)
        #expect(state.notice?.contains("nothing to retry") == true)
        _ = update(&state, .connectionChanged(.retrying(reason: "connection refused", retryAt: start.addingTimeInterval(5))))
        #expect(update(&state, .input(.key(.character("R")))) == [.retryNow])
    }

    @Test func pausingShowsTheIdleCountdownRunningDownToExpiry() {
        var state = opened()
        #expect(update(&state, .input(.key(.character("p")))) == [.pausePolling(true)])
        // The poller ended its held request with one that refreshed the inbox.
        _ = update(&state, .inboxRefreshed(InboxStatus(refreshedAt: start.addingTimeInterval(2), inboxTimeout: .seconds(60), messageTimeout: .seconds(60), pending: 0)))
        _ = update(&state, .connectionChanged(.paused))
        _ = update(&state, .tick(start.addingTimeInterval(12)))
        #expect(render(state).lines[0].contains("‖ paused"))
        #expect(render(state).lines[1].contains("paused · expires in 50 s"))
        #expect(state.needsTick)
        _ = update(&state, .tick(start.addingTimeInterval(62)))
        #expect(render(state).lines[1].contains("paused · expired"))
        #expect(update(&state, .input(.key(.character("p")))) == [.pausePolling(false)])
    }

    @Test func pausedAtAnyWidthSaysWhatHappensAtZero() {
        var state = opened(width: 120)
        _ = update(&state, .input(.key(.character("p"))))
        _ = update(&state, .connectionChanged(.paused))
        #expect(text(state).contains("then the server deletes it and its queue (senders get 404)"))
    }

    @Test func aSentMessageIsStampedWhenTheServerTookItAndCountsDownItsTTL() throws {
        var state = opened(width: 100)
        // No tick ran for 20 s (a held poll keeps nothing moving); the key comes at 14:00:20.
        _ = update(&state, .tick(start.addingTimeInterval(20)))
        let id = sendHello(to: "bob", in: &state)
        #expect(text(state).contains("sending"))
        _ = update(&state, .sendFinished(id: id, at: start.addingTimeInterval(21), error: nil))
        var row = try #require(render(state).lines.first { $0.contains("hello") })
        #expect(row.contains("14:00:21"))
        #expect(row.contains("in bob's inbox · expires in ≤ 60 s"))
        #expect(state.needsTick)
        _ = update(&state, .tick(start.addingTimeInterval(75)))
        row = try #require(render(state).lines.first { $0.contains("hello") })
        #expect(row.contains("expires in ≤ 6 s"))
        _ = update(&state, .tick(start.addingTimeInterval(82)))
        row = try #require(render(state).lines.first { $0.contains("hello") })
        #expect(row.contains("may have expired unread"))
    }

    @Test func aReplyFromThePeerMakesTheDeliveryEvident() throws {
        var state = opened(width: 100)
        let id = sendHello(to: "bob", in: &state)
        _ = update(&state, .sendFinished(id: id, at: start.addingTimeInterval(1), error: nil))
        _ = update(&state, .received(sender: "carol", body: Array("hi".utf8), contentType: nil, at: start.addingTimeInterval(2)))
        #expect(state.log.first { $0.id == id }?.direction == .sent(.queued))
        _ = update(&state, .received(sender: "bob", body: Array("got it".utf8), contentType: nil, at: start.addingTimeInterval(3)))
        let row = try #require(render(state).lines.first { $0.contains("hello") })
        #expect(row.contains("read: bob replied since"))
    }

    @Test func theHostTellsTheExactFateOfItsOwnPeersMessages() throws {
        var state = opened(width: 100)
        let first = sendHello(to: "bob", in: &state)
        _ = update(&state, .sendFinished(id: first, at: start.addingTimeInterval(1), error: nil))
        let second = sendHello(to: "bob", in: &state)
        _ = update(&state, .sendFinished(id: second, at: start.addingTimeInterval(2), error: nil))
        // Someone else's message to bob is not ours.
        _ = update(&state, .hostBatch(HostBatch(fates: [HostMessageFate(sender: "carol", recipient: "bob", delivered: true, at: start.addingTimeInterval(3))])))
        #expect(state.log.allSatisfy { $0.direction == .sent(.queued) })
        _ = update(&state, .hostBatch(HostBatch(fates: [HostMessageFate(sender: "alice", recipient: "bob", delivered: true, at: start.addingTimeInterval(4))])))
        _ = update(&state, .hostBatch(HostBatch(fates: [HostMessageFate(sender: "alice", recipient: "bob", delivered: false, at: start.addingTimeInterval(62))])))
        #expect(state.log.first { $0.id == first }?.direction == .sent(.delivered(after: .seconds(3))))
        #expect(state.log.first { $0.id == second }?.direction == .sent(.expiredUnread))
        let rows = render(state).lines.filter { $0.contains("hello") }
        #expect(rows.count == 2)
        #expect(rows[0].contains("delivered 3 s after sending"))
        #expect(rows[1].contains("expired unread"))
    }

    @Test func aFateKnownBeforeTheSendAnswerStays() {
        var state = opened(width: 100)
        let id = sendHello(to: "bob", in: &state)
        _ = update(&state, .hostBatch(HostBatch(fates: [HostMessageFate(sender: "alice", recipient: "bob", delivered: true, at: start.addingTimeInterval(0.2))])))
        _ = update(&state, .sendFinished(id: id, at: start.addingTimeInterval(0.3), error: nil))
        #expect(state.log.last?.direction == .sent(.delivered(after: .milliseconds(200))))
    }

    @Test func aCountdownUnderTenSecondsIsAWarning() throws {
        var state = opened(width: 100)
        let id = sendHello(to: "bob", in: &state)
        _ = update(&state, .sendFinished(id: id, at: start, error: nil))
        _ = update(&state, .tick(start.addingTimeInterval(51)))
        let grid = render(state)
        let y = try #require(grid.lines.firstIndex { $0.contains("expires in ≤ 9 s") })
        let cell = try #require((0..<grid.width).map { grid[$0, y] }.first { $0.text == "≤" })
        #expect(cell.style.foreground == .yellow)
    }

    @Test func copyingSaysWhereTheTextWentNotThatItArrived() {
        var state = opened()
        _ = update(&state, .received(sender: "bob", body: Array("hi".utf8), contentType: nil, at: start))
        #expect(update(&state, .input(.key(.character("y")))) == [.copy("hi")])
        #expect(state.notice == nil)
        _ = update(&state, .copyFinished(bytes: 2, .terminal))
        #expect(state.notice?.contains("sent 2 B to the terminal's clipboard (OSC 52)") == true)
        _ = update(&state, .copyFinished(bytes: 2, .command("xclip")))
        #expect(state.notice == "copied 2 B with xclip")
        _ = update(&state, .copyFinished(bytes: 2, .failed("xclip exited with 1")))
        #expect(state.notice?.hasPrefix("not copied: xclip exited with 1") == true)
    }

    @Test func theComposerGuessesTheContentTypeAsSignalboxSendDoes() {
        var state = opened()
        _ = update(&state, .received(sender: "bob", body: Array("hi".utf8), contentType: nil, at: start))
        _ = update(&state, .input(.paste("[1, 2]")))
        let effects = update(&state, .input(.key(.enter)))
        #expect(effects == [.send(id: 2, to: "bob", body: Array("[1, 2]".utf8), contentType: "application/json")])
    }
}
