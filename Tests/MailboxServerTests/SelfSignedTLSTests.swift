import Crypto
import Foundation
import MailboxCore
import MailboxServer
import SwiftASN1
import Testing
import X509

/// `--tls-self-signed`'s certificate: made in memory for this machine, served, and checked by
/// a client that trusts it alone and verifies the name or the address it connected to.
@Suite struct SelfSignedTLSTests {
    @Test func theServerPresentsTheCertificateItReportsForLocalhostAndLoopback() async throws {
        let made = try SelfSignedIdentity.forThisMachine()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-self-signed-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // The client's trust store is a file; only the certificate (public) goes in it.
        let trusted = directory.appendingPathComponent("served.pem").path
        try made.certificatePEM.write(toFile: trusted, atomically: true, encoding: .utf8)

        try await withServer(ServerConfiguration(tls: .selfSigned(made))) { server in
            #expect(server.url.hasPrefix("https://127.0.0.1:"))
            // Trusting this one certificate and nothing else, verification passes only if the
            // server presents exactly it: by name, and by the address's own SAN.
            for name in ["localhost", nil] {
                let connection = try await RawConnection(port: server.port, trustedCertificate: trusted, serverHostname: name)
                try await connection.sendRequest("GET", "/healthz")
                #expect(try await connection.readResponse()?.status == 200, "verified as \(name ?? "127.0.0.1")")
                await connection.close()
            }
        }
    }

    @Test func theClientReallyChecksTheAddress() async throws {
        // The same check fails against a certificate made without 127.0.0.1.
        let made = try SelfSignedIdentity(dnsNames: ["localhost"], ipAddresses: ["::1"])
        let trusted = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-no-loopback-\(UUID()).pem").path
        try made.certificatePEM.write(toFile: trusted, atomically: true, encoding: .utf8)
        defer { unlink(trusted) }
        try await withServer(ServerConfiguration(tls: .selfSigned(made))) { server in
            let connection = try await RawConnection(port: server.port, trustedCertificate: trusted, serverHostname: nil)
            let answered = try? await {
                try await connection.sendRequest("GET", "/healthz")
                return try await connection.readResponse()?.status
            }()
            #expect(answered == nil)
            await connection.close()
            // By name it passes: only the address was wrong.
            let byName = try await RawConnection(port: server.port, trustedCertificate: trusted, serverHostname: "localhost")
            try await byName.sendRequest("GET", "/healthz")
            #expect(try await byName.readResponse()?.status == 200)
            await byName.close()
        }
    }

    @Test func itNamesTheMachineAndFingerprintsItsDER() throws {
        let made = try SelfSignedIdentity.forThisMachine()
        let certificate = try Certificate(pemEncoded: made.certificatePEM)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))))
        #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [UInt8](repeating: 0, count: 15) + [1]))))
        let machine = SelfSignedIdentity.machineNames()
        for address in machine.ipAddresses {
            #expect(made.ipAddresses.contains(address))
        }
        #expect(names.count == machine.dnsNames.count + machine.ipAddresses.count)
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(certificate.notValidAfter > Date() && certificate.notValidBefore < Date())

        let der = try certificate.serializeAsPEM().derBytes
        let expected = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
        #expect(made.fingerprint == expected)
        #expect(made.fingerprint.count == 32 * 3 - 1)
        // Each start makes a new key and certificate.
        #expect(try SelfSignedIdentity.forThisMachine().fingerprint != made.fingerprint)
    }

    @Test func anAddressThatIsNoneIsRefusedClearly() {
        #expect(throws: ServerStartError.self) {
            try SelfSignedIdentity(dnsNames: ["localhost"], ipAddresses: ["192.168.1.300"])
        }
    }
}
