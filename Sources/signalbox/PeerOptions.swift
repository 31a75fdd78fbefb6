import ArgumentParser
import Foundation
import MailboxClient

/// Who the UI is on which server. Without `--user` the UI makes up a name and a password, so
/// that a peer can join with nothing but the server's address.
struct PeerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Open the UI as a peer of this mailbox server (default: $SIGNALBOX_SERVER).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("Your username (default: $SIGNALBOX_USER, else a generated one).", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("Your password (default: $SIGNALBOX_PASSWORD, else a generated one).", valueName: "password"))
    var password: String?

    @Option(help: ArgumentHelp("Also trust this CA or self-signed certificate (PEM) for an https server.", valueName: "path"))
    var caCert: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    var resolvedServer: String? { server ?? environment["SIGNALBOX_SERVER"] }

    /// - Parameter hostCertificate: when hosting over HTTPS, the server's own certificate, which
    ///   the UI's peer trusts like a `--ca-cert`.
    func makeClient(server: String, hostCertificate: String? = nil) throws -> MailboxClient {
        let user = user ?? environment["SIGNALBOX_USER"] ?? "peer-" + Self.randomToken(6)
        let password = password ?? environment["SIGNALBOX_PASSWORD"] ?? Self.randomToken(20)
        do {
            return try MailboxClient(
                server: server, username: user, password: password,
                httpClient: (caCert ?? hostCertificate).map(MailboxClient.httpClient(trustingCertificateAt:))
                    ?? MailboxClient.sharedHTTPClient)
        } catch let error as MailboxClientError {
            throw ValidationError(error.description)
        }
    }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
