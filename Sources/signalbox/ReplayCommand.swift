import ArgumentParser
import Foundation
import MailboxClient
import MailboxServer

/// `signalbox replay FILE`: a recording played into a fresh hosted mailbox, at its pace or
/// faster, with the host view open on it.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Play a recording (--record) into a fresh hosted mailbox and watch it.",
        discussion: """
            Every inbox is opened, every message posted and every delivery taken again at the \
            recorded times (divided by --speed), by stand-ins for the recorded peers using the \
            password "replay". With --step each message is held until you release it.
            """)

    @Argument(help: ArgumentHelp("The recording, as written by --record.", valueName: "file"))
    var file: String

    @OptionGroup var pace: PaceOptions

    @Flag(help: "Step mode: hold every message until you release it (space).")
    var step = false

    @OptionGroup(title: "Hosting") var hosting: ServerOptions

    func run() async throws {
        let recording = try Recording.readForCommand(file)
        let host = try await HostedMailbox.startForCommand(hosting)
        if step { host.server.store.setStepMode(true) }
        let player = Task { await Self.play(recording, to: host.localURL, speed: pace.speed) }
        defer { player.cancel() }
        do {
            let client = try MailboxClient(
                server: host.localURL, username: "presenter-\(UInt16.random(in: 1000...9999))", password: "replay")
            try await PeerSession(client: client, host: host).run()
        } catch {
            await host.server.shutdown()
            throw error
        }
        await host.server.shutdown()
    }

    /// Opens, posts and receives as the recording did, at its pace divided by `speed`.
    static func play(_ recording: Recording, to server: String, speed: Double) async {
        var clients: [String: MailboxClient] = [:]
        func client(_ name: String) -> MailboxClient? {
            if let known = clients[name] { return known }
            let made = try? MailboxClient(server: server, username: name, password: "replay")
            clients[name] = made
            return made
        }
        let start = ContinuousClock.now
        for event in recording.events {
            try? await Task.sleep(until: start + .seconds(event.time / speed))
            guard !Task.isCancelled, let kind = RecordedEvent.Kind(rawValue: event.kind), let inbox = event.inbox else { continue }
            switch kind {
            case .inboxCreated, .delivered:
                _ = try? await client(inbox)?.receive(wait: .zero)
            case .posted:
                guard let sender = event.sender, let body = event.body.flatMap({ Data(base64Encoded: $0) }) else { continue }
                try? await client(sender)?.send(Array(body), to: inbox, contentType: event.contentType)
            default:
                continue  // expiries, holds and refusals follow from the rest, or are the presenter's
            }
        }
    }
}
