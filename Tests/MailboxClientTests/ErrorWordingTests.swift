import MailboxClient
import Testing

@Suite struct ErrorWordingTests {
    @Test func aFullInboxIsSaidOnce() {
        let full = MailboxClientError.inboxFull(peer: "alice", retryAfter: 1, reason: "alice's inbox is full")
        #expect(full.description == "alice's inbox is full; try again in 1 s")
    }

    @Test func aReasonThatSaysMoreIsKept() {
        let full = MailboxClientError.inboxFull(peer: "alice", retryAfter: nil, reason: "the server holds all the bytes it may")
        #expect(full.description == "alice's inbox is full (the server holds all the bytes it may)")
    }
}
