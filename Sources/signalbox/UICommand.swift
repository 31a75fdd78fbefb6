import ArgumentParser
import Foundation
import MailboxServer

/// `signalbox --server URL`: the terminal UI as a peer of a mailbox server (the default command).
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Open the terminal UI (the default): host a mailbox, or with --server join one.",
        discussion: """
            Without --server, signalbox hosts a mailbox on --bind and shows every inbox on it, \
            and is a peer of it too (v switches views). With --server it is a peer of that server. \
            Press ? in the UI for its keys. NO_COLOR turns colors off. Where the locale is not \
            UTF-8 (LANG=C) the UI draws in ASCII, as --ascii asks.
            """)

    @OptionGroup var peer: ClientOptions

    @OptionGroup var display: DisplayOptions

    @OptionGroup(title: "Hosting (without --server)") var hosting: ServerOptions

    @Flag(help: "Step mode: hold every new message until you release it (space in the host view; s switches it off).")
    var step = false

    func validate() throws {
        if step, peer.chosenServer != nil {
            throw ValidationError("--step holds messages in a mailbox this process hosts: leave out --server")
        }
    }

    func run() async throws {
        if let server = peer.chosenServer {
            try await PeerSession(client: peer.makeUIClient(server: server), ascii: display.ascii, mouse: !display.noMouse).run()
            return
        }
        let recorder: EventRecorder?
        do {
            recorder = try hosting.makeRecorder()
        } catch {
            printError(error.description)
            throw ExitCode.failure
        }
        let host = try await HostedMailbox.startForCommand(hosting, recorder: recorder)
        if step { host.server.store.setStepMode(true) }
        do {
            let client = try peer.makeUIClient(server: host.localURL, hostCertificate: host.server.configuration.tls)
            try await PeerSession(client: client, host: host, ascii: display.ascii, mouse: !display.noMouse).run()
        } catch {
            await host.server.shutdown()
            await recorder?.finish()
            throw error
        }
        await host.server.shutdown()
        await recorder?.finish()
    }
}
