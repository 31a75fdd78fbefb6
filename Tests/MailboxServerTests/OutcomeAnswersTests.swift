import MailboxCore
import NIOCore
import NIOHTTP1
import Testing
@testable import MailboxServer

/// What each outcome of the store and each refusal of the front tells the client, without a
/// connection.
@Suite struct OutcomeAnswersTests {
    let bob = try! Username(validating: "bob")
    let timeouts = TimeoutHeaders(MailboxConfiguration(inboxTimeout: .seconds(60), messageTimeout: .milliseconds(1500)))

    func status(_ reply: Reply) -> HTTPResponseStatus {
        reply.httpAnswer(timeouts: timeouts, now: MailboxInstant(nanoseconds: 0)).status
    }

    @Test func everyPostOutcomeHasItsStatus() {
        let expected: [(PostOutcome, HTTPResponseStatus)] = [
            (.accepted, .ok), (.unauthorized, .unauthorized), (.emptyBody, .badRequest), (.recipientNotFound, .notFound),
            (.recipientFull, .serviceUnavailable), (.inboxLimitReached, .serviceUnavailable),
            (.byteLimitReached, .serviceUnavailable),
        ]
        for (outcome, code) in expected {
            #expect(status(OutcomeAnswers.reply(to: outcome, recipient: bob)) == code, "\(outcome)")
        }
        #expect(OutcomeAnswers.reply(to: .accepted, recipient: bob) == .accepted)
        #expect(OutcomeAnswers.reply(to: .recipientFull, recipient: bob) == .recipientFull(bob))
    }

    @Test func everyReceiveOutcomeHasItsStatus() {
        let delivery = Delivery(
            message: Message(sender: bob, body: Array("hi".utf8), contentType: "text/plain", postedAt: MailboxInstant(nanoseconds: 0)),
            recipient: try! Username(validating: "alice"), pending: 2)
        #expect(OutcomeAnswers.reply(to: .delivered(delivery)) == .message(delivery))
        #expect(OutcomeAnswers.reply(to: .empty) == .noMessage)
        #expect(status(OutcomeAnswers.reply(to: .unauthorized)) == .unauthorized)
        #expect(status(OutcomeAnswers.reply(to: .inboxLimitReached)) == .serviceUnavailable)
    }

    @Test func aWrongPasswordAsksForBasicCredentials() {
        let answer = OutcomeAnswers.reply(to: .unauthorized).httpAnswer(timeouts: timeouts, now: MailboxInstant(nanoseconds: 0))
        #expect(answer.headers["WWW-Authenticate"] == [#"Basic realm="signalbox""#])
        #expect(answer.body == ByteBuffer(string: "wrong password for this inbox\n"))
    }

    @Test func limitsTellWhenToTryAgain() {
        for reply in [OutcomeAnswers.reply(to: .recipientFull, recipient: bob), OutcomeAnswers.reply(to: .byteLimitReached, recipient: bob)] {
            let answer = reply.httpAnswer(timeouts: timeouts, now: MailboxInstant(nanoseconds: 0))
            #expect(!answer.headers["Retry-After"].isEmpty, "\(reply)")
        }
        #expect(OutcomeAnswers.storeUnavailable.headers["Retry-After"] == ["1"])
    }

    @Test func inboxAnswersCarryTheTimers() {
        for reply in [Reply.accepted, .noMessage] {
            let answer = reply.httpAnswer(timeouts: timeouts, now: MailboxInstant(nanoseconds: 0))
            #expect(answer.headers["X-Inbox-Timeout"] == ["60"])
            #expect(answer.headers["X-Message-Timeout"] == ["1.5"])
        }
    }

    @Test func unreadableRequestsCloseTheConnection() {
        let errors: [(HTTPRequestError, HTTPResponseStatus)] = [
            (.malformed("x"), .badRequest), (.headTooLarge, .requestHeaderFieldsTooLarge),
            (.unsupportedVersion, .httpVersionNotSupported), (.unsupportedTransferEncoding, .notImplemented),
        ]
        for (error, code) in errors {
            let answer = OutcomeAnswers.answer(to: error)
            #expect(answer.status == code)
            #expect(answer.closeConnection)
        }
    }

    @Test func credentialsThatCannotBeUsed() {
        #expect(OutcomeAnswers.answer(to: .missingOrMalformed).status == .unauthorized)
        #expect(OutcomeAnswers.answer(to: .invalidUsername(.empty)).status == .badRequest)
        let oversized = OutcomeAnswers.oversizedBody(received: 70_000, limit: 65_536)
        #expect(oversized.status == .payloadTooLarge)
        #expect(oversized.headers["X-Max-Body-Size"] == ["65536"])
        #expect(oversized.closeConnection)
    }
}
