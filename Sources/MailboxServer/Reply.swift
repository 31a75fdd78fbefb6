import MailboxCore
import NIOHTTP1

/// An answer as a connection decides it. The answers a busy server gives most are named, so
/// that they are written from bytes encoded once (``FixedAnswers``) wherever those fit the
/// request; every other answer is whole.
enum Reply: Equatable {
    /// 200: the message was accepted.
    case accepted
    /// 204: no message.
    case noMessage
    /// 200 with a message, which goes back to its queue if this answer cannot be written.
    case message(Delivery)
    /// 503: the recipient's queue is full.
    case recipientFull(Username)
    case answer(HTTPAnswer)

    /// The message this answer carries, if any.
    var delivery: Delivery? {
        if case .message(let delivery) = self { delivery } else { nil }
    }

    /// Whether the connection is closed once this answer is written, whatever the client asked.
    var closesConnection: Bool {
        if case .answer(let answer) = self { answer.closeConnection } else { false }
    }

    /// The whole answer, for a request the fixed bytes do not fit.
    func httpAnswer(timeouts: TimeoutHeaders, now: MailboxInstant) -> HTTPAnswer {
        switch self {
        case .accepted: .accepted(timeouts)
        case .noMessage: .noMessage(timeouts)
        case .message(let delivery): .message(delivery, timeouts: timeouts, now: now)
        case .recipientFull(let recipient): .recipientFull(recipient)
        case .answer(let answer): answer
        }
    }
}
