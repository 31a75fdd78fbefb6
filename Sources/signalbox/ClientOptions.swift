import ArgumentParser
import Foundation
import MailboxClient

/// Who you are and which server you talk to, shared by the client commands. Each falls back
/// to an environment variable; a password from the environment stays out of process listings.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Mailbox server URL (default: $SIGNALBOX_SERVER, else http://127.0.0.1:3000).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("Your username: the name of your inbox (default: $SIGNALBOX_USER).", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp(
        "Your password (default: $SIGNALBOX_PASSWORD, else empty). Prefer the variable: arguments show in process listings.",
        valueName: "password"))
    var password: String?

    @Option(help: ArgumentHelp("Also trust this CA or self-signed certificate (PEM) for an https server.", valueName: "path"))
    var caCert: String?

    func validate() throws {
        guard resolvedUser != nil else {
            throw ValidationError("say who you are with --user NAME or SIGNALBOX_USER")
        }
    }

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedServer: String { server ?? environment["SIGNALBOX_SERVER"] ?? "http://127.0.0.1:3000" }

    var resolvedUser: String? { user ?? environment["SIGNALBOX_USER"] }

    /// A client for these options; a bad URL or username is a usage error.
    func makeClient() throws -> MailboxClient {
        do {
            return try MailboxClient(
                server: resolvedServer, username: resolvedUser ?? "",
                password: password ?? environment["SIGNALBOX_PASSWORD"] ?? "",
                httpClient: caCert.map(MailboxClient.httpClient(trustingCertificateAt:)) ?? MailboxClient.sharedHTTPClient)
        } catch let error as MailboxClientError {
            throw ValidationError(error.description)
        }
    }
}
