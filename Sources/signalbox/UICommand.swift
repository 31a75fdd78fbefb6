import ArgumentParser

/// `signalbox --server URL`: the terminal UI as a peer of a mailbox server (the default command).
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Open the terminal UI as a peer of a server (the default: signalbox --server URL).",
        discussion: "Press ? in the UI for its keys. NO_COLOR turns colors off.")

    @OptionGroup var peer: PeerOptions

    func run() async throws {
        guard let server = peer.resolvedServer else {
            throw CleanExit.helpRequest(Signalbox.self)
        }
        try await PeerSession(client: peer.makeClient(server: server)).run()
    }
}
