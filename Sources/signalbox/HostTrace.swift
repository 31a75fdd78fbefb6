import Foundation
import MailboxCore
import SignalboxUI

/// Turns the store's events into changes to the host view's message trace, with the store's
/// monotonic instants as dates (read when the event is handled, a moment after it happened).
struct HostTrace {
    let configuration: MailboxConfiguration
    let clock: any MailboxClock

    func change(for event: MailboxEvent) -> TraceChange? {
        let now = clock.now
        let date = Date()
        func dateOf(_ instant: MailboxInstant) -> Date {
            date.addingTimeInterval(instant.seconds(since: now))
        }
        func waiting(_ message: Message) -> MessageFate {
            .waiting(expiresAt: configuration.messagesExpire ? dateOf(message.timerStartedAt + configuration.messageTimeout) : nil)
        }
        switch event {
        case .messagePosted(let message, let recipient):
            return .posted(TracedMessage(
                id: message.id, sender: message.sender.text, recipient: recipient.text,
                kind: MessageKind(body: message.body, contentType: message.contentType), size: message.body.count,
                postedAt: dateOf(message.postedAt), fate: message.isHeld ? .held : waiting(message)))
        case .messageHeld(let message, _):
            return .fate(id: message.id, .held)
        case .messageReleased(let message, _), .messageReturned(let message, _):
            return .fate(id: message.id, waiting(message))
        case .messageDelivered(let message, _):
            return .fate(id: message.id, .delivered(after: now.duration(since: message.postedAt)))
        case .messageExpired(let message, _):
            return .fate(id: message.id, .expired)
        case .messageDropped(let message, _):
            return .fate(id: message.id, .dropped)
        case .postRefused(let sender, let recipient, let reason):
            return .posted(TracedMessage(
                id: 0, sender: sender.text, recipient: recipient.text, kind: nil, size: 0, postedAt: date,
                fate: .refused(Self.status(of: reason))))
        case .inboxCreated, .inboxExpired, .inboxHoldChanged, .stepModeChanged, .authenticationFailed:
            return nil
        case .requestRefused:
            return nil  // refused before routing: no recipient to draw it towards (the log has it)
        }
    }

    /// The HTTP status a refused sender saw, and why, in a few words.
    static func status(of reason: PostOutcome) -> String {
        switch reason {
        case .recipientNotFound: "404 no inbox"
        case .emptyBody: "400 empty"
        case .recipientFull: "503 inbox full"
        case .inboxLimitReached: "503 too many inboxes"
        case .byteLimitReached: "503 server full"
        case .accepted, .unauthorized: "\(reason)"
        }
    }
}
