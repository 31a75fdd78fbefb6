import ArgumentParser
import Foundation
import MailboxClient
import MailboxServer

/// `signalbox demo`: a mailbox with two scripted peers that play a recorded Chromium
/// handshake, in step mode with the sequence diagram open, so one laptop with no network can
/// show a class how signaling goes.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Host a mailbox where two scripted peers play a real Chromium handshake, for a class.",
        discussion: """
            alice calls bob with the offer, answer and candidates (host, server-reflexive, relay) \
            that two Chromium pages exchanged through Signalbox, then hangs up with a bye. Each \
            peer answers what reaches it, after the recorded delay (divided by --speed): in step \
            mode, which the demo starts in, nothing moves until you release a message (space, \
            or A for all); s turns step mode off. r plays the handshake again once it is over. \
            Other peers (a browser at the page's URL, signalbox --server) can join the same mailbox.
            """)

    @OptionGroup var pace: PaceOptions

    @Flag(name: .customLong("no-step"), help: "Start without step mode: the handshake runs by itself.")
    var noStep = false

    @OptionGroup var display: DisplayOptions

    @OptionGroup(title: "Hosting") var hosting: ServerOptions

    func run() async throws {
        let script = try DemoScript.recorded()
        var host = try await HostedMailbox.startForCommand(hosting)
        if !noStep { host.server.store.setStepMode(true) }
        do {
            let director = try DemoDirector(script: script, server: host.localURL, speed: pace.speed)
            // Open before the view does, so that the first inbox listed, and so the one whose
            // conversation the diagram shows, is the caller's.
            try await director.openInboxes()
            host.demo = director
            let listening = Task { await director.listen() }
            let firstPlaying = Task {
                try? await Task.sleep(for: .seconds(1))  // the class sees the empty lanes first
                if !Task.isCancelled { await director.playAgain() }
            }
            defer {
                firstPlaying.cancel()
                listening.cancel()
            }
            let client = try MailboxClient(server: host.localURL, username: "teacher", password: "demo")
            try await PeerSession(
                client: client, host: host, ascii: display.ascii, mouse: !display.noMouse, demo: script.headline
            ).run()
        } catch {
            await host.server.shutdown()
            throw error
        }
        await host.server.shutdown()
    }
}
