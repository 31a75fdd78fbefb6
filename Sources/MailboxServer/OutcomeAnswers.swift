import MailboxCore
import NIOHTTP1

/// What a client is told for each outcome of the store and each refusal of the front: every
/// status, header and reason a request can get, in one place and without I/O.
enum OutcomeAnswers {
    /// The answer to a GET the store decided. A poll that waits has no answer yet.
    static func reply(to outcome: ReceiveOutcome) -> Reply {
        switch outcome {
        case .unauthorized: .answer(.unauthorized("wrong password for this inbox"))
        case .inboxLimitReached: .answer(inboxLimitReached)
        case .delivered(let delivery): .message(delivery)
        case .empty: .noMessage
        case .waiting: preconditionFailure("a waiting poll is answered when its wait ends, not when it begins")
        }
    }

    /// The answer to a POST to `recipient` the store decided.
    static func reply(to outcome: PostOutcome, recipient: Username) -> Reply {
        switch outcome {
        case .accepted: .accepted
        case .unauthorized: .answer(.unauthorized("wrong password for the sender's inbox"))
        case .emptyBody: .answer(.text(.badRequest, "the message is empty"))
        case .recipientNotFound: .answer(.text(.notFound, "\(recipient.text) has no inbox"))
        case .recipientFull: .recipientFull(recipient)
        case .inboxLimitReached: .answer(inboxLimitReached)
        case .byteLimitReached: .answer(.serviceUnavailable("the server holds its maximum of queued bytes", retryAfterSeconds: 10))
        }
    }

    static let inboxLimitReached = HTTPAnswer.serviceUnavailable(
        "the server holds its maximum number of inboxes", retryAfterSeconds: 10)

    /// The store did not answer (a database store's future failed).
    static let storeUnavailable = HTTPAnswer.serviceUnavailable("the store is unavailable, try again", retryAfterSeconds: 1)

    /// A request that could not be read (400, 431, 501 or 505); the connection closes after it.
    static func answer(to error: HTTPRequestError) -> HTTPAnswer {
        switch error {
        case .malformed(let reason): .text(.badRequest, "malformed HTTP request: \(reason)", closeConnection: true)
        case .headTooLarge: .text(.requestHeaderFieldsTooLarge, "request headers too large", closeConnection: true)
        case .unsupportedVersion:
            .text(.httpVersionNotSupported, "only HTTP/1.0 and HTTP/1.1 are spoken here", closeConnection: true)
        case .unsupportedTransferEncoding:
            .text(.notImplemented, "the only transfer coding understood is chunked", closeConnection: true)
        }
    }

    /// Credentials that could not be used.
    static func answer(to failure: BasicCredentials.Failure) -> HTTPAnswer {
        switch failure {
        case .missingOrMalformed: missingCredentials
        case .invalidUsername(let error): .text(.badRequest, "bad username: \(error)")
        }
    }

    static let missingCredentials = HTTPAnswer.unauthorized("HTTP Basic credentials are required")

    /// 413, then the connection closes: `received` bytes of body are known so far.
    static func oversizedBody(received: Int, limit: Int) -> HTTPAnswer {
        var answer = HTTPAnswer.text(
            .payloadTooLarge, "message is \(received)+ bytes, the limit is \(limit) bytes", closeConnection: true)
        answer.headers.add(name: "X-Max-Body-Size", value: String(limit))
        return answer
    }

    static func methodNotAllowed(_ method: HTTPMethod, allow: String) -> HTTPAnswer {
        var answer = HTTPAnswer.text(.methodNotAllowed, "\(method) is not allowed here; use \(allow)")
        answer.headers.add(name: "Allow", value: allow)
        return answer
    }

    static func notFound(_ path: Substring) -> HTTPAnswer {
        .text(.notFound, "no such path: \(path)")
    }

    static let malformedQuery = HTTPAnswer.text(.badRequest, "malformed query string")
    static let missingRecipient = HTTPAnswer.text(.badRequest, "missing recipient: add ?to=PEER")
    static let badWait = HTTPAnswer.text(.badRequest, "wait must be a number of seconds, 0 or more")

    static func badRecipient(_ error: any Error) -> HTTPAnswer {
        .text(.badRequest, "bad recipient: \(error)")
    }

    static let preflight = HTTPAnswer(status: .noContent)
    static let health = HTTPAnswer.text(.ok, "ok")
}
