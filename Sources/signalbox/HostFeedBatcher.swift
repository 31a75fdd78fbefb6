import Foundation
import MailboxCore
import SignalboxUI

/// Turns the store's events since the last batch into one batch for the host view: the
/// changes to its directory of inboxes, the log's lines (bursts counted), the sequence
/// diagram's changes and the fates of messages.
struct HostFeedBatcher {
    let trace: HostTrace
    private var digest = HostLogDigest()

    init(configuration: MailboxConfiguration) {
        trace = HostTrace(configuration: configuration)
    }

    /// The batch for `events`, taken at `now` on the store's clock, which is `date` on the
    /// wall clock.
    mutating func batch(
        _ events: [(instant: MailboxInstant, event: MailboxEvent)], now: MailboxInstant, date: Date
    ) -> HostBatch {
        func dateOf(_ instant: MailboxInstant) -> Date {
            instant >= now ? date.addingTimeInterval(instant.duration(since: now).seconds)
                : date.addingTimeInterval(-now.duration(since: instant).seconds)
        }
        var batch = HostBatch()
        var dated: [(date: Date, event: MailboxEvent)] = []
        dated.reserveCapacity(events.count)
        for (instant, event) in events {
            let eventDate = dateOf(instant)
            dated.append((eventDate, event))
            if let change = Self.inboxChange(for: event) { batch.changes.append(change) }
            if let change = trace.change(for: event, at: instant, date: eventDate) { batch.trace.append(change) }
            switch event {
            case .messageDelivered(let message, let recipient), .messageExpired(let message, let recipient):
                let delivered = if case .messageDelivered = event { true } else { false }
                batch.fates.append(HostMessageFate(
                    sender: message.sender.text, recipient: recipient.text, delivered: delivered, at: eventDate))
            default:
                break
            }
        }
        batch.log = digest.lines(for: dated, now: date)
        return batch
    }

    /// What `event` changes in the set of inboxes and their queues, if anything.
    static func inboxChange(for event: MailboxEvent) -> InboxChange? {
        switch event {
        case .inboxCreated(let owner):
            return .opened(owner: owner.text)
        case .inboxExpired(let owner, _, _):
            return .closed(owner: owner.text)
        case .messagePosted(let message, let recipient):
            return .queued(owner: recipient.text, pending(message))
        case .messageReturned(let message, let recipient):
            return .returned(owner: recipient.text, pending(message))
        case .messageDelivered(let message, let recipient), .messageExpired(let message, let recipient),
             .messageDropped(let message, let recipient):
            return .left(owner: recipient.text, id: message.id)
        case .messageHeld, .messageReleased, .inboxHoldChanged, .stepModeChanged, .postRefused, .authenticationFailed,
             .requestRefused:
            return nil  // nothing joins or leaves a queue (the page shows what is held)
        }
    }

    private static func pending(_ message: Message) -> PendingMessage {
        PendingMessage(
            id: message.id, sender: message.sender.text,
            kind: MessageKind(body: message.body, contentType: message.contentType), size: message.body.count)
    }
}
