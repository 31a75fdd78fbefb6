import ArgumentParser
import Foundation
import MailboxPostgres

/// Where `signalbox serve` keeps its inboxes: in memory (the default) or in a PostgreSQL that
/// any number of nodes share.
struct StoreOptions: ParsableArguments {
    @Option(help: ServerEnvironment.help(
        "Keep inboxes in PostgreSQL, shared by every node on it: postgres://USER@HOST[:PORT]/DB[?sslmode=require].",
        flag: "store", valueName: "url"))
    var store: String?

    @Option(help: ServerEnvironment.help(
        "File whose first line is the database password (else the URL's, else PGPASSWORD).", flag: "store-password-file", valueName: "path"))
    var storePasswordFile: String?

    /// The database settings, or nil for the in-memory store.
    func makeSettings(environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresSettingsError) -> PostgresSettings? {
        guard let url = store else { return nil }
        return try PostgresSettings(url: url, passwordFile: storePasswordFile, environment: environment)
    }
}
