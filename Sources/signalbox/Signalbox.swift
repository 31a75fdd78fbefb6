import Foundation
import ArgumentParser

/// The `signalbox` command.
@main
struct Signalbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signalbox",
        abstract: "A WebRTC signaling mailbox: host one, or talk to one.",
        discussion: """
            Exit codes: 0 ok, 2 usage error (bad flags or values), 1 any other failure.
            """,
        subcommands: [ServeCommand.self]
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
