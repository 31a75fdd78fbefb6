import Foundation
import ArgumentParser

/// The `signalbox` command.
@main
struct Signalbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signalbox",
        abstract: "A WebRTC signaling mailbox: host one, or talk to one.",
        discussion: """
            Client commands (send, receive) read SIGNALBOX_SERVER, SIGNALBOX_USER and \
            SIGNALBOX_PASSWORD when --server, --user and --password are not given.

            \(ExitStatus.help) `serve` exits with 2 for bad flags and 1 when it cannot start.
            """,
        subcommands: [UICommand.self, ServeCommand.self, SendCommand.self, ReceiveCommand.self, ReplayCommand.self, ExportCommand.self, DemoCommand.self],
        defaultSubcommand: UICommand.self
    )

    /// Parses and runs, making every usage error exit with status 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
