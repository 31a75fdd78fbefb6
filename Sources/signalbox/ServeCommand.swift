import ArgumentParser
import Foundation
import Logging
import MailboxCore
import MailboxPostgres
import MailboxServer

/// `signalbox serve`: the mailbox server alone, headless, logging to stderr.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the mailbox server without a UI, logging to stderr.",
        discussion: """
            SIGINT or SIGTERM answers waiting long-polls with 204 and stops the server.

            Every flag may also be set in the environment, for containers and service managers: \
            SIGNALBOX_ and the flag's name in capitals with _ for - (--inbox-timeout 30 is \
            SIGNALBOX_INBOX_TIMEOUT=30). On/off flags take true or false (1 or 0, yes or no, on or \
            off); an empty variable counts as unset. A flag on the command line wins.
            """)

    @OptionGroup var server: ServerOptions

    @OptionGroup var store: StoreOptions

    @Option(help: ServerEnvironment.help("How much to log; debug logs one line per request.", flag: "log-level", valueName: "level"))
    var logLevel: Logger.Level = .info

    @Option(help: ServerEnvironment.help("text for people, or json: one object per line (time, level, message, fields) for log shippers.", flag: "log-format", valueName: "format"))
    var logFormat: LogFormat = .text

    func run() async throws {
        // Caught from the start: a SIGTERM sent as soon as the start line shows must stop it.
        let termination = TerminationSignal.catching()
        let (level, format) = (logLevel, logFormat)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler()
            }
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "signalbox")
        do {
            if let settings = try store.makeSettings() {
                return try await serveShared(on: settings, termination: termination, logger: logger)
            }
        } catch let error as PostgresSettingsError {
            logger.error("\(error.description)")
            throw ExitCode.failure
        }

        let recorder: EventRecorder?
        do {
            recorder = try server.makeRecorder()
        } catch {
            logger.error("\(error.description)")
            throw ExitCode.failure
        }
        let clock = SystemClock()
        var onEvent: (@Sendable (MailboxEvent) -> Void)?
        if let recorder {
            onEvent = { event in recorder.record(event, at: clock.now) }
        }
        let running: MailboxHTTPServer
        do {
            let configuration = try server.makeConfiguration()
            running = try await MailboxHTTPServer.start(
                configuration: configuration, clock: clock, onEvent: onEvent, logger: logger)
        } catch let error as ServerStartError {
            logger.error("\(error.description)")
            throw ExitCode.failure
        }
        let configuration = running.configuration
        let recording = server.record.map { ", recording to \($0)" } ?? ""
        logger.info("signalbox serving \(running.url) (\(ServerSettings.all(of: configuration).joined(separator: ", "))\(recording))")
        if case .selfSigned(let made) = configuration.tls {
            logger.info("self-signed certificate for \((made.dnsNames + made.ipAddresses).joined(separator: ", ")); SHA-256 fingerprint \(made.fingerprint)")
        }

        let signal = await termination.next()
        logger.info("received \(signal), stopping")
        await running.shutdown()
        await recorder?.finish()
        logger.info("stopped: \(Self.summary(of: running.store.statistics, requests: running.requestsAnswered))")
    }

    /// What the server did, in one line, for the last log line: whoever checks that nothing was
    /// lost reads accepted = delivered + expired + dropped on purpose + still queued here.
    static func summary(of statistics: MailboxStatistics, requests: Int) -> String {
        "\(requests) requests answered; \(statistics.messagesAccepted) messages accepted, "
            + "\(statistics.messagesDelivered) delivered, \(statistics.messagesExpired) expired, "
            + "\(statistics.messagesDropped) dropped on purpose, "
            + "\(statistics.queuedMessages) still queued, \(statistics.messagesReturned) returned after a failed answer; "
            + "\(statistics.postsRefused) posts refused, \(statistics.authenticationFailures) wrong passwords; "
            + "\(statistics.inboxesCreated) inboxes opened, \(statistics.inboxesExpired) expired"
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

