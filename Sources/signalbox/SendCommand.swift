import ArgumentParser
import Foundation
import MailboxClient
import SignalboxUI

/// `signalbox send`: put one message into a peer's inbox.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a message to a peer's inbox.",
        discussion: """
            The message is the argument, the file given with --file, or standard input (also with \
            '-'). Without --content-type, JSON is sent as application/json, other UTF-8 text as \
            text/plain; charset=utf-8, anything else as application/octet-stream.

            \(ExitStatus.help)
            """)

    @OptionGroup var client: ClientOptions

    @Option(help: ArgumentHelp("The peer's username.", valueName: "peer"))
    var to: String

    @Argument(help: ArgumentHelp("The message, or '-' for standard input.", valueName: "body"))
    var body: String?

    @Option(help: ArgumentHelp("Read the message from this file.", valueName: "path"))
    var file: String?

    @Option(help: ArgumentHelp("The message's Content-Type.", valueName: "type"))
    var contentType: String?

    func validate() throws {
        guard body == nil || file == nil else {
            throw ValidationError("give the message as an argument or with --file, not both")
        }
    }

    func run() async throws {
        let mailbox = try client.makeScriptClient()
        let message = try readMessage()
        do {
            try await mailbox.send(message, to: to, contentType: contentType ?? ContentTypeGuess.of(message))
        } catch let error as MailboxClientError {
            throw ExitStatus.fail(error)
        }
        FileHandle.standardError.write(Data("sent \(Plural.of(message.count, "byte")) to \(to)\n".utf8))
    }

    private func readMessage() throws -> [UInt8] {
        if let body, body != "-" {
            return Array(body.utf8)
        }
        if let file {
            // open(2) rather than Foundation, whose errors do not say why.
            let descriptor = open(file, O_RDONLY)
            guard descriptor >= 0 else { throw UsageError("cannot read \(file): \(String(cString: strerror(errno)))") }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            do {
                return Array(try handle.readToEnd() ?? Data())
            } catch {
                throw UsageError("cannot read \(file): \(error.localizedDescription)")
            }
        }
        guard body == "-" || isatty(STDIN_FILENO) == 0 else {
            throw UsageError("give the message as an argument, with --file PATH, or on standard input")
        }
        return Array(FileHandle.standardInput.readDataToEndOfFile())
    }
}
