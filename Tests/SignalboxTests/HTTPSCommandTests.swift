import Foundation
import Testing
import TestSupport

/// `signalbox serve` over HTTPS with a certificate made for the test, and the client trusting
/// it only when told to with --ca-cert.
@Suite struct HTTPSCommandTests {
    @Test func clientsTrustTheServerOnlyWithCACert() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-https-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let made = try SelfSignedCertificate(in: directory)
        let certificate = made.certificatePath
        let key = made.keyPath

        let server = try RunningCommand(["serve", "--bind", "127.0.0.1:0", "--tls-cert", certificate, "--tls-key", key])
        defer { kill(server.process.processIdentifier, SIGTERM) }
        let startup = try await server.waitForOutput(containing: "serving https://")
        let url = String(try #require(startup.firstMatch(of: /serving (https:\/\/127\.0\.0\.1:\d+)/)?.1))
        let alice = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "alice", "SIGNALBOX_PASSWORD": "a"]
        let bob = ["SIGNALBOX_SERVER": url, "SIGNALBOX_USER": "bob", "SIGNALBOX_PASSWORD": "b"]

        let untrusted = try await RunningCommand.run(["receive"], environment: alice)
        #expect(untrusted.status == 6)
        #expect(untrusted.printed.contains("TLS"), "\(untrusted.printed)")
        // The way out, and none of BoringSSL's source file names.
        #expect(untrusted.printed.contains("not trusted") && untrusted.printed.contains("--ca-cert"), "\(untrusted.printed)")
        #expect(!untrusted.printed.contains(".cc:"), "\(untrusted.printed)")

        #expect(try await RunningCommand.run(["receive", "--ca-cert", certificate], environment: alice).status == 1)
        #expect(try await RunningCommand.run(["send", "--ca-cert", certificate, "--to", "alice", "offer"], environment: bob).status == 0)
        let received = try await RunningCommand.run(["receive", "--ca-cert", certificate], environment: alice)
        #expect(received.status == 0)
        #expect(received.printed.contains("offer"))
    }
}
