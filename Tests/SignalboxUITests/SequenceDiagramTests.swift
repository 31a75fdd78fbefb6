import Foundation
import SignalboxUI
import Testing

/// The sequence diagram at known instants, as golden text.
@Suite struct SequenceDiagramTests {
    static let start = HostViewTests.start

    /// A handshake between alice and bob as the store would have told it, every arrow still
    /// waiting (no fate yet) or, with `fates`, each meeting a different one.
    static func diagram(width: Int, height: Int, fates: Bool) -> AppState {
        var state = HostViewTests.hosting(width: width, height: height)
        let messages: [(UInt64, String, String, MessageKind?, Int, Double)] = [
            (1, "bob", "alice", .offer, 2_140, 0),
            (2, "bob", "alice", .candidate, 64, 0.1),
            (3, "alice", "bob", .answer, 1_830, 0.4),
            (4, "alice", "bob", .candidate, 64, 0.5),
            (5, "bob", "alice", .candidate, 71, 0.6),
            (6, "alice", "bob", .text, 12, 3.2),
            (0, "alice", "carol", nil, 0, 4),
            (7, "bob", "alice", .bye, 3, 12),
        ]
        for (id, sender, recipient, kind, size, seconds) in messages {
            let posted = start.addingTimeInterval(-20 + seconds)
            _ = update(&state, .hostBatch(HostBatch(trace: [.posted(TracedMessage(
                id: id, sender: sender, recipient: recipient, kind: kind, size: size, postedAt: posted,
                fate: kind == nil ? .refused("404 no inbox") : .waiting(expiresAt: posted.addingTimeInterval(60))))])))
        }
        if fates {
            for (id, fate) in [(1, MessageFate.delivered(after: .milliseconds(12))), (2, .delivered(after: .milliseconds(2_300))),
                               (3, .delivered(after: .milliseconds(7))), (4, .expired), (5, .dropped), (6, .held)] {
                _ = update(&state, .hostBatch(HostBatch(trace: [.fate(id: UInt64(id), fate)])))
            }
        }
        _ = update(&state, .input(.key(.character("d"))))
        return state
    }

    @Test func withFatesAt80x24() throws {
        try expectSnapshot(render(Self.diagram(width: 80, height: 24, fates: true)), named: "diagram-fates-80x24")
    }

    @Test func withFatesAt160x48() throws {
        try expectSnapshot(render(Self.diagram(width: 160, height: 48, fates: true)), named: "diagram-fates-160x48")
    }

    @Test func waitingMessagesAt80x24() throws {
        try expectSnapshot(render(Self.diagram(width: 80, height: 24, fates: false)), named: "diagram-waiting-80x24")
    }

    @Test func waitingMessagesAt160x48() throws {
        try expectSnapshot(render(Self.diagram(width: 160, height: 48, fates: false)), named: "diagram-waiting-160x48")
    }

    @Test func itFollowsTheNewestArrowAndScrollsBack() {
        var state = HostViewTests.hosting(width: 80, height: 24)
        for id in 1...40 {
            _ = update(&state, .hostBatch(HostBatch(trace: [.posted(TracedMessage(
                id: UInt64(id), sender: "bob", recipient: "alice", kind: .candidate, size: id, postedAt: Self.start,
                fate: .waiting(expiresAt: nil)))])))
        }
        _ = update(&state, .input(.key(.character("d"))))
        var text = render(state).lines.joined(separator: "\n")
        #expect(text.contains(" 40 B "))
        #expect(!text.contains(" 20 B "))
        #expect(text.contains("↑"))
        _ = update(&state, .input(.key(.pageUp)))
        text = render(state).lines.joined(separator: "\n")
        #expect(!text.contains(" 40 B "))
        #expect(text.contains("↓"))
        _ = update(&state, .input(.key(.character("d"))))
        #expect(state.host?.showsDiagram == false)
    }

    @Test func theTraceKeepsABoundedHistoryAndFatesFindTheirArrow() {
        var trace = MessageTrace()
        for id in 1...1_000 {
            trace.apply(.posted(TracedMessage(
                id: UInt64(id), sender: "bob", recipient: "alice", kind: .text, size: 1, postedAt: Self.start, fate: .held)))
        }
        trace.apply(.fate(id: 1_000, .expired))
        trace.apply(.fate(id: 1, .expired))  // long forgotten: nothing happens
        #expect(trace.arrows.count < 1_000)
        #expect(trace.arrows.last?.fate == .expired)
        #expect(trace.arrows.dropLast().allSatisfy { $0.fate == .held })
    }

    @Test func theLanesAreTheSelectedPeerAndEveryoneItTalkedTo() {
        var trace = MessageTrace()
        for (id, sender, recipient) in [(1, "bob", "alice"), (2, "carol", "dave"), (3, "alice", "carol")] {
            trace.apply(.posted(TracedMessage(
                id: UInt64(id), sender: sender, recipient: recipient, kind: .text, size: 1, postedAt: Self.start, fate: .held)))
        }
        let conversation = trace.conversation(of: "alice")
        #expect(conversation.lanes == ["alice", "bob", "carol"])
        #expect(conversation.arrows.map(\.id) == [1, 3])
    }
}
