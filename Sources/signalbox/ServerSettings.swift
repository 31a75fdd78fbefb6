import MailboxCore
import MailboxServer
import SignalboxUI

/// A server's settings in words: one list for the start line of `signalbox serve` and for the
/// host view's join panel, so that the two cannot tell a different story.
enum ServerSettings {
    /// What a peer needs to know: "inbox 60 s", "message 60 s", "capacity 100", "body 65.5 KB",
    /// "long poll 25 s".
    static func forPeers(of configuration: ServerConfiguration) -> [String] {
        let mailbox = configuration.mailbox
        return [
            "inbox \(seconds(mailbox.inboxTimeout))",
            "message \(mailbox.messagesExpire ? seconds(mailbox.messageTimeout) : "never")",
            "capacity \(mailbox.inboxCapacity)",
            "body \(ByteCountText.of(configuration.maxBodySize))",
            "long poll \(configuration.longPolling ? seconds(configuration.longPollTimeout) : "off")",
        ]
    }

    /// Every setting, for the start line: the test faults first, then what peers need to
    /// know, the store's limits and what is served at `/`.
    static func all(of configuration: ServerConfiguration) -> [String] {
        let mailbox = configuration.mailbox
        let faults: [String] = TestFaults.describe(mailbox).map { ["TEST FAULTS ON: \($0)"] } ?? []
        return faults + forPeers(of: configuration) + [
            "max inboxes \(mailbox.maxInboxes)",
            "max bytes \(ByteCountText.of(mailbox.maxBytes))",
            "CORS \(configuration.cors ? "on" : "off")",
            configuration.publicDirectory.map { "public \($0)" } ?? (configuration.peerPages ? "peer page at /" : "no pages"),
        ]
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.decimalSeconds) s"
    }
}
