import Foundation
import MailboxCore
import MailboxServer
import Testing
import TestSupport

/// HTTPS with a certificate the test makes, trusted explicitly by the client.
@Suite struct TLSTests {
    static func makeCertificate(in directory: URL) throws -> TLSFiles {
        let made = try SelfSignedCertificate(in: directory)
        return TLSFiles(certificateChainPath: made.certificatePath, privateKeyPath: made.keyPath)
    }

    @Test func aHandshakeOverHTTPS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try Self.makeCertificate(in: directory)

        try await withServer(ServerConfiguration(tls: .files(files))) { server in
            #expect(server.url.hasPrefix("https://"))
            let alice = try await RawConnection(port: server.port, trustedCertificate: files.certificateChainPath)
            try await alice.sendRequest("GET", "/inbox?wait=0", user: "alice")
            #expect(try await alice.readResponse()?.status == 204)

            let bob = try await RawConnection(port: server.port, trustedCertificate: files.certificateChainPath)
            try await bob.sendRequest("POST", "/inbox?to=alice", user: "bob", body: Array("offer".utf8))
            #expect(try await bob.readResponse()?.status == 200)

            try await alice.sendRequest("GET", "/inbox", user: "alice")
            let response = try await alice.readResponse()
            #expect(response?.text == "offer")
            #expect(response?.header("X-From") == "bob")
            await alice.close()
            await bob.close()
        }
    }

    @Test func unreadableCertificatesAreReportedClearly() async throws {
        let files = TLSFiles(certificateChainPath: "/nonexistent/cert.pem", privateKeyPath: "/nonexistent/key.pem")
        do {
            let server = try await MailboxHTTPServer.start(configuration: ServerConfiguration(port: 0, tls: .files(files)))
            await server.shutdown()
            Issue.record("the server started without its certificate")
        } catch let error as ServerStartError {
            #expect(error.description.contains("HTTPS"))
            #expect(error.description.contains("/nonexistent/cert.pem"))
        }
    }
}
