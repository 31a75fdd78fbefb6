import Foundation
import MailboxCore
import MailboxServer
import SignalboxUI

/// Turns the store's snapshot (monotonic instants) into the host view's values (dates).
enum HostSnapshot {
    static func inboxes(from snapshot: MailboxSnapshot, at date: Date) -> [HostInbox] {
        func dateOf(_ instant: MailboxInstant) -> Date {
            date.addingTimeInterval(instant.seconds(since: snapshot.takenAt))
        }
        return snapshot.inboxes.map { inbox in
            HostInbox(
                owner: inbox.owner.text,
                messages: inbox.messages.map { message in
                    HostMessage(
                        sender: message.sender.text, size: message.body.count,
                        kind: MessageKind(body: message.body, contentType: message.contentType),
                        expiresAt: snapshot.expiry(of: message).map(dateOf), isHeld: message.isHeld)
                },
                capacity: snapshot.configuration.inboxCapacity,
                expiresAt: inbox.expiresAt.map(dateOf),
                inboxTimeout: snapshot.configuration.inboxTimeout,
                hasWaitingPoll: inbox.hasWaitingPoll, isHeld: inbox.isHeld)
        }
    }

    static func totals(from snapshot: MailboxSnapshot, requestsPerSecond: Double) -> HostTotals {
        let statistics = snapshot.statistics
        var totals = HostTotals()
        totals.inboxes = statistics.inboxes
        totals.messages = statistics.queuedMessages
        totals.bytes = statistics.queuedBytes
        totals.deliveries = statistics.messagesDelivered
        totals.expiries = statistics.messagesExpired
        totals.authenticationFailures = statistics.authenticationFailures
        totals.requestsPerSecond = requestsPerSecond
        totals.dropped = statistics.messagesDropped
        totals.stepMode = snapshot.stepMode
        totals.heldMessages = statistics.heldMessages
        return totals
    }
}
