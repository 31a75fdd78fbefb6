import MailboxCore
import MailboxServer
import NIOCore
import QRCode
import SignalboxUI

/// How peers reach a hosted mailbox: its URLs, a hint when it is closed to the LAN, its
/// settings, the QR code of its page for phones, and a made certificate's fingerprint.
enum JoinInstructions {
    static func make(for server: MailboxHTTPServer) -> JoinInfo {
        let configuration = server.configuration
        let port = server.port
        var urls: [String]
        var hint: [String] = []
        switch configuration.host {
        case "0.0.0.0", "::":
            urls = lanAddresses().map(server.url(host:))
            if urls.isEmpty {
                urls = [server.url(host: "127.0.0.1")]
                hint = ["no network interface found besides loopback"]
            }
        case "127.0.0.1", "localhost", "::1":
            urls = [server.url]
            hint = ["only this machine can join", "to open it to your LAN: signalbox --bind 0.0.0.0:\(port)"]
        default:
            urls = [server.url]
        }
        let fingerprint = configuration.tls?.selfSignedFingerprint
        let settings = ServerSettings.forPeers(of: configuration)
            + ["curl\(fingerprint == nil ? "" : " -k") -u NAME:PASSWORD '\(urls[0])/inbox'"]
        var join = JoinInfo(urls: urls, hint: hint, settings: settings, fingerprint: fingerprint)
        join.qrCode = QREncoder.matrix(for: join.pageURL)
        return join
    }

    /// The machine's non-loopback IPv4 addresses.
    static func lanAddresses() -> [String] {
        let devices = (try? System.enumerateDevices()) ?? []
        var seen: [String] = []
        for device in devices {
            guard let address = device.address, case .v4 = address, let ip = address.ipAddress,
                  !ip.hasPrefix("127."), !seen.contains(ip) else { continue }
            seen.append(ip)
        }
        return seen
    }
}
