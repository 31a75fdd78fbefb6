import Benchmark
import Foundation
import SignalboxUI
import Terminal

/// Micro-benchmarks of the UI's renderer. The runtime draws a whole frame after every event and
/// on every second's tick, so a frame must stay far below human reaction time however much the
/// log or the mailbox holds. Each state is built outside the measurement, by feeding `update`
/// the events the runtime would; each iteration renders one frame.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal])

    for (width, height) in [(80, 24), (200, 60)] {
        /// The peer view following the newest of 10,000 received messages: only the rows on
        /// screen are drawn, so the cost should follow the screen, not the log.
        Benchmark("peer view \(width)x\(height), 10000 messages") { _, state in
            blackHole(render(state))
        } setup: {
            peerState(width: width, height: height, messages: 10_000)
        }

        /// What the user waits for when a message arrives in a log of 10,000: the frame is
        /// rendered and drawn through ncurses to a (pseudo-)terminal. Frames alternate between
        /// the log before and after one more message, so every frame scrolls the message list
        /// and ncurses has real changes to write.
        let open = OpenFrames()
        Benchmark("peer view \(width)x\(height), 10000 messages, render and draw") { (benchmark: Benchmark, frames: Frames) in
            for _ in benchmark.scaledIterations {
                frames.drawNext()
            }
        } setup: {
            let terminal = PseudoTerminal(width: width, height: height)
            let screen = try TerminalScreen.open(useColors: true, onTermination: { _ in })
            var next = peerState(width: width, height: height, messages: 10_000)
            let before = next
            _ = update(&next, .received(
                sender: "late-peer", body: Array(candidate(port: 40_000).utf8), contentType: "application/json",
                at: start + 10_001))
            let frames = Frames(terminal: terminal, screen: screen, states: [before, next])
            open.frames = frames
            return frames
        } teardown: {
            open.frames?.screen.close()
            open.frames?.terminal.restore()
            open.frames = nil
        }

        /// The host view of a mailbox holding 1,000 or 100,000 inboxes, a third of them with a
        /// waiting long poll and most with pending messages, under a full event log: only the
        /// rows on screen are drawn, so the cost should follow the screen, not the mailbox.
        for count in [1_000, 100_000] {
            Benchmark("host view \(width)x\(height), \(count) inboxes") { _, state in
                blackHole(render(state))
            } setup: {
                hostState(width: width, height: height, inboxes: count)
            }
        }

        /// A frame of the host view over 100,000 inboxes, rendered and drawn through ncurses,
        /// alternating between the selection on one inbox and on the next.
        let openHost = OpenFrames()
        Benchmark("host view \(width)x\(height), 100000 inboxes, render and draw") { (benchmark: Benchmark, frames: Frames) in
            for _ in benchmark.scaledIterations {
                frames.drawNext()
            }
        } setup: {
            let terminal = PseudoTerminal(width: width, height: height)
            let screen = try TerminalScreen.open(useColors: true, onTermination: { _ in })
            var next = hostState(width: width, height: height, inboxes: 100_000)
            let before = next
            _ = update(&next, .input(.key(.down)))
            let frames = Frames(terminal: terminal, screen: screen, states: [before, next])
            openHost.frames = frames
            return frames
        } teardown: {
            openHost.frames?.screen.close()
            openHost.frames?.terminal.restore()
            openHost.frames = nil
        }
    }

    /// A burst of 20,000 new inboxes folded into a host view of 100,000: one update.
    Benchmark("host view, a batch of 20000 new inboxes into 100000") { (benchmark: Benchmark, state: Burst) in
        for _ in benchmark.scaledIterations {
            var next = state.host
            next?.apply(state.burst)
            blackHole(next)
        }
    } setup: {
        let state = hostState(width: 200, height: 60, inboxes: 100_000)
        return Burst(host: state.host, burst: (0..<20_000).map { .opened(owner: UUID().uuidString) })
    }
}

/// A host state and a batch of changes to fold into it.
struct Burst: Sendable {
    var host: HostState?
    var burst: [InboxChange]
}

let start = Date(timeIntervalSince1970: 1_800_000_000)

/// An open screen on a pseudo-terminal and the two states its frames alternate between.
final class Frames: @unchecked Sendable {
    let terminal: PseudoTerminal
    let screen: TerminalScreen
    let states: [AppState]
    private var drawn = 0

    init(terminal: PseudoTerminal, screen: TerminalScreen, states: [AppState]) {
        self.terminal = terminal
        self.screen = screen
        self.states = states
    }

    /// Renders and draws the state the last frame did not show.
    func drawNext() {
        drawn += 1
        screen.draw(render(states[drawn % states.count]))
    }
}

/// The frames a benchmark's setup opened, for its teardown to close.
final class OpenFrames: @unchecked Sendable {
    var frames: Frames?
}

