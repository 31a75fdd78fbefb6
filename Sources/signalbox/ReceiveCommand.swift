import ArgumentParser
import Foundation
import MailboxClient
import SignalboxUI

/// `signalbox receive`: take the oldest message from your inbox, or follow it.
struct ReceiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive a message from your inbox, or keep receiving with --follow.",
        discussion: """
            A message's body goes to standard output exactly as sent (with a newline after it when \
            it has none and more may follow); its sender goes to standard error. With --json, each \
            message is one JSON object per line: from, received_at, content_type, and body for \
            UTF-8 text or body_base64 for anything else.

            \(ExitStatus.help)
            """)

    @OptionGroup var client: ClientOptions

    @Option(help: ArgumentHelp(
        "Seconds to wait for a message; 0 answers at once. A server that holds every GET (as the reference does) is given up on after the wait plus a short grace.",
        valueName: "seconds"))
    var wait: Double = 0

    @Flag(help: "Keep receiving, long-polling, until interrupted.")
    var follow = false

    @Flag(help: "Print one JSON object per message, one per line.")
    var json = false

    func validate() throws {
        guard wait.isFinite, wait >= 0, wait <= 86_400 else {
            throw ValidationError("--wait must be a number of seconds from 0 to 86400, not \(wait)")
        }
    }

    func run() async throws {
        let mailbox = try client.makeScriptClient()
        if follow {
            try await followInbox(mailbox)
            return
        }
        let reply: InboxReply
        do {
            reply = try await mailbox.receive(wait: .seconds(wait))
        } catch let error as MailboxClientError {
            throw ExitStatus.fail(error)
        }
        guard let message = reply.message else {
            FileHandle.standardError.write(Data("no message\n".utf8))
            throw ExitCode(ExitStatus.noMessage)
        }
        print(message, separated: isatty(STDOUT_FILENO) != 0)
    }

    /// Prints every message until SIGINT or SIGTERM, or an error retrying cannot fix.
    private func followInbox(_ mailbox: MailboxClient) async throws {
        let exitStatus = await withTaskGroup(of: Int32.self) { group in
            group.addTask {
                for await event in InboxPoller(client: mailbox) {
                    switch event {
                    case .message(let reply):
                        if let message = reply.message { print(message, separated: true) }
                    case .failed(let error, let retryIn?):
                        printError("\(error.description); retrying in \(retryIn.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))")
                    case .failed(let error, nil):
                        printError(error.description)
                        return ExitStatus.of(error)
                    case .empty, .stateChanged:
                        break
                    }
                }
                return ExitStatus.ok
            }
            group.addTask {
                _ = await TerminationSignal.catching().next()
                return ExitStatus.ok
            }
            let first = await group.next() ?? ExitStatus.ok
            group.cancelAll()
            return first
        }
        if exitStatus != ExitStatus.ok { throw ExitCode(exitStatus) }
    }

    private func print(_ message: ReceivedMessage, separated: Bool) {
        if json {
            FileHandle.standardOutput.write(Self.jsonLine(for: message))
            return
        }
        let type = message.contentType.map { "\($0), " } ?? ""
        FileHandle.standardError.write(Data("from \(message.sender) (\(type)\(Plural.of(message.body.count, "byte")))\n".utf8))
        var output = Data(message.body)
        if separated, message.body.last != UInt8(ascii: "\n") { output.append(UInt8(ascii: "\n")) }
        FileHandle.standardOutput.write(output)
    }

    /// One message as a line of JSON, its keys in a fixed order.
    static func jsonLine(for message: ReceivedMessage) -> Data {
        var fields: [(String, Any)] = [
            ("from", message.sender),
            ("received_at", message.receivedAt.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))),
            ("content_type", message.contentType ?? NSNull()),
        ]
        if let text = message.text {
            fields.append(("body", text))
        } else {
            fields.append(("body_base64", Data(message.body).base64EncodedString()))
        }
        let members = fields.map { key, value in
            let encoded = try! JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
            return "\"\(key)\":" + String(decoding: encoded, as: UTF8.self)
        }
        return Data(("{" + members.joined(separator: ",") + "}\n").utf8)
    }
}
