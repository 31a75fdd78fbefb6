/// Something that happened in the store, told to its observer as it happens.
public enum MailboxEvent: Equatable, Sendable {
    case inboxCreated(owner: Username)
    /// The owner did not ask for messages for `idle`; `droppedMessages` went with the inbox.
    case inboxExpired(owner: Username, idle: Duration, droppedMessages: Int)
    case messagePosted(Message, recipient: Username)
    /// The message left the queue in an answer to its recipient.
    case messageDelivered(Message, recipient: Username)
    /// An answer carrying the message could not be written: it is back at the head of the queue.
    case messageReturned(Message, recipient: Username)
    /// The message timed out, or its inbox expired or vanished, before it could be delivered.
    case messageExpired(Message, recipient: Username)
    /// The host holds the message (step mode): it waits in its place, unseen, until released.
    case messageHeld(Message, recipient: Username)
    /// The host released a held message: it can be delivered, and its timeout runs from now.
    case messageReleased(Message, recipient: Username)
    /// The message was accepted and then discarded on purpose (`--drop-percent`).
    case messageDropped(Message, recipient: Username)
    /// The host froze (`held: true`) or thawed deliveries to `owner`'s inbox.
    case inboxHoldChanged(owner: Username, held: Bool)
    /// The host switched step mode on (every new message held) or off (all released).
    case stepModeChanged(on: Bool)
    case postRefused(sender: Username, recipient: Username, reason: PostOutcome)
    /// Someone asked for or posted from `owner`'s inbox with the wrong password; `origin` is
    /// where the request came from, when the caller said.
    case authenticationFailed(owner: Username, origin: String?)
    /// The HTTP front refused a request that never reached the store's rules (a 413 decided
    /// from Content-Length, a 405, missing credentials...): the server tells it here so that
    /// every refusal is seen, not only those the store decides.
    case requestRefused(RefusedRequest)
}
