import Foundation
import MailboxServer
import QRCode
import Testing
import TestSupport
@testable import signalbox

/// How a phone joins a hosted mailbox: the page's URL as a QR code, and over HTTPS with a
/// certificate made at start, whose fingerprint the host view shows.
@Suite struct JoinFromAPhoneTests {
    @Test func joinInstructionsCarryThePagesQRCodeAndTheFingerprint() async throws {
        let made = try SelfSignedIdentity.forThisMachine()
        let server = try await startServer(ServerConfiguration(tls: .selfSigned(made), threads: 1))
        let join = JoinInstructions.make(for: server)
        await server.shutdown()
        #expect(join.urls == ["https://127.0.0.1:\(server.port)"])
        #expect(join.pageURL == "https://127.0.0.1:\(server.port)/")
        #expect(join.qrCode == QREncoder.matrix(for: join.pageURL))
        #expect(join.qrCode != nil)
        #expect(join.fingerprint == made.fingerprint)
        #expect(join.settings.contains("curl -k -u NAME:PASSWORD 'https://127.0.0.1:\(server.port)/inbox'"))
    }

    @Test func hostingWithASelfSignedCertificateShowsItsFingerprintAndItsOwnPeerTrustsIt() async throws {
        let tmux = try Tmux(width: 110, height: 34)
        defer { tmux.kill() }
        try tmux.run("\(RunningCommand.executable.path) --bind 127.0.0.1:0 --tls-self-signed --user host")
        let screen = try await tmux.waitFor("self-signed, SHA-256")
        #expect(screen.contains(/Web   https:\/\/127\.0\.0\.1:\d+\/  b:/))
        // The UI's own peer reached the server over HTTPS, trusting the certificate made.
        try await tmux.waitFor("host opened an inbox")
        // At 110 x 34 the code fits beside the inboxes.
        #expect(screen.contains("▀") || screen.contains("▄"))
        try tmux.press("b")
        try await tmux.waitFor("any key close")
        try tmux.press("q")
        try await tmux.waitFor("q quit")
        try tmux.press("q")
        try await tmux.waitUntilGone("q quit")
    }
}
