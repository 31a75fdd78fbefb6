import Foundation
import Testing
import TestSupport

/// `signalbox serve --tls-self-signed`: an https URL and the fingerprint in its start lines,
/// and that fingerprint is the one of the certificate it serves.
@Suite struct SelfSignedCommandTests {
    @Test func serveMakesACertificateAndPrintsItsFingerprint() async throws {
        let server = try RunningCommand(["serve", "--bind", "127.0.0.1:0", "--tls-self-signed"])
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let startup = try await server.waitForOutput(containing: "SHA-256 fingerprint ")
        let url = String(try #require(startup.firstMatch(of: /serving (https:\/\/127\.0\.0\.1:(\d+))/)?.1))
        let port = String(try #require(startup.firstMatch(of: /serving https:\/\/127\.0\.0\.1:(\d+)/)?.1))
        let printed = String(try #require(startup.firstMatch(of: /SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})/)?.1))
        #expect(startup.contains("self-signed certificate for localhost"))
        #expect(startup.contains("127.0.0.1, ::1"))

        let curl = try await runProgramInBackground(["curl", "-k", "-s", "-w", " %{http_code}", "\(url)/healthz"])
        #expect(curl.output.hasSuffix(" 200"), "\(curl.output)")
        // Without -k curl refuses it: no one trusts a certificate made a moment ago.
        let strict = try await runProgramInBackground(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "\(url)/healthz"])
        #expect(strict.status != 0)

        let served = try await runProgramInBackground([
            "sh", "-c",
            "openssl s_client -connect 127.0.0.1:\(port) -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256",
        ])
        let fingerprint = try #require(served.output.split(separator: "=").last).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(fingerprint.uppercased() == printed, "\(served.output)")
    }

    @Test func selfSignedWithCertificateFilesIsAUsageError() async throws {
        let (status, printed) = try await RunningCommand.run(
            ["serve", "--tls-self-signed", "--tls-cert", "cert.pem", "--tls-key", "key.pem"])
        #expect(status == 2)
        #expect(printed.contains("--tls-self-signed"), "\(printed)")
        #expect(printed.contains("not both"), "\(printed)")
    }
}
