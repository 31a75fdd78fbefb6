import Foundation
import NIOCore
import NIOHTTP1

/// How the client reads a server's answer: pure functions of its status, headers and body, so
/// that every way a server may say something (Signalbox's, the reference's) is tested without
/// sockets.
enum ServerAnswer {
    /// What an answer to `GET /inbox` says: a message, or nothing.
    static func reply(
        status: UInt, headers: HTTPHeaders, body: ByteBuffer, answeredAt: Date, fallbackTimeouts: ServerTimeouts, username: String
    ) throws(MailboxClientError) -> InboxReply {
        let timeouts = advertisedTimeouts(in: headers) ?? fallbackTimeouts
        let pending = headers.first(name: "X-Pending").flatMap(Int.init)
        switch status {
        case 200:
            let sender = headers.first(name: "X-From") ?? ""
            // The reference answers "no message" with 200, an empty body and an empty X-From.
            guard !(sender.isEmpty && body.readableBytes == 0) else {
                return InboxReply(message: nil, answeredAt: answeredAt, pending: pending, timeouts: timeouts)
            }
            let message = ReceivedMessage(
                sender: sender,
                body: Array(body.readableBytesView),
                contentType: headers.first(name: "Content-Type"),
                receivedAt: answeredAt,
                age: headers.first(name: "X-Message-Age").flatMap(Double.init).map { .seconds($0) })
            return InboxReply(message: message, answeredAt: answeredAt, pending: pending, timeouts: timeouts)
        case 204:
            return InboxReply(message: nil, answeredAt: answeredAt, pending: pending ?? 0, timeouts: timeouts)
        default:
            throw refusal(status: Int(status), headers: headers, body: body, username: username, peer: nil, size: 0)
        }
    }

    /// Checks an answer to `POST /inbox?to=peer` with a body of `size` bytes: returns when the
    /// message was taken, throws why not.
    static func checkSent(
        status: UInt, headers: HTTPHeaders, body: ByteBuffer, username: String, peer: String, size: Int
    ) throws(MailboxClientError) {
        switch status {
        case 200, 201, 202:
            return
        case 204:
            // The reference's word for "the message was empty, nothing was queued".
            throw .badRequest(reason: "the message is empty")
        default:
            throw refusal(status: Int(status), headers: headers, body: body, username: username, peer: peer, size: size)
        }
    }

    /// The server's timers from `X-Inbox-Timeout` and `X-Message-Timeout`, when it sends both.
    static func advertisedTimeouts(in headers: HTTPHeaders) -> ServerTimeouts? {
        guard let inbox = headers.first(name: "X-Inbox-Timeout").flatMap(Double.init),
              let message = headers.first(name: "X-Message-Timeout").flatMap(Double.init)
        else { return nil }
        return ServerTimeouts(inbox: .seconds(inbox), message: .seconds(message), advertised: true)
    }

    /// A refusal in words: `peer` is set for a send, whose 404 and 503 are about the peer.
    static func refusal(
        status: Int, headers: HTTPHeaders, body: ByteBuffer, username: String, peer: String?, size: Int
    ) -> MailboxClientError {
        let reason = String(decoding: body.readableBytesView, as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch (status, peer) {
        case (401, _):
            return .unauthorized(username: username)
        case (404, let peer?):
            return .peerNotFound(peer: peer)
        case (413, _):
            return .messageTooLarge(size: size, limit: headers.first(name: "X-Max-Body-Size").flatMap(Int.init))
        case (503, let peer?):
            return .inboxFull(
                peer: peer, retryAfter: headers.first(name: "Retry-After").flatMap(Int.init),
                reason: reason.isEmpty ? "the server refused it" : reason)
        case (400, _):
            return .badRequest(reason: reason.isEmpty ? "no reason given" : reason)
        default:
            return .refused(status: status, reason: reason)
        }
    }
}
