import Foundation
import SignalboxUI

/// The handshake `signalbox demo` plays, as each scripted peer's part: what it sends, once it
/// has received how many of the other peers' messages, and how long after. Played this way
/// rather than at the recorded times, the peers answer what actually reached them: in step
/// mode the answer waits until the presenter releases the offer, as a browser's would.
///
/// What a message waits for is read from the recording: everything the peer had received
/// before sending it, except that an ICE candidate waits only for the descriptions (offer,
/// answer) received before it, since a browser gathers candidates once it has a description,
/// whatever candidates of the other's happen to arrive meanwhile.
struct DemoScript: Equatable {
    /// One message of a peer's part.
    struct Cue: Equatable {
        var post: Recording.Post
        /// How many messages from the other peers this peer must have received first (they
        /// arrive in the order they were sent, so the first N are the same N as recorded).
        var afterReceiving: Int
        /// Seconds from that moment, or from this peer's previous message if later, to sending.
        var delay: Double
    }

    /// The scripted peers, in the order their inboxes opened in the recording.
    let peers: [String]
    /// Each peer's messages, in the order it sends them.
    let parts: [String: [Cue]]

    /// The recorded Chromium handshake compiled into the binary.
    static func recorded() throws(RecordingError) -> DemoScript {
        let recording = try Recording.parse(Data(PackageResources.chromium_handshake_jsonl), path: "chromium-handshake.jsonl")
        return try DemoScript(recording)
    }

    init(_ recording: Recording) throws(RecordingError) {
        let opened = recording.events.filter { $0.kind == RecordedEvent.Kind.inboxCreated.rawValue }
        var peers: [String] = []
        var openedAt: [String: Double] = [:]
        for event in opened {
            guard let owner = event.inbox, openedAt[owner] == nil else { continue }
            peers.append(owner)
            openedAt[owner] = event.time
        }
        let posts = recording.posts.filter { peers.contains($0.sender) && peers.contains($0.recipient) }
        guard peers.count >= 2, !posts.isEmpty else {
            throw .corrupt(path: "demo", line: 0, reason: "a demo needs two peers whose inboxes open and who write to each other")
        }
        let scripted = Set(peers)
        var isCandidate: [UInt64: Bool] = [:]
        for event in recording.events where event.kind == RecordedEvent.Kind.posted.rawValue {
            guard let id = event.id, let body = event.body.flatMap({ Data(base64Encoded: $0) }) else { continue }
            isCandidate[id] = MessageKind(body: Array(body), contentType: event.contentType) == .candidate
        }
        // What each peer received from the others, in order: when, and whether a candidate.
        var deliveries: [String: [(time: Double, isCandidate: Bool)]] = [:]
        for event in recording.events where event.kind == RecordedEvent.Kind.delivered.rawValue {
            guard let recipient = event.inbox, let sender = event.sender, scripted.contains(recipient), scripted.contains(sender) else { continue }
            deliveries[recipient, default: []].append((event.time, event.id.flatMap { isCandidate[$0] } ?? false))
        }
        var parts: [String: [Cue]] = [:]
        for post in posts {
            var received = deliveries[post.sender, default: []].filter { $0.time <= post.time }
            if MessageKind(body: post.body, contentType: post.contentType) == .candidate {
                received = received.lastIndex { !$0.isCandidate }.map { Array(received[...$0]) } ?? []
            }
            let previous = parts[post.sender]?.last?.post.time ?? openedAt[post.sender] ?? post.time
            let ready = max(received.last?.time ?? previous, previous)
            parts[post.sender, default: []].append(Cue(post: post, afterReceiving: received.count, delay: max(0, post.time - ready)))
        }
        self.peers = peers
        self.parts = parts
    }

    /// How many messages `peer` receives from the others in one playing.
    func arrivals(for peer: String) -> Int {
        parts.values.joined().filter { $0.post.recipient == peer }.count
    }

    /// "alice calls bob": the first to write calls the one it writes to.
    var headline: String {
        guard let first = parts.values.joined().min(by: { $0.post.time < $1.post.time })?.post else { return peers.joined(separator: ", ") }
        return "\(first.sender) calls \(first.recipient)"
    }

    var messageCount: Int { parts.values.map(\.count).reduce(0, +) }
}
