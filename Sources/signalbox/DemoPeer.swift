import Foundation
import MailboxClient

/// One scripted peer of `signalbox demo`: it polls its inbox all along, as a browser page
/// does, and sends its part of the script as the messages it waits for reach it.
struct DemoPeer: Sendable {
    let name: String
    let client: MailboxClient
    let part: [DemoScript.Cue]
    /// The other scripted peers: only their messages move the script on (a student writing to
    /// alice does not make her answer early).
    let partners: Set<String>
    /// How many messages from the partners one playing brings.
    let expected: Int
    /// One element per message from a partner, as it arrives.
    private let arrivals: AsyncStream<Void>
    private let arrived: AsyncStream<Void>.Continuation

    init(name: String, script: DemoScript, server: String) throws {
        self.name = name
        client = try MailboxClient(server: server, username: name, password: "demo")
        part = script.parts[name] ?? []
        partners = Set(script.peers).subtracting([name])
        expected = script.arrivals(for: name)
        (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
    }

    /// Opens the inbox, so that the other peers can write to it from the start.
    func open() async throws {
        _ = try await client.receive(wait: .zero)
    }

    /// Polls until cancelled, counting what the partners send.
    func listen() async {
        for await event in InboxPoller(client: client) {
            if case .message(let reply) = event, let sender = reply.message?.sender, partners.contains(sender) {
                arrived.yield()
            }
        }
    }

    /// Plays this peer's part once, `speed` times faster than recorded: returns once it has
    /// sent all of it and received all the partners send it. `report` hears of a refused send.
    func play(speed: Double, report: @Sendable (String) async -> Void) async {
        var waiting = arrivals.makeAsyncIterator()
        var received = 0
        for cue in part {
            while received < cue.afterReceiving {
                guard await waiting.next() != nil else { return }
                received += 1
            }
            try? await Task.sleep(for: .seconds(cue.delay / speed))
            do {
                try await client.send(cue.post.body, to: cue.post.recipient, contentType: cue.post.contentType)
            } catch {
                await report("demo: \(name) could not send to \(cue.post.recipient): \(error)")
            }
        }
        while received < expected {
            guard await waiting.next() != nil else { return }
            received += 1
        }
    }
}
