import Foundation

/// Runs `signalbox demo`'s scripted peers on the hosted mailbox: opens their inboxes, keeps
/// them polling, and plays the recorded handshake when asked, one playing at a time.
actor DemoDirector {
    let script: DemoScript
    let speed: Double
    private let peers: [DemoPeer]
    private var playing = false
    private var plays = 0
    /// What the director has to say, for the host view's log.
    nonisolated let news: AsyncStream<String>
    private nonisolated let newsSink: AsyncStream<String>.Continuation

    init(script: DemoScript, server: String, speed: Double) throws {
        self.script = script
        self.speed = speed
        peers = try script.peers.map { try DemoPeer(name: $0, script: script, server: server) }
        (news, newsSink) = AsyncStream.makeStream(of: String.self)
    }

    /// Opens every scripted peer's inbox, so that they can write to each other from the start.
    func openInboxes() async throws {
        for peer in peers { try await peer.open() }
    }

    /// Keeps every scripted peer polling until cancelled.
    func listen() async {
        await withTaskGroup(of: Void.self) { group in
            for peer in peers { group.addTask { await peer.listen() } }
        }
    }

    /// Plays the handshake once more, unless it is still playing.
    func playAgain() async {
        guard !playing else {
            say("demo: the handshake is still playing; space releases its next message, A all of them")
            return
        }
        playing = true
        plays += 1
        say("demo: \(script.headline), \(script.messageCount) messages recorded from Chromium (playing \(plays))")
        await withTaskGroup(of: Void.self) { group in
            for peer in peers {
                group.addTask { [speed] in await peer.play(speed: speed) { await self.say($0) } }
            }
        }
        playing = false
        if !Task.isCancelled { say("demo: the handshake is over; r plays it again") }
    }

    private func say(_ line: String) {
        newsSink.yield(line)
    }
}
