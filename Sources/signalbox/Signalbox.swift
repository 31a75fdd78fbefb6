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

            -V is short for --version.
            """,
        version: SignalboxVersion.description,
        subcommands: [UICommand.self, ServeCommand.self, SendCommand.self, ReceiveCommand.self, ReplayCommand.self, ExportCommand.self, DemoCommand.self],
        defaultSubcommand: UICommand.self
    )

    /// Parses and runs, making every usage error exit with status 2. Before parsing, a lone
    /// `-V` becomes `--version` and the server flags set in the environment are added
    /// (``ServerEnvironment``).
    static func main() async {
        var given = Array(CommandLine.arguments.dropFirst())
        if given == ["-V"] { given = ["--version"] }
        if let flag = Self.servingOnlyFlag(in: given) {
            printError("\(flag) is a flag of `signalbox serve`; `signalbox` shows what its server does in the host view")
            Foundation.exit(ExitStatus.usage)
        }
        let arguments: [String]
        let applied: [ServerEnvironment.Applied]
        do {
            (arguments, applied) = try ServerEnvironment.arguments(given, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError(error.description)
            Foundation.exit(ExitStatus.usage)
        }
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as UsageError {
            printError(error.description)
            Foundation.exit(ExitStatus.usage)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                let note = ServerEnvironment.note(on: message, applied: applied).map { $0 + "\n" } ?? ""
                FileHandle.standardError.write(Data((message + "\n" + note).utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }

    /// A logging flag given to the UI, which logs nothing to a terminal it draws on: said
    /// plainly instead of "Unknown option", since the UI takes `serve`'s other flags.
    static func servingOnlyFlag(in arguments: [String]) -> String? {
        guard arguments.first.map({ $0.hasPrefix("-") }) ?? false else { return nil }
        let flags = arguments.prefix { $0 != "--" }
        return ["--log-level", "--log-format"].first { flag in flags.contains { $0 == flag || $0.hasPrefix(flag + "=") } }
    }
}
