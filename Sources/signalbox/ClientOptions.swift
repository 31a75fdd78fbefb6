import ArgumentParser
import Foundation
import MailboxClient
import MailboxServer

/// Who you are and which server you talk to, shared by the client commands and the UI. Each
/// falls back to an environment variable; a password from the environment stays out of
/// process listings.
struct ClientOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Mailbox server URL (default: $SIGNALBOX_SERVER; send and receive then use http://127.0.0.1:3000, the UI hosts one).",
        valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp(
        "Your username: the name of your inbox (default: $SIGNALBOX_USER; the UI makes one up without it).",
        valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp(
        "Your password (default: $SIGNALBOX_PASSWORD, else empty; the UI makes one up). Prefer the variable: arguments show in process listings.",
        valueName: "password"))
    var password: String?

    @Option(help: ArgumentHelp("Also trust this CA or self-signed certificate (PEM) for an https server.", valueName: "path"))
    var caCert: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The server named by the flag or the environment, if any.
    var chosenServer: String? { server ?? environment["SIGNALBOX_SERVER"] }

    /// A client for `send` and `receive`: the user must say who they are.
    func makeScriptClient() throws -> MailboxClient {
        guard let user = user ?? environment["SIGNALBOX_USER"] else {
            throw UsageError("say who you are with --user NAME or SIGNALBOX_USER")
        }
        return try makeClient(
            server: chosenServer ?? "http://127.0.0.1:3000", user: user,
            password: password ?? environment["SIGNALBOX_PASSWORD"] ?? "", trusting: caCert)
    }

    /// A client for the UI, which makes up a name and password when none is given, so that a
    /// peer can join with nothing but the server's address.
    /// - Parameter hostCertificate: when hosting over HTTPS, the server's own certificate, which
    ///   the UI's peer trusts like a `--ca-cert`.
    func makeUIClient(server: String, hostCertificate: TLSIdentity? = nil) throws -> MailboxClient {
        try makeClient(
            server: server,
            user: user ?? environment["SIGNALBOX_USER"] ?? "peer-" + Self.randomToken(6),
            password: password ?? environment["SIGNALBOX_PASSWORD"] ?? Self.randomToken(20),
            trusting: caCert, or: hostCertificate)
    }

    /// A bad URL, username or certificate is a usage error.
    private func makeClient(
        server: String, user: String, password: String, trusting certificate: String?, or host: TLSIdentity? = nil
    ) throws -> MailboxClient {
        do {
            let httpClient = if let certificate {
                try MailboxClient.httpClient(trustingCertificateAt: certificate)
            } else {
                switch host {
                case .files(let files): try MailboxClient.httpClient(trustingCertificateAt: files.certificateChainPath)
                case .selfSigned(let made): try MailboxClient.httpClient(trustingCertificatePEM: made.certificatePEM)
                case nil: MailboxClient.sharedHTTPClient
                }
            }
            return try MailboxClient(server: server, username: user, password: password, httpClient: httpClient)
        } catch let error as MailboxClientError {
            throw UsageError(error.description)
        }
    }

    static func randomToken(_ length: Int) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}
