import ArgumentParser
import Logging
import MailboxPostgres
import MailboxServer

extension ServeCommand {
    /// `serve --store postgres://…`: this node's HTTP front on the inboxes every node on that
    /// database shares.
    func serveShared(on settings: PostgresSettings, termination: TerminationSignal, logger: Logger) async throws {
        guard server.record == nil else {
            logger.error("--record needs the in-memory store: the events of a shared store happen on every node")
            throw ExitCode.failure
        }
        let configuration: ServerConfiguration
        do {
            configuration = try server.makeConfiguration()
        } catch let error as ServerStartError {
            logger.error("\(error.description)")
            throw ExitCode.failure
        }
        let store: PostgresStore
        do {
            store = try await PostgresStore.open(
                settings: settings, configuration: configuration.mailbox, pollLimit: configuration.longPollTimeout,
                logger: logger)
        } catch {
            logger.error("cannot use the store \(settings.description): \(PostgresStore.describe(error))")
            throw ExitCode.failure
        }
        let running: SharedStoreServer
        do {
            running = try await SharedStoreServer.start(configuration: configuration, store: store, logger: logger)
        } catch let error as ServerStartError {
            await store.close()
            logger.error("\(error.description)")
            throw ExitCode.failure
        }
        let settingsLine = ServerSettings.all(of: running.configuration).joined(separator: ", ")
        logger.info("signalbox serving \(running.url) (store \(settings.description), \(settingsLine))")

        let signal = await termination.next()
        logger.info("received \(signal), stopping")
        await running.shutdown()
        await store.close()
        logger.info("stopped: \(running.requestsAnswered) requests answered")
    }
}
