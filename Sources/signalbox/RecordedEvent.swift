import Foundation
import MailboxCore

/// One line of a `--record` file: a store event as JSON, with its time in seconds since the
/// server started. A posted message carries its body as base64; nothing carries a password
/// or an `Authorization` header, since store events hold neither.
struct RecordedEvent: Codable, Equatable {
    var time: Double
    /// What happened: one of ``Kind``'s raw values.
    var kind: String
    /// The inbox concerned: the recipient of a message, or the inbox opened, expired or held.
    var inbox: String?
    var sender: String?
    var contentType: String?
    var body: String?
    /// The store's number for the message, which its later events repeat.
    var id: UInt64?
    /// Why a post was refused, whether a hold or step mode went on, where a wrong password came from.
    var outcome: String?

    enum Kind: String {
        case inboxCreated, inboxExpired, posted, delivered, returned, expired, held, released, dropped
        case inboxHold, stepMode, refused, wrongPassword
    }

    init(time: Double, kind: Kind, inbox: String? = nil, sender: String? = nil, contentType: String? = nil,
         body: String? = nil, id: UInt64? = nil, outcome: String? = nil) {
        self.time = time
        self.kind = kind.rawValue
        self.inbox = inbox
        self.sender = sender
        self.contentType = contentType
        self.body = body
        self.id = id
        self.outcome = outcome
    }

    /// `event`, which happened `time` seconds after the server started.
    init(_ event: MailboxEvent, time: Double) {
        func message(_ kind: Kind, _ message: Message, _ recipient: Username) -> RecordedEvent {
            RecordedEvent(time: time, kind: kind, inbox: recipient.text, sender: message.sender.text, id: message.id)
        }
        switch event {
        case .inboxCreated(let owner):
            self = RecordedEvent(time: time, kind: .inboxCreated, inbox: owner.text)
        case .inboxExpired(let owner, _, let dropped):
            self = RecordedEvent(time: time, kind: .inboxExpired, inbox: owner.text, outcome: "\(dropped) unread")
        case .messagePosted(let posted, let recipient):
            self = RecordedEvent(
                time: time, kind: .posted, inbox: recipient.text, sender: posted.sender.text,
                contentType: posted.contentType, body: Data(posted.body).base64EncodedString(), id: posted.id,
                outcome: posted.isHeld ? "held" : nil)
        case .messageDelivered(let delivered, let recipient): self = message(.delivered, delivered, recipient)
        case .messageReturned(let returned, let recipient): self = message(.returned, returned, recipient)
        case .messageExpired(let expired, let recipient): self = message(.expired, expired, recipient)
        case .messageHeld(let held, let recipient): self = message(.held, held, recipient)
        case .messageReleased(let released, let recipient): self = message(.released, released, recipient)
        case .messageDropped(let dropped, let recipient): self = message(.dropped, dropped, recipient)
        case .inboxHoldChanged(let owner, let held):
            self = RecordedEvent(time: time, kind: .inboxHold, inbox: owner.text, outcome: held ? "on" : "off")
        case .stepModeChanged(let on):
            self = RecordedEvent(time: time, kind: .stepMode, outcome: on ? "on" : "off")
        case .postRefused(let sender, let recipient, let reason):
            self = RecordedEvent(time: time, kind: .refused, inbox: recipient.text, sender: sender.text, outcome: "\(reason)")
        case .authenticationFailed(let owner, let origin):
            self = RecordedEvent(time: time, kind: .wrongPassword, inbox: owner.text, outcome: origin)
        case .requestRefused(let refused):
            // Refused by the HTTP layer before the store saw it (a 413, a malformed request):
            // no inbox is known, only who asked.
            self = RecordedEvent(
                time: time, kind: .refused, sender: refused.caller?.text,
                outcome: "\(refused.status) \(refused.request ?? "request"): \(refused.reason)")
        }
    }

    /// The line as written: JSON with sorted keys, no newline.
    func line() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        return try! encoder.encode(self)
    }
}
