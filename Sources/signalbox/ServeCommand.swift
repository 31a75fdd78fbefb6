import ArgumentParser
import Foundation
import Logging
import MailboxCore
import MailboxServer

/// `signalbox serve`: the mailbox server alone, headless, logging to stderr.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the mailbox server without a UI, logging to stderr.",
        discussion: "SIGINT or SIGTERM answers waiting long-polls with 204 and stops the server.")

    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp("Log level: trace, debug (one line per request), info, notice, warning, error.", valueName: "level"))
    var logLevel: Logger.Level = .info

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "signalbox")
        let configuration = server.configuration

        let running: MailboxHTTPServer
        do {
            running = try await MailboxHTTPServer.start(configuration: configuration, logger: logger)
        } catch let error as ServerStartError {
            logger.error("\(error.description)")
            throw ExitCode.failure
        }
        logger.info("signalbox serving \(running.url) (\(Self.summary(of: configuration)))")

        let signal = await TerminationSignal.next()
        logger.info("received \(signal), stopping")
        await running.shutdown()
        logger.info("stopped: \(Self.summary(of: running.mailbox.statistics, requests: running.mailbox.requestsAnswered))")
    }

    /// What the server did, in one line, for the last log line: whoever checks that nothing was
    /// lost reads accepted = delivered + expired + still queued here.
    static func summary(of statistics: MailboxStatistics, requests: Int) -> String {
        "\(requests) requests answered; \(statistics.messagesAccepted) messages accepted, "
            + "\(statistics.messagesDelivered) delivered, \(statistics.messagesExpired) expired, "
            + "\(statistics.queuedMessages) still queued, \(statistics.messagesReturned) returned after a failed answer; "
            + "\(statistics.postsRefused) posts refused, \(statistics.authenticationFailures) wrong passwords; "
            + "\(statistics.inboxesCreated) inboxes opened, \(statistics.inboxesExpired) expired"
    }

    /// The settings in one line, for the startup log.
    static func summary(of configuration: ServerConfiguration) -> String {
        let mailbox = configuration.mailbox
        let messageTimeout = mailbox.messagesExpire ? "\(mailbox.messageTimeout.seconds.formatted()) s" : "never"
        let longPolling = configuration.longPolling ? "\(configuration.longPollTimeout.seconds.formatted()) s" : "off"
        return [
            "inbox timeout \(mailbox.inboxTimeout.seconds.formatted()) s",
            "message timeout \(messageTimeout)",
            "inbox capacity \(mailbox.inboxCapacity)",
            "max body \(configuration.maxBodySize) B",
            "max inboxes \(mailbox.maxInboxes)",
            "max bytes \(mailbox.maxBytes)",
            "long polling \(longPolling)",
            "CORS \(configuration.cors ? "on" : "off")",
            configuration.publicDirectory.map { "public \($0)" } ?? (configuration.peerPages ? "peer page at /" : "no pages"),
        ].joined(separator: ", ")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

extension Duration {
    /// A duration of `seconds`, which may be fractional.
    static func seconds(_ seconds: Double) -> Duration {
        .nanoseconds(Int64(seconds * 1e9))
    }
}
