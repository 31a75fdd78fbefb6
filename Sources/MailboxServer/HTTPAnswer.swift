import MailboxCore
import NIOCore
import NIOHTTP1

/// A complete response, before the connection-level headers are added.
struct HTTPAnswer: Equatable {
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

    /// 503: the recipient's queue holds as many messages as it may.
    static func recipientFull(_ recipient: Username) -> HTTPAnswer {
        serviceUnavailable("\(recipient.text)'s inbox is full", retryAfterSeconds: 1)
    }

    /// "No message": 204 with the inbox's extra headers.
    static func noMessage(_ timeouts: TimeoutHeaders) -> HTTPAnswer {
        var answer = HTTPAnswer(status: .noContent)
        answer.headers.add(name: "X-Pending", value: "0")
        answer.addTimeouts(timeouts)
        return answer
    }

    /// "Accepted": a message was queued or handed to a waiting poll.
    static func accepted(_ timeouts: TimeoutHeaders) -> HTTPAnswer {
        var answer = HTTPAnswer(status: .ok)
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
        answer.headers.add(name: "X-Message-Age", value: now.duration(since: message.postedAt).decimalSeconds)
        answer.body = ByteBuffer(bytes: message.body)
        return answer
    }

    /// The server's timers, so that clients can show countdowns without guessing.
    mutating func addTimeouts(_ timeouts: TimeoutHeaders) {
        headers.add(name: "X-Inbox-Timeout", value: timeouts.inbox)
        headers.add(name: "X-Message-Timeout", value: timeouts.message)
    }
}

extension HTTPAnswer {
    /// The answer's bytes, with the headers that depend on the connection and the request.
    /// - Parameter cors: whether to add CORS headers, echoing `origin`.
    func encoded(
        version: HTTPVersion, keepAlive: Bool, isInbox: Bool, cors: Bool, origin: String?, withBody: Bool,
        allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        let bodyBytes = body?.readableBytes ?? 0
        var bytes = allocator.buffer(capacity: (cors ? 640 : 256) + (withBody ? bodyBytes : 0))
        bytes.writeStatusLine(version: version, status: status)
        bytes.writeHeaders(headers)
        if !keepAlive {
            bytes.writeHeader("Connection", "close")
        } else if version == .http1_0 {
            bytes.writeHeader("Connection", "keep-alive")
        }
        if status != .noContent {
            bytes.writeHeader("Content-Length", String(bodyBytes))
        }
        if isInbox {
            bytes.writeHeader("Cache-Control", "no-store")
        }
        if cors {
            // Echoing the origin (rather than "*") lets browsers send credentials.
            bytes.writeHeader("Access-Control-Allow-Origin", origin ?? "*")
            bytes.writeHeader("Vary", "Origin")
            bytes.writeHeader("Access-Control-Allow-Credentials", "true")
            bytes.writeHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            bytes.writeHeader("Access-Control-Allow-Headers", "Authorization, Content-Type")
            bytes.writeHeader(
                "Access-Control-Expose-Headers",
                "X-From, X-Pending, X-Inbox-Timeout, X-Message-Timeout, X-Message-Age, Retry-After")
            bytes.writeHeader("Access-Control-Max-Age", "600")
        }
        bytes.writeStaticString("\r\n")
        if withBody, let body {
            bytes.writeImmutableBuffer(body)
        }
        return bytes
    }
}

/// The answers a busy server gives most, encoded once: "no message" and "accepted" to an
/// HTTP/1.1 keep-alive request on /inbox, without CORS, and "inbox full" but for its length
/// and body. Writing them costs at most one allocation.
struct FixedAnswers: Sendable {
    let noMessage: ByteBuffer
    let accepted: ByteBuffer
    /// "Inbox full" up to its length, and from the end of its length to its body.
    private let recipientFullStart: ByteBuffer
    private let recipientFullEnd: ByteBuffer

    init(_ timeouts: TimeoutHeaders) {
        noMessage = Self.encode(.noMessage(timeouts))
        accepted = Self.encode(.accepted(timeouts))
        // Cut out of a whole encoded answer, so that its bytes cannot drift from the general path.
        let full = Self.encode(.recipientFull(try! Username(validating: "x")))
        let view = full.readableBytesView
        let lengthName = Array("Content-Length: ".utf8)
        let lengthStart = view.firstRange(of: lengthName)!.upperBound - view.startIndex
        let lengthEnd = view[(view.startIndex + lengthStart)...].firstIndex(of: UInt8(ascii: "\r"))! - view.startIndex
        let headEnd = view.firstRange(of: Array("\r\n\r\n".utf8))!.upperBound - view.startIndex
        recipientFullStart = full.getSlice(at: full.readerIndex, length: lengthStart)!
        recipientFullEnd = full.getSlice(at: full.readerIndex + lengthEnd, length: headEnd - lengthEnd)!
    }

    private static func encode(_ answer: HTTPAnswer) -> ByteBuffer {
        answer.encoded(
            version: .http1_1, keepAlive: true, isInbox: true, cors: false, origin: nil, withBody: true,
            allocator: ByteBufferAllocator())
    }

    /// The bytes of ``HTTPAnswer/recipientFull(_:)`` for a request these answers fit, and the
    /// length of its body.
    func recipientFull(_ recipient: Username, allocator: ByteBufferAllocator) -> (bytes: ByteBuffer, bodyLength: Int) {
        let suffix: StaticString = "'s inbox is full\n"
        let bodyLength = recipient.text.utf8.count + suffix.utf8CodeUnitCount
        var bytes = allocator.buffer(capacity: recipientFullStart.readableBytes + recipientFullEnd.readableBytes + 8 + bodyLength)
        bytes.writeImmutableBuffer(recipientFullStart)
        bytes.writeString(String(bodyLength))
        bytes.writeImmutableBuffer(recipientFullEnd)
        bytes.writeString(recipient.text)
        bytes.writeStaticString(suffix)
        return (bytes, bodyLength)
    }

    /// Whether the fixed bytes answer `head` exactly as a freshly encoded answer would.
    static func fit(_ head: RequestHead) -> Bool {
        head.version == .http1_1 && head.keepAlive && head.method != .HEAD
    }
}

/// The values of the timer headers, worked out once per server rather than once per answer.
struct TimeoutHeaders: Sendable {
    let inbox: String
    let message: String

    init(_ configuration: MailboxConfiguration) {
        inbox = configuration.inboxTimeout.decimalSeconds
        message = configuration.messageTimeout.decimalSeconds
    }
}

/// Request checks return `Result<Value, HTTPAnswer>`: the failure is the answer to send.
extension HTTPAnswer: Error {}
