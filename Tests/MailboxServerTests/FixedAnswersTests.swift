import MailboxCore
import NIOCore
import Testing
@testable import MailboxServer

/// The answers written from bytes encoded once must be exactly what the general path writes.
@Suite struct FixedAnswersTests {
    let timeouts = TimeoutHeaders(MailboxConfiguration(inboxTimeout: .seconds(90), messageTimeout: .milliseconds(1500)))

    func encoded(_ answer: HTTPAnswer) -> ByteBuffer {
        answer.encoded(
            version: .http1_1, keepAlive: true, isInbox: true, cors: false, origin: nil, withBody: true,
            allocator: ByteBufferAllocator())
    }

    @Test func noMessageAndAcceptedAreTheGeneralAnswers() {
        let fixed = FixedAnswers(timeouts)
        #expect(fixed.noMessage == encoded(.noMessage(timeouts)))
        #expect(fixed.accepted == encoded(.accepted(timeouts)))
        #expect(String(buffer: fixed.noMessage).contains("X-Message-Timeout: 1.5\r\n"))
    }

    @Test(arguments: ["bob", "名前と絵文字🦊", String(repeating: "z", count: 256)])
    func recipientFullIsTheGeneralAnswerForAnyName(_ name: String) throws {
        let recipient = try Username(validating: name)
        let full = FixedAnswers(timeouts).recipientFull(recipient, allocator: ByteBufferAllocator())
        let general = encoded(.recipientFull(recipient))
        #expect(String(buffer: full.bytes) == String(buffer: general))
        #expect(full.bodyLength == HTTPAnswer.recipientFull(recipient).body?.readableBytes)
    }
}
