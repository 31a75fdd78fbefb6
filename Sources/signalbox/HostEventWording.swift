import MailboxCore
import SignalboxUI

/// The store's events in the plain words of the host view's log.
enum HostEventWording {
    static func describe(_ event: MailboxEvent) -> String {
        switch event {
        case .inboxCreated(let owner):
            return "\(owner.text) opened an inbox"
        case .inboxExpired(let owner, let idle, let dropped):
            let seconds = Int(idle.seconds.rounded())
            return "\(owner.text)'s inbox expired after \(seconds) s idle"
                + (dropped > 0 ? ", dropping \(Plural.of(dropped, "unread message"))" : "")
        case .messagePosted(let message, let recipient):
            return "\(message.sender.text) sent \(withArticle(message)) to \(recipient.text)"
        case .messageDelivered(let message, let recipient):
            return "\(recipient.text) received \(message.sender.text)'s \(noun(message))"
        case .messageReturned(let message, let recipient):
            return "\(recipient.text) left before \(message.sender.text)'s \(noun(message)) reached them: it waits again"
        case .messageExpired(let message, let recipient):
            return "\(message.sender.text)'s \(noun(message)) to \(recipient.text) expired unread"
        case .messageHeld(let message, let recipient):
            return "\(message.sender.text)'s \(noun(message)) to \(recipient.text) is held until you release it"
        case .messageReleased(let message, let recipient):
            return "released \(message.sender.text)'s \(noun(message)) to \(recipient.text)"
        case .messageDropped(let message, let recipient):
            return "\(message.sender.text)'s \(noun(message)) to \(recipient.text) was dropped on purpose"
        case .inboxHoldChanged(let owner, let held):
            return held ? "deliveries to \(owner.text) are held" : "deliveries to \(owner.text) resume"
        case .stepModeChanged(let on):
            return on ? "step mode on: every new message is held until you release it"
                : "step mode off: every held message is released"
        case .postRefused(let sender, let recipient, let reason):
            return "\(sender.text) could not send to \(recipient.text): " + refusal(reason, recipient: recipient.text)
                + " (\(status(of: reason)))"
        case .authenticationFailed(let owner, let origin):
            return "wrong password for \(owner.text)" + (origin.map { " from \($0)" } ?? "") + " (401)"
        case .requestRefused(let refusal):
            return "refused \(refusal.request ?? "a malformed request")"
                + (refusal.caller.map { " as \($0.text)" } ?? "")
                + (refusal.origin.map { " from \($0)" } ?? "")
                + " (\(refusal.status)): \(refusal.reason)"
        }
    }

    /// What counts as one kind of event in a burst, in the singular and the plural: "inbox
    /// opened", "inboxes opened".
    static func kind(of event: MailboxEvent) -> (one: String, many: String) {
        switch event {
        case .inboxCreated: ("inbox opened", "inboxes opened")
        case .inboxExpired: ("inbox expired", "inboxes expired")
        case .messagePosted: ("message sent", "messages sent")
        case .messageDelivered: ("message received", "messages received")
        case .messageReturned: ("message returned to its inbox", "messages returned to their inboxes")
        case .messageExpired: ("message expired unread", "messages expired unread")
        case .messageHeld: ("message held", "messages held")
        case .messageReleased: ("message released", "messages released")
        case .messageDropped: ("message dropped on purpose", "messages dropped on purpose")
        case .inboxHoldChanged: ("hold changed", "holds changed")
        case .stepModeChanged: ("step mode change", "step mode changes")
        case .postRefused: ("post refused", "posts refused")
        case .authenticationFailed: ("wrong password", "wrong passwords")
        case .requestRefused: ("request refused", "requests refused")
        }
    }

    private static func noun(_ message: Message) -> String {
        switch MessageKind(body: message.body, contentType: message.contentType) {
        case .offer: "offer"
        case .answer: "answer"
        case .sdp: "session description"
        case .candidate: "ICE candidate"
        case .bye: "bye"
        case .text: "message"
        case .binary: "binary message (\(ByteCountText.of(message.body.count)))"
        }
    }

    private static func withArticle(_ message: Message) -> String {
        let noun = noun(message)
        return (["a", "e", "i", "o", "u", "I"].contains(noun.first.map(String.init) ?? "") ? "an " : "a ") + noun
    }

    /// The HTTP status the sender got for a refused post.
    private static func status(of reason: PostOutcome) -> Int {
        switch reason {
        case .recipientNotFound: 404
        case .emptyBody: 400
        case .unauthorized: 401
        case .recipientFull, .inboxLimitReached, .byteLimitReached: 503
        case .accepted: 200
        }
    }

    private static func refusal(_ reason: PostOutcome, recipient: String) -> String {
        switch reason {
        case .recipientNotFound: "\(recipient) has no inbox"
        case .recipientFull: "\(recipient)'s inbox is full"
        case .emptyBody: "the message was empty"
        case .inboxLimitReached: "the server holds its maximum number of inboxes"
        case .byteLimitReached: "the server holds its maximum of queued bytes"
        case .accepted, .unauthorized: "\(reason)"
        }
    }
}
