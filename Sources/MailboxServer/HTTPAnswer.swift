import MailboxCore
import NIOCore
import NIOHTTP1

/// A complete response, before the connection-level headers are added.
struct HTTPAnswer {
    var status: HTTPResponseStatus
    var headers = HTTPHeaders()
    var body: ByteBuffer?
    /// Close the connection once this answer is written.
    var closeConnection = false

    /// A plain-text answer whose body tells the client what went wrong, in words.
    static func text(_ status: HTTPResponseStatus, _ reason: String, closeConnection: Bool = false) -> HTTPAnswer {
        var answer = HTTPAnswer(status: status, body: ByteBuffer(string: reason + "\n"), closeConnection: closeConnection)
        answer.headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        return answer
    }

    static func unauthorized(_ reason: String) -> HTTPAnswer {
        var answer = text(.unauthorized, reason)
        answer.headers.add(name: "WWW-Authenticate", value: #"Basic realm="signalbox""#)
        return answer
    }

    static func serviceUnavailable(_ reason: String, retryAfterSeconds: Int) -> HTTPAnswer {
        var answer = text(.serviceUnavailable, reason)
        answer.headers.add(name: "Retry-After", value: String(retryAfterSeconds))
        return answer
    }

    /// "No message": 204 with the inbox's extra headers.
    static func noMessage(_ timeouts: TimeoutHeaders) -> HTTPAnswer {
        var answer = HTTPAnswer(status: .noContent)
        answer.headers.add(name: "X-Pending", value: "0")
        answer.addTimeouts(timeouts)
        return answer
    }

    /// A delivered message: its bytes, sender and type, and the inbox's extra headers.
    static func message(_ delivery: Delivery, timeouts: TimeoutHeaders, now: MailboxInstant) -> HTTPAnswer {
        let message = delivery.message
        var answer = HTTPAnswer(status: .ok)
        answer.headers.add(name: "Content-Type", value: message.contentType ?? "application/octet-stream")
        answer.headers.add(name: "X-From", value: message.sender.text)
        answer.headers.add(name: "X-Pending", value: String(delivery.pending))
        answer.addTimeouts(timeouts)
        answer.headers.add(name: "X-Message-Age", value: secondsHeaderValue(now.duration(since: message.postedAt)))
        answer.body = ByteBuffer(bytes: message.body)
        return answer
    }

    /// The server's timers, so that clients can show countdowns without guessing.
    mutating func addTimeouts(_ timeouts: TimeoutHeaders) {
        headers.add(name: "X-Inbox-Timeout", value: timeouts.inbox)
        headers.add(name: "X-Message-Timeout", value: timeouts.message)
    }

    /// Seconds as a decimal without trailing zeros: "60", "1.5", "0.013".
    static func secondsHeaderValue(_ duration: Duration) -> String {
        let milliseconds = duration.wholeNanoseconds / 1_000_000
        let whole = milliseconds / 1000
        let fraction = milliseconds % 1000
        guard fraction > 0 else { return String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.last == "0" { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}

/// The values of the timer headers, worked out once per server rather than once per answer.
struct TimeoutHeaders: Sendable {
    let inbox: String
    let message: String

    init(_ configuration: MailboxConfiguration) {
        inbox = HTTPAnswer.secondsHeaderValue(configuration.inboxTimeout)
        message = HTTPAnswer.secondsHeaderValue(configuration.messageTimeout)
    }
}

/// Request checks return `Result<Value, HTTPAnswer>`: the failure is the answer to send.
extension HTTPAnswer: Error {}