/// A peer's state after `count` messages from ten peers, one second apart, in calls of ten
/// messages: an offer or an answer, eight trickled ICE candidates and a bye.
func peerState(width: Int, height: Int, messages count: Int) -> AppState {
    var state = AppState(
        identity: UUID().uuidString, server: "http://192.168.1.20:3000", now: start,
        width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
    _ = update(&state, .connectionChanged(.longPolling))
    let inbox = InboxStatus(refreshedAt: start, inboxTimeout: .seconds(60), messageTimeout: .seconds(60), pending: 0)
    _ = update(&state, .inboxRefreshed(inbox))
    let peers = (0..<10).map { _ in UUID().uuidString }
    for index in 0..<count {
        let call = index / 10
        let body = switch index % 10 {
        case 0: call.isMultiple(of: 2) ? offer : answer
        case 9: #"{"type":"bye"}"#
        default: candidate(port: 50_000 + index % 10_000)
        }
        let event = Event.received(
            sender: peers[call % peers.count], body: Array(body.utf8), contentType: "application/json",
            at: start + TimeInterval(index))
        _ = update(&state, event)
    }
    return state
}

/// The host's state with `count` inboxes: every third one held open by a long poll, the others
/// counting down, each with 0 to 3 pending candidates, and the event log at its 500 lines.
func hostState(width: Int, height: Int, inboxes count: Int) -> AppState {
    var state = AppState(
        identity: UUID().uuidString, server: "http://127.0.0.1:3000", now: start,
        width: width, height: height, timeZone: TimeZone(identifier: "UTC")!)
    state.host = HostState(join: JoinInfo(
        urls: ["http://192.168.1.20:3000", "http://10.0.0.5:3000"], hint: [],
        settings: ["inbox 60 s", "message 60 s", "capacity 100"]))
    state.view = .host
    let owners = (0..<count).map { _ in UUID().uuidString }
    func inbox(_ index: Int) -> HostInbox {
        HostInbox(
            owner: owners[index],
            messages: (0..<index % 4).map { message in
                HostMessage(sender: owners[(index + 1) % count], size: 200, kind: .candidate, expiresAt: start + 45,
                            id: UInt64(index * 4 + message))
            },
            capacity: 100,
            expiresAt: index.isMultiple(of: 3) ? nil : start + TimeInterval(index % 60),
            inboxTimeout: .seconds(60))
    }
    // As the runtime feeds it: the store's events in one batch, then the page on screen.
    var changes: [InboxChange] = []
    for index in owners.indices {
        changes.append(.opened(owner: owners[index]))
        for message in inbox(index).messages {
            changes.append(.queued(owner: owners[index], PendingMessage(
                id: message.id, sender: message.sender, kind: message.kind, size: message.size)))
        }
    }
    _ = update(&state, .hostBatch(HostBatch(changes: changes)))
    var totals = HostTotals()
    totals.inboxes = count
    totals.messages = changes.count - count
    totals.bytes = totals.messages * 200
    totals.requestsPerSecond = 850
    let index = Dictionary(uniqueKeysWithValues: owners.indices.map { (owners[$0], $0) })
    let shown = hostPageOwners(state, shown: render(state)).compactMap { index[$0] }
    _ = update(&state, .hostPage(inboxes: shown.map(inbox), totals: totals))
    for index in 0..<500 {
        let line = HostLogLine(time: start + TimeInterval(index), text: "\(owners[index]) sent a candidate to \(owners[(index + 1) % count])")
        _ = update(&state, .hostBatch(HostBatch(log: [line])))
    }
    return state
}

/// An ICE candidate as browsers send it.
func candidate(port: Int) -> String {
    #"{"candidate":"candidate:1 1 udp 2122260223 192.168.1.2 \#(port) typ host generation 0","sdpMid":"0","sdpMLineIndex":0}"#
}

/// A data-channel offer and answer as browsers send them, about 600 bytes each.
let offer = #"{"type":"offer","sdp":"v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\na=ice-options:trickle\r\na=fingerprint:sha-256 0F:74:31:25:CB:A2:13:EC:28:6F:6D:2C:61:FF:5D:C2:BC:B9:DB:3D:98:14:8D:1A:BB:EA:33:0C:A4:60:A8:8E\r\na=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}"#
let answer = #"{"type":"answer","sdp":"v=0\r\no=- 7381956236518394120 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:Ky7q\r\na=ice-pwd:1nTqMYQ4a9ZKpF3y0bXv2sLw\r\na=ice-options:trickle\r\na=fingerprint:sha-256 A1:09:6C:2E:77:B4:5D:90:3F:12:CE:8B:44:E0:19:7A:D3:5B:62:F8:0E:91:C7:2A:6D:B3:58:04:EF:1C:90:47\r\na=setup:active\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n"}"#
